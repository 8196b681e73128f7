// SPDX-License-Identifier: GPL-3.0-or-later
#include "scenariopanel.h"

#include "fleet/fleetsummary.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace Gui {

ScenarioPanel::ScenarioPanel(QWidget *parent)
    : QWidget(parent)
{
    m_steps = new QListWidget(this);
    m_checks = new QListWidget(this);
    m_checks->setToolTip(tr("Each check of the last run, with what was measured"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("step %v of %m"));
    m_status = new QLabel(tr("Not run yet."), this);
    m_status->setWordWrap(true);
    m_run = new QPushButton(tr("Run scenario"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setEnabled(false);
    m_up = new QPushButton(tr("Up"), this);
    m_up->setToolTip(tr("Move the selected step up"));
    m_down = new QPushButton(tr("Down"), this);
    m_down->setToolTip(tr("Move the selected step down"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected step"));
    m_add = new QPushButton(tr("Add…"), this);
    m_add->setToolTip(tr("Add a step after the selected one"));
    m_edit = new QPushButton(tr("Edit…"), this);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    auto *stepsBox = new QWidget(this);
    auto *editing = new QHBoxLayout;
    editing->addWidget(m_add);
    editing->addWidget(m_edit);
    editing->addWidget(m_up);
    editing->addWidget(m_down);
    editing->addWidget(m_remove);
    editing->addStretch();
    auto *stepsLayout = new QVBoxLayout(stepsBox);
    stepsLayout->setContentsMargins(0, 0, 0, 0);
    stepsLayout->addWidget(m_steps, 1);
    stepsLayout->addLayout(editing);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(stepsBox);
    split->addWidget(m_checks);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &ScenarioPanel::runRequested);
    connect(m_up, &QPushButton::clicked, this, [this] { moveStep(m_steps->currentRow(), -1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveStep(m_steps->currentRow(), +1); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeStep(m_steps->currentRow()); });
    connect(m_add, &QPushButton::clicked, this, [this] { Q_EMIT addStepRequested(m_steps->currentRow()); });
    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (m_steps->currentRow() >= 0)
            Q_EMIT editStepRequested(m_steps->currentRow());
    });
    connect(m_steps, &QListWidget::itemDoubleClicked, this, [this] {
        if (!m_running && m_steps->currentRow() >= 0)
            Q_EMIT editStepRequested(m_steps->currentRow());
    });
    connect(m_steps, &QListWidget::currentRowChanged, this, &ScenarioPanel::updateEditButtons);
    connect(m_stop, &QPushButton::clicked, this, &ScenarioPanel::stopRequested);
}

void ScenarioPanel::setSteps(const QList<NetCore::ScenarioStep> &steps)
{
    m_stepList = steps;
    showSteps();
    m_progress->setValue(0);
    m_status->setText(steps.isEmpty() ? tr("This session has no scenario.") : tr("Not run yet."));
}

void ScenarioPanel::showSteps()
{
    const int current = m_steps->currentRow();
    m_steps->clear();
    for (int i = 0; i < m_stepList.size(); ++i)
        m_steps->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(m_stepList[i].describe()));
    m_steps->setCurrentRow(std::min(current, int(m_stepList.size()) - 1));
    m_progress->setRange(0, std::max<int>(1, int(m_stepList.size())));
    m_run->setEnabled(!m_running && !m_stepList.isEmpty());
    updateEditButtons();
}

void ScenarioPanel::updateEditButtons()
{
    const int row = m_steps->currentRow();
    m_up->setEnabled(!m_running && row > 0);
    m_down->setEnabled(!m_running && row >= 0 && row + 1 < m_stepList.size());
    m_remove->setEnabled(!m_running && row >= 0);
    m_edit->setEnabled(!m_running && row >= 0);
    m_add->setEnabled(!m_running);
}

int ScenarioPanel::currentStep() const
{
    return m_steps->currentRow();
}

void ScenarioPanel::insertStep(qsizetype index, const NetCore::ScenarioStep &step)
{
    index = std::clamp<qsizetype>(index, 0, m_stepList.size());
    m_stepList.insert(index, step);
    showSteps();
    m_steps->setCurrentRow(int(index));
    Q_EMIT stepsChanged(m_stepList);
}

void ScenarioPanel::replaceStep(qsizetype index, const NetCore::ScenarioStep &step)
{
    if (index < 0 || index >= m_stepList.size())
        return;
    m_stepList[index] = step;
    showSteps();
    m_steps->setCurrentRow(int(index));
    Q_EMIT stepsChanged(m_stepList);
}

void ScenarioPanel::removeStep(qsizetype index)
{
    if (m_running || index < 0 || index >= m_stepList.size())
        return;
    m_stepList.removeAt(index);
    showSteps();
    Q_EMIT stepsChanged(m_stepList);
}

void ScenarioPanel::moveStep(qsizetype index, int by)
{
    const qsizetype to = index + by;
    if (m_running || index < 0 || index >= m_stepList.size() || to < 0 || to >= m_stepList.size())
        return;
    m_stepList.move(index, to);
    showSteps();
    m_steps->setCurrentRow(int(to));
    Q_EMIT stepsChanged(m_stepList);
}

void ScenarioPanel::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running && m_steps->count() > 0);
    m_stop->setEnabled(running);
    updateEditButtons();
    if (running) {
        m_checks->clear();
        m_progress->setValue(0);
    }
}

void ScenarioPanel::showStep(int index)
{
    m_progress->setValue(index + 1);
    m_steps->setCurrentRow(index);
}

void ScenarioPanel::showProgress(const NetCore::ScenarioRunner::Progress &p)
{
    m_status->setText(tr("%1 — %2 of about %3 s, %4 replies/s, p99 %5, %6 errors")
                          .arg(p.description)
                          .arg(double(p.elapsedNs) / 1e9, 0, 'f', 1)
                          .arg(double(p.expectedTotalNs) / 1e9, 0, 'f', 1)
                          .arg(p.throughputPerSecond, 0, 'f', 0)
                          .arg(NetCore::formatDuration(p.p99Ns))
                          .arg(p.errors));
}

void ScenarioPanel::showCheck(const NetCore::CheckResult &check)
{
    auto *item = new QListWidgetItem((check.passed ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + check.describe());
    item->setForeground(check.passed ? QColor(0x2e7d32) : QColor(0xc62828));
    m_checks->addItem(item);
}

void ScenarioPanel::showResult(const NetCore::ScenarioResult &result)
{
    setRunning(false);
    int failed = 0;
    for (const auto &check : result.checks)
        failed += check.passed ? 0 : 1;
    QString text;
    if (result.cancelled)
        text = tr("Stopped after %1 s.").arg(double(result.elapsedNs) / 1e9, 0, 'f', 1);
    else if (!result.failure.isEmpty())
        text = tr("Failed: %1").arg(result.failure);
    else
        text = tr("Completed in %1 s: %2 checks, %3 failed.")
                   .arg(double(result.elapsedNs) / 1e9, 0, 'f', 1)
                   .arg(result.checks.size())
                   .arg(failed);
    for (const QString &error : result.reportErrors)
        text += QLatin1Char('\n') + error;
    m_status->setText(text);
}

} // namespace Gui
