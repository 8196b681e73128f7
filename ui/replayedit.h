// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QGroupBox>

class QDoubleSpinBox;
class QLabel;

namespace Gui {

class FilePathEdit;

/**
 * A fleet's "replay": the capture it plays instead of a load (checkable: off is a
 * load), and its pace. Says what the capture holds as soon as it is picked, or why it
 * cannot be replayed, so a broken file is found in the form, not at the run.
 */
class ReplayEdit : public QGroupBox
{
    Q_OBJECT

public:
    explicit ReplayEdit(const QString &baseDirectory, QWidget *parent = nullptr);

    /** Empty: the fleet is a load. */
    QString capturePath() const;
    double speed() const;
    void setReplay(const QString &capturePath, double speed);
    /** Why this capture cannot be replayed, or empty (also when off). */
    QString problem() const { return m_problem; }
    /** What the picked capture holds, in words (empty when off or broken). */
    QString summary() const;

Q_SIGNALS:
    void changed();

private:
    void inspect();

    QString m_baseDirectory;
    FilePathEdit *m_path;
    QDoubleSpinBox *m_speed;
    QLabel *m_about;
    QString m_problem;
};

} // namespace Gui
