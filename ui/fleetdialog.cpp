// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetdialog.h"

#include "io/hostaddress.h"

#include "tlsclientedit.h"

#include "exchangeedit.h"
#include "formfields.h"
#include "framingedit.h"
#include "replayedit.h"
#include "replyframingedit.h"
#include "replymatchedit.h"
#include "websocketedit.h"

#include "fleet/sourceaddresses.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Gui {

using namespace FormFields;

FleetDialog::FleetDialog(const NetCore::FleetDefinition &fleet, bool isNew, const QStringList &takenNames,
                         const QStringList &serverNames, const QStringList &templateNames, QWidget *parent,
                         const QString &baseDirectory)
    : QDialog(parent)
    , m_original(fleet)
    , m_taken(takenNames)
    , m_servers(serverNames)
{
    setWindowTitle(isNew ? tr("Add a fleet") : tr("Edit fleet %1").arg(fleet.name));
    const NetCore::FleetConfig &c = fleet.config;
    m_name = new QLineEdit(fleet.name, this);
    m_name->setReadOnly(!isNew);
    m_target = new QComboBox(this);
    m_target->setEditable(true);
    m_target->addItems(serverNames);
    m_target->setCurrentText(fleet.server.isEmpty() ? (c.port ? QStringLiteral("%1:%2").arg(c.host).arg(c.port) : QString())
                                                    : fleet.server);
    m_target->setToolTip(tr("One of the session's servers, or HOST:PORT of any TCP server"));
    m_connections = spin(this, 1, 1'000'000, c.connections);
    m_ramp = new QDoubleSpinBox(this);
    m_ramp->setRange(0, 1e7);
    m_ramp->setDecimals(1);
    m_ramp->setValue(c.connectRate);
    m_ramp->setSpecialValueText(tr("all at once"));
    m_ramp->setSuffix(tr(" per second"));
    m_framing = new FramingEdit(this);
    m_framing->setFraming(c.framing);
    m_replyFraming = new ReplyFramingEdit(this);
    m_replyFraming->setFraming(c.replyFraming);
    m_match = new ReplyMatchEdit(this);
    m_match->setMatch(c.match);
    m_hello = new ExchangeEdit(true, templateNames, this);
    m_hello->setMessages(fleet.hello);
    m_hello->setToolTip(tr("Sent in order when each connection opens, each waiting for its reply, before any load: "
                           "MQTT's CONNECT, a login. Fields such as {conn:dec} are filled per connection."));
    m_goodbye = new ExchangeEdit(false, templateNames, this);
    m_goodbye->setMessages(fleet.goodbye);
    m_goodbye->setToolTip(tr("Sent before each graceful close, no reply awaited: MQTT's DISCONNECT, QUIT."));
    m_webSocket = new WebSocketEdit(this);
    m_webSocket->setUpgrade(c.webSocket);
    m_exchangeProblem = problemLabel(this);

    m_closedLoop = new QRadioButton(tr("Closed loop: in flight per connection"), this);
    m_openLoop = new QRadioButton(tr("Open loop: messages per second in all"), this);
    m_window = spin(this, 1, 1'000'000, c.window);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0.001, 1e9);
    m_rate->setDecimals(3);
    m_rate->setValue(c.rate);
    m_poisson = new QCheckBox(tr("Poisson arrivals"), this);
    m_poisson->setChecked(c.poisson);
    m_maxInFlight = spin(this, 0, 1'000'000, c.maxInFlight, tr("no cap"));
    (c.schedule == NetCore::FleetConfig::Schedule::ClosedLoop ? m_closedLoop : m_openLoop)->setChecked(true);

    m_template = new QComboBox(this);
    m_template->addItem(tr("a payload of a size"));
    m_template->addItems(templateNames);
    if (!fleet.templateName.isEmpty())
        m_template->setCurrentText(fleet.templateName);
    m_payload = spin(this, 0, 1 << 30, c.payloadSize, {}, tr(" bytes"));
    m_random = new QCheckBox(tr("random bytes"), this);
    m_random->setChecked(c.randomPayload);
    m_count = spin(this, 0, std::numeric_limits<int>::max(), c.messageLimit, tr("no limit"));
    m_reconnect = new QCheckBox(tr("Reconnect with back-off after a close or failure"), this);
    m_reconnect->setChecked(c.reconnect);
    m_source = new QLineEdit(NetCore::SourceAddresses::format(c.sourceAddresses), this);
    m_source->setPlaceholderText(tr("the system's choice; e.g. 127.0.0.2-127.0.0.9"));
    m_connectTimeout = spin(this, 1, 3'600'000, c.connectTimeoutMs, {}, tr(" ms"));
    m_replyTimeout = spin(this, 1, 3'600'000, c.replyTimeoutMs, {}, tr(" ms"));
    m_threads = spin(this, 0, 256, fleet.threads, tr("one per core"));
    m_processes = spin(this, 1, 1024, fleet.processes, tr("this one"));
    m_processes->setToolTip(tr("Run the fleet in this many agent processes, each its share (past one process's "
                               "descriptor limit); their figures merge exactly. The connections table and sending "
                               "to one connection stay with the agents."));
    m_replay = new ReplayEdit(baseDirectory, this);
    m_replay->setReplay(fleet.replay, fleet.replaySpeed);
    m_nameProblem = problemLabel(this);
    m_targetProblem = problemLabel(this);
    m_payloadProblem = problemLabel(this);
    m_sourceProblem = problemLabel(this);

    auto *closed = new QHBoxLayout;
    closed->addWidget(m_closedLoop);
    closed->addWidget(m_window);
    auto *open = new QHBoxLayout;
    open->addWidget(m_openLoop);
    open->addWidget(m_rate);
    open->addWidget(m_poisson);
    auto *payload = new QHBoxLayout;
    payload->addWidget(m_payload);
    payload->addWidget(m_random);
    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(QString(), m_nameProblem);
    form->addRow(tr("Target"), m_target);
    form->addRow(QString(), m_targetProblem);
    form->addRow(tr("Connections"), m_connections);
    form->addRow(m_replay);
    form->addRow(tr("Ramp"), m_ramp);
    form->addRow(tr("Schedule"), closed);
    form->addRow(QString(), open);
    form->addRow(tr("Cap in flight (open loop)"), m_maxInFlight);
    form->addRow(tr("Sends"), m_template);
    form->addRow(tr("Payload"), payload);
    form->addRow(QString(), m_payloadProblem);
    form->addRow(tr("Stop after"), m_count);
    form->addRow(QString(), m_reconnect);
    form->addRow(tr("Source addresses"), m_source);
    form->addRow(QString(), m_sourceProblem);
    form->addRow(tr("Connect timeout"), m_connectTimeout);
    form->addRow(tr("Reply timeout"), m_replyTimeout);
    form->addRow(tr("I/O threads"), m_threads);
    form->addRow(tr("Processes"), m_processes);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The server's protocol on a page of its own: framing both ways, pairing, opening and closing.
    auto *protocol = new QFormLayout;
    protocol->addRow(tr("Framing"), m_framing);
    protocol->addRow(tr("Replies"), m_replyFraming);
    protocol->addRow(tr("Pair replies by"), m_match);
    protocol->addRow(tr("Hello"), m_hello);
    protocol->addRow(tr("Goodbye"), m_goodbye);
    protocol->addRow(tr("WebSocket upgrade"), m_webSocket);
    protocol->addRow(QString(), m_exchangeProblem);
    auto *tabs = new QTabWidget(this);
    auto *loadPage = new QWidget(tabs);
    loadPage->setLayout(form);
    auto *protocolPage = new QWidget(tabs);
    protocolPage->setLayout(protocol);
    tabs->addTab(loadPage, tr("Load"));
    tabs->addTab(protocolPage, tr("Protocol"));
    m_tls = new TlsClientEdit(baseDirectory, tabs);
    m_tls->setSettings(fleet.config.tls);
    tabs->addTab(m_tls, tr("TLS"));
    m_tabs = tabs;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_buttons);

    connect(m_name, &QLineEdit::textChanged, this, &FleetDialog::validate);
    connect(m_target, &QComboBox::currentTextChanged, this, &FleetDialog::validate);
    connect(m_source, &QLineEdit::textChanged, this, &FleetDialog::validate);
    connect(m_framing, &FramingEdit::changed, this, &FleetDialog::validate);
    connect(m_replyFraming, &ReplyFramingEdit::changed, this, &FleetDialog::validate);
    connect(m_match, &ReplyMatchEdit::changed, this, &FleetDialog::validate);
    connect(m_hello, &ExchangeEdit::changed, this, &FleetDialog::validate);
    connect(m_goodbye, &ExchangeEdit::changed, this, &FleetDialog::validate);
    connect(m_webSocket, &WebSocketEdit::changed, this, &FleetDialog::validate);
    connect(m_tls, &TlsClientEdit::changed, this, &FleetDialog::validate);
    connect(m_payload, &QSpinBox::valueChanged, this, &FleetDialog::validate);
    connect(m_template, &QComboBox::currentIndexChanged, this, &FleetDialog::validate);
    connect(m_closedLoop, &QRadioButton::toggled, this, &FleetDialog::validate);
    connect(m_replay, &ReplayEdit::changed, this, &FleetDialog::validate);
    validate();
}

QString FleetDialog::problem() const
{
    if (!m_replay->problem().isEmpty())
        return m_replay->problem();
    if (replays())
        return m_nameProblem->text().isEmpty() ? m_targetProblem->text() : m_nameProblem->text();
    if (!m_framing->problem().isEmpty())
        return m_framing->problem();
    if (!m_replyFraming->problem().isEmpty())
        return m_replyFraming->problem();
    for (QLabel *label : {m_nameProblem, m_targetProblem, m_payloadProblem, m_sourceProblem, m_exchangeProblem}) {
        if (!label->text().isEmpty())
            return label->text();
    }
    if (const QString tls = m_tls->problem(); !tls.isEmpty())
        return tr("TLS: %1").arg(tls);
    return {};
}

void FleetDialog::validate()
{
    const QString name = m_name->text().trimmed();
    showProblem(m_nameProblem, name.isEmpty() ? tr("A fleet needs a name.")
                               : !m_name->isReadOnly() && m_taken.contains(name) ? tr("Another fleet is named %1.").arg(name)
                                                                                  : QString());
    const QString target = m_target->currentText().trimmed();
    QString targetProblem;
    if (!m_servers.contains(target)) {
        const auto split = NetCore::splitHostPort(target);
        if (!split || !NetCore::parseHostAddress(split->host))
            targetProblem = tr("Pick a server of this session, or write HOST:PORT (an IP address and a port).");
    }
    showProblem(m_targetProblem, targetProblem);
    const NetCore::Framing framing = m_framing->framing();
    const bool generated = m_template->currentIndex() == 0;
    showProblem(m_payloadProblem, generated && m_payload->value() > NetCore::framingPayloadLimit(framing)
                                      ? tr("%1 framing carries at most %2 bytes.")
                                            .arg(NetCore::framingName(framing))
                                            .arg(NetCore::framingPayloadLimit(framing))
                                      : QString());
    QString why;
    showProblem(m_sourceProblem, m_source->text().trimmed().isEmpty() || NetCore::SourceAddresses::parse(m_source->text(), &why)
                                     ? QString()
                                     : why);
    const QString helloProblem = m_hello->problem();
    const QString goodbyeProblem = m_goodbye->problem();
    const auto match = m_match->match();
    const NetCore::Framing replyFraming = m_replyFraming->framing().value_or(framing);
    QString matchProblem = match ? NetCore::replyMatchProblem(*match, framing, replyFraming) : QString();
    if (match && match->kind() == NetCore::ReplyMatch::None && m_closedLoop->isChecked())
        matchProblem = tr("With no reply awaited a window never frees: use an open loop.");
    const bool webSocket = framing == NetCore::Framing::WebSocket;
    m_webSocket->setEnabled(webSocket);
    const QString webSocketProblem = webSocket ? m_webSocket->problem() : QString();
    showProblem(m_exchangeProblem, !matchProblem.isEmpty() ? matchProblem
                                   : !webSocketProblem.isEmpty() ? webSocketProblem
                                   : !helloProblem.isEmpty() ? tr("Hello: %1").arg(helloProblem)
                                   : !goodbyeProblem.isEmpty() ? tr("Goodbye: %1").arg(goodbyeProblem)
                                                               : QString());
    // A replay sends what the capture holds, framed as recorded: what shapes a load is off.
    const bool load = !replays();
    const bool closed = m_closedLoop->isChecked();
    m_window->setEnabled(load && closed);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_rate, m_poisson, m_maxInFlight})
        widget->setEnabled(load && !closed);
    m_payload->setEnabled(load && generated);
    m_random->setEnabled(load && generated);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_ramp, m_closedLoop, m_openLoop, m_template, m_count, m_reconnect,
                                                            m_source, m_connectTimeout, m_threads, m_processes})
        widget->setEnabled(load);
    m_tabs->setTabEnabled(1, load);
    m_tabs->setTabEnabled(2, load);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem().isEmpty());
}

bool FleetDialog::replays() const
{
    return m_replay->isChecked();
}

NetCore::FleetDefinition FleetDialog::definition() const
{
    if (replays()) {
        // Only what a replay uses: the session file refuses the rest beside "replay".
        const NetCore::FleetDefinition load = loadDefinition();
        NetCore::FleetDefinition fleet;
        fleet.name = load.name;
        fleet.server = load.server;
        fleet.config.host = load.config.host;
        fleet.config.port = load.config.port;
        fleet.config.connections = load.config.connections;
        fleet.config.replyTimeoutMs = load.config.replyTimeoutMs;
        fleet.config.seed = load.config.seed;
        fleet.replay = m_replay->capturePath();
        fleet.replaySpeed = m_replay->speed();
        return fleet;
    }
    NetCore::FleetDefinition fleet = loadDefinition();
    fleet.replay.clear();
    fleet.replaySpeed = 0;
    return fleet;
}

NetCore::FleetDefinition FleetDialog::loadDefinition() const
{
    NetCore::FleetDefinition fleet = m_original;
    NetCore::FleetConfig &c = fleet.config;
    fleet.name = m_name->text().trimmed();
    const QString target = m_target->currentText().trimmed();
    if (m_servers.contains(target)) {
        fleet.server = target;
    } else {
        fleet.server.clear();
        const auto split = NetCore::splitHostPort(target);
        c.host = split ? split->host : QString();
        c.port = split ? split->port : 0;
    }
    c.connections = m_connections->value();
    c.connectRate = m_ramp->value();
    c.framing = m_framing->framing();
    c.replyFraming = m_replyFraming->framing();
    c.match = m_match->match();
    fleet.hello = m_hello->messages();
    fleet.goodbye = m_goodbye->messages();
    c.webSocket = c.framing == NetCore::Framing::WebSocket ? m_webSocket->upgrade() : NetCore::WebSocketUpgrade{};
    c.schedule = m_closedLoop->isChecked() ? NetCore::FleetConfig::Schedule::ClosedLoop : NetCore::FleetConfig::Schedule::OpenLoop;
    c.window = m_window->value();
    c.rate = m_rate->value();
    c.poisson = m_poisson->isChecked();
    c.maxInFlight = m_maxInFlight->value();
    fleet.templateName = m_template->currentIndex() == 0 ? QString() : m_template->currentText();
    c.payloadSize = m_payload->value();
    c.randomPayload = m_random->isChecked();
    c.messageLimit = m_count->value();
    c.reconnect = m_reconnect->isChecked();
    c.sourceAddresses = m_source->text().trimmed().isEmpty()
        ? QList<QHostAddress>{}
        : NetCore::SourceAddresses::parse(m_source->text()).value_or(QList<QHostAddress>{});
    c.connectTimeoutMs = m_connectTimeout->value();
    c.replyTimeoutMs = m_replyTimeout->value();
    fleet.threads = m_threads->value();
    fleet.processes = m_processes->value();
    c.tls = m_tls->settings();
    return fleet;
}

} // namespace Gui
