// SPDX-License-Identifier: GPL-3.0-or-later
#include "helpmenu.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QMessageBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Gui {

HelpMenu::HelpMenu(QWidget *parent)
    : QMenu(tr("&Help"), parent)
{
    addAction(tr("The WB1 &protocol"), this, &HelpMenu::showProtocol);
    addAction(tr("&About Wirebench"), this, &HelpMenu::showAbout);
}

void HelpMenu::showProtocol()
{
    QFile page(QStringLiteral(":/wirebench/docs/protocol.md"));
    if (!page.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(parentWidget(), tr("Wirebench"), tr("The protocol page is missing from this build."));
        return;
    }
    auto *dialog = new QDialog(parentWidget());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("The WB1 protocol"));
    auto *browser = new QTextBrowser(dialog);
    browser->setMarkdown(QString::fromUtf8(page.readAll()));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    dialog->resize(760, 640);
    dialog->show();
}

void HelpMenu::showAbout()
{
    QMessageBox::about(parentWidget(), tr("About Wirebench"),
                       tr("<h3>Wirebench %1</h3>"
                          "<p>A test bench for client/server sessions: test servers, simulated clients "
                          "and latency you can trust.</p>"
                          "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
                           .arg(QStringLiteral(WIREBENCH_VERSION)));
}

} // namespace Gui
