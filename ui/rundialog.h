// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Gui {

/**
 * Run > Run with options: where the run's reports go (a report step's relative paths
 * land in this folder, as `wirebench run --output-dir` does) and a time scale for
 * holds and ramps (`--duration-scale`).
 */
class RunDialog : public QDialog
{
    Q_OBJECT

public:
    RunDialog(const QString &outputDirectory, double durationScale, QWidget *parent = nullptr);

    QString outputDirectory() const;
    double durationScale() const;

    QLineEdit *outputEdit() const { return m_output; }

private:
    void browse();
    void validate();

    QLineEdit *m_output = nullptr;
    QPushButton *m_browse = nullptr;
    QDoubleSpinBox *m_scale = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_run = nullptr;
};

} // namespace Gui
