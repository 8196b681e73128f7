// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scenario/scenarioresult.h"
#include "scenario/scenariorunner.h"
#include "session/scenariostep.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace Gui {

/** The scenario: its steps, Run and Stop with progress, and each check's outcome. */
class ScenarioPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioPanel(QWidget *parent = nullptr);

    void setSteps(const QList<NetCore::ScenarioStep> &steps);
    void setRunning(bool running);
    void showProgress(const NetCore::ScenarioRunner::Progress &progress);
    void showStep(int index);
    void showCheck(const NetCore::CheckResult &check);
    void showResult(const NetCore::ScenarioResult &result);

    /** Edits, as the buttons beside the list do; each emits stepsChanged(). */
    void removeStep(qsizetype index);
    void moveStep(qsizetype index, int by);
    void insertStep(qsizetype index, const NetCore::ScenarioStep &step);
    void replaceStep(qsizetype index, const NetCore::ScenarioStep &step);
    int currentStep() const;

    QListWidget *checks() const { return m_checks; }
    QPushButton *runButton() const { return m_run; }

Q_SIGNALS:
    void runRequested();
    void stopRequested();
    void stepsChanged(const QList<NetCore::ScenarioStep> &steps);
    /** The user wants a new step after `index` (-1: at the end), or to edit one. */
    void addStepRequested(int index);
    void editStepRequested(int index);

private:
    void showSteps();
    void updateEditButtons();

    QList<NetCore::ScenarioStep> m_stepList;
    bool m_running = false;
    QListWidget *m_steps = nullptr;
    QPushButton *m_up = nullptr;
    QPushButton *m_down = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QListWidget *m_checks = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
};

} // namespace Gui
