// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/messagetemplate.h"
#include "session/namedtemplate.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace NetCore {
class SessionEngine;
}

namespace Gui {

/**
 * Composes a message and sends it: the payload as text, hex or escaped text (live
 * conversion between them), WB1's type, flags, sequence and timestamp (filled in or
 * fixed), the exact bytes that will go on the wire, and where: one connection (its
 * frames and the reply land in the traffic log), a whole fleet, or every fleet;
 * once, N times, or every T ms. A composed message can be kept as a named template.
 */
class ComposerPanel : public QWidget
{
    Q_OBJECT

public:
    /** How the message is written: bytes as text, hex or escaped text, or a Redis command or an HTTP request. */
    enum class Mode { Text, Hex, Escaped, Redis, Http };
    enum class Target { Connection, Fleet, Everything };

    explicit ComposerPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

    /** The session changed: its fleets are the targets. */
    void reload();
    void setMode(Mode mode);
    void setPayloadText(const QString &text);
    /** The payload as typed, in stored template form (fields kept), or nullopt with problem() saying why. */
    /** The message in stored form; nullopt with `error` saying why when what is typed does not parse. */
    std::optional<QByteArray> payload(QString *error = nullptr) const;
    /** The payload with its fields filled as for connection 0's first message. */
    std::optional<QByteArray> filledPayload() const;
    QString problem() const;
    /** The bytes a send would put on the wire (sequence/timestamp as fixed, else 0; fields as for connection 0). */
    QByteArray preview() const;
    /** Sends as the form says; false with the reason if it cannot. */
    bool sendNow(QString *why = nullptr);
    void setTarget(Target target, const QString &fleet, int connection = 0);
    void setRepeat(int count, int everyMs);
    void stopRepeating();

Q_SIGNALS:
    void templateSaved(const NetCore::NamedTemplate &messageTemplate);
    void failed(const QString &message);

private:
    void refresh();
    NetCore::MessageTemplate messageTemplate(const QByteArray &payload) const;

    NetCore::SessionEngine &m_engine;
    Mode m_mode = Mode::Text;
    QComboBox *m_modeBox = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_problem = nullptr;
    QSpinBox *m_type = nullptr;
    QSpinBox *m_flags = nullptr;
    QCheckBox *m_fixSequence = nullptr;
    QSpinBox *m_sequence = nullptr;
    QCheckBox *m_fixTimestamp = nullptr;
    QSpinBox *m_timestamp = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QComboBox *m_target = nullptr;
    QComboBox *m_fleet = nullptr;
    QSpinBox *m_connection = nullptr;
    QSpinBox *m_count = nullptr;
    QCheckBox *m_repeat = nullptr;
    QSpinBox *m_interval = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QTimer *m_repeatTimer = nullptr;
};

} // namespace Gui
