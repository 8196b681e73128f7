// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "frameworkbench.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_workbench(new FrameWorkbench(this))
{
    setWindowTitle(tr("Wirebench"));
    setWindowIcon(QIcon(QStringLiteral(":/wirebench/resources/icons/wirebench.svg")));
    setCentralWidget(m_workbench);
    createMenus();
    statusBar()->showMessage(
        tr("This build has the frame codecs and the latency histogram; servers, fleets and live charts come next."));
    resize(1280, 720);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("The WB1 &protocol"), this, &MainWindow::showProtocol);
    help->addAction(tr("&About Wirebench"), this, &MainWindow::showAbout);
}

void MainWindow::showProtocol()
{
    QFile page(QStringLiteral(":/wirebench/docs/protocol.md"));
    if (!page.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Wirebench"), tr("The protocol page is missing from this build."));
        return;
    }
    auto *dialog = new QDialog(this);
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

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Wirebench"),
                       tr("<h3>Wirebench %1</h3>"
                          "<p>A test bench for client/server sessions: test servers, simulated clients "
                          "and latency you can trust.</p>"
                          "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
                           .arg(QStringLiteral(WIREBENCH_VERSION)));
}

} // namespace Gui
