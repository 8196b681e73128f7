// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/capture.h"

#include <QDialog>

#include <memory>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace NetCore {
class CaptureReplayer;
}

namespace Gui {

/**
 * Replays an opened capture from many connections, as `wirebench load --replay` does:
 * where to, how many, how fast; then what came back against the recording (requests,
 * replies compared, differences in words, reply latency).
 */
class CaptureReplayDialog : public QDialog
{
    Q_OBJECT

public:
    CaptureReplayDialog(const NetCore::Capture &capture, const QString &name, QWidget *parent = nullptr);
    ~CaptureReplayDialog() override;

    /** Starts the replay with the form's settings; the outcome shows in the dialog. */
    void replay();
    QLineEdit *targetEdit() const { return m_target; }
    QSpinBox *connectionsEdit() const { return m_connections; }
    QString resultText() const;
    bool isReplaying() const { return m_replayer != nullptr; }

Q_SIGNALS:
    void replayFinished();

private:
    void showResult();

    NetCore::Capture m_capture;
    QLineEdit *m_target = nullptr;
    QSpinBox *m_connections = nullptr;
    QDoubleSpinBox *m_speed = nullptr;
    QSpinBox *m_timeout = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_run = nullptr;
    QPlainTextEdit *m_result = nullptr;
    std::unique_ptr<NetCore::CaptureReplayer> m_replayer;
};

} // namespace Gui
