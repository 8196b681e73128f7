// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/fleetdefinition.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTabWidget;

namespace Gui {

class TlsClientEdit;

class ExchangeEdit;
class FramingEdit;
class ReplyFramingEdit;
class ReplayEdit;
class ReplyMatchEdit;
class WebSocketEdit;

/**
 * Adds or edits a client fleet: target (one of the session's servers or any
 * HOST:PORT), connections and ramp, schedule, what it sends, reconnects, source
 * addresses and timeouts; and on a page of its own the server's protocol: framing,
 * reply framing, how replies pair, hello and goodbye. Each checked as typed, the
 * reason beside it.
 */
class FleetDialog : public QDialog
{
    Q_OBJECT

public:
    FleetDialog(const NetCore::FleetDefinition &fleet, bool isNew, const QStringList &takenNames,
                const QStringList &serverNames, const QStringList &templateNames, QWidget *parent = nullptr,
                const QString &baseDirectory = {});

    NetCore::FleetDefinition definition() const;
    QString problem() const;

    QComboBox *targetEdit() const { return m_target; }
    TlsClientEdit *tlsEdit() const { return m_tls; }
    QLineEdit *sourceEdit() const { return m_source; }
    ReplyMatchEdit *matchEdit() const { return m_match; }
    ExchangeEdit *helloEdit() const { return m_hello; }
    ExchangeEdit *goodbyeEdit() const { return m_goodbye; }
    WebSocketEdit *webSocketEdit() const { return m_webSocket; }
    QTabWidget *tabs() const { return m_tabs; }
    ReplayEdit *replayEdit() const { return m_replay; }

private:
    void validate();
    /** The replay box is on: the fleet plays a capture. */
    bool replays() const;
    /** The fleet as the load's fields say. */
    NetCore::FleetDefinition loadDefinition() const;

    NetCore::FleetDefinition m_original;
    QStringList m_taken;
    QStringList m_servers;
    QLineEdit *m_name = nullptr;
    QComboBox *m_target = nullptr;
    QSpinBox *m_connections = nullptr;
    QDoubleSpinBox *m_ramp = nullptr;
    FramingEdit *m_framing = nullptr;
    ReplyFramingEdit *m_replyFraming = nullptr;
    ReplyMatchEdit *m_match = nullptr;
    ExchangeEdit *m_hello = nullptr;
    ExchangeEdit *m_goodbye = nullptr;
    WebSocketEdit *m_webSocket = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_exchangeProblem = nullptr;
    QRadioButton *m_closedLoop = nullptr;
    QRadioButton *m_openLoop = nullptr;
    QSpinBox *m_window = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QCheckBox *m_poisson = nullptr;
    QSpinBox *m_maxInFlight = nullptr;
    QComboBox *m_template = nullptr;
    QSpinBox *m_payload = nullptr;
    QCheckBox *m_random = nullptr;
    QSpinBox *m_count = nullptr;
    QCheckBox *m_reconnect = nullptr;
    QLineEdit *m_source = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_replyTimeout = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_processes = nullptr;
    QLabel *m_nameProblem = nullptr;
    QLabel *m_targetProblem = nullptr;
    QLabel *m_payloadProblem = nullptr;
    QLabel *m_sourceProblem = nullptr;
    TlsClientEdit *m_tls = nullptr;
    ReplayEdit *m_replay = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Gui
