// SPDX-License-Identifier: GPL-3.0-or-later
#include "rundialog.h"

#include "formfields.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Gui {

using namespace FormFields;

RunDialog::RunDialog(const QString &outputDirectory, double durationScale, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Run the scenario"));
    m_output = new QLineEdit(QDir::toNativeSeparators(outputDirectory), this);
    m_output->setToolTip(tr("Report steps with a relative path write here; the folder is made if missing."));
    m_browse = new QPushButton(tr("Browse…"), this);
    connect(m_browse, &QPushButton::clicked, this, &RunDialog::browse);
    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browse);

    m_scale = new QDoubleSpinBox(this);
    m_scale->setRange(0.01, 100.0);
    m_scale->setDecimals(2);
    m_scale->setSingleStep(0.1);
    m_scale->setValue(durationScale);
    m_scale->setSuffix(tr(" ×"));
    m_scale->setToolTip(tr("Multiplies every hold and divides every ramp: 0.1 runs ten times shorter."));
    m_problem = problemLabel(this);

    auto *hint = new QLabel(tr("The scenario's report steps write their relative paths here."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("Reports to"), outputRow);
    form->addRow(QString(), hint);
    form->addRow(QString(), m_problem);
    form->addRow(tr("Time scale"), m_scale);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_run = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_run->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_output, &QLineEdit::textChanged, this, &RunDialog::validate);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    validate();
}

QString RunDialog::outputDirectory() const
{
    return QDir::fromNativeSeparators(m_output->text().trimmed());
}

double RunDialog::durationScale() const
{
    return m_scale->value();
}

void RunDialog::browse()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Reports to"), outputDirectory());
    if (!chosen.isEmpty())
        m_output->setText(QDir::toNativeSeparators(chosen));
}

void RunDialog::validate()
{
    // The folder is made at the first report; only a file in its place, or no
    // folder at all, is refused here.
    const QString folder = outputDirectory();
    QString problem;
    if (folder.isEmpty())
        problem = tr("Choose a folder for the reports.");
    else if (!QDir::isAbsolutePath(folder))
        problem = tr("Give the whole path: a relative one would depend on where Wirebench was started.");
    else if (QFileInfo(folder).exists() && !QFileInfo(folder).isDir())
        problem = tr("%1 is a file, not a folder.").arg(m_output->text().trimmed());
    showProblem(m_problem, problem);
    m_run->setEnabled(problem.isEmpty());
}

} // namespace Gui
