// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverdialog.h"

#include "formfields.h"
#include "framingedit.h"
#include "replyframingedit.h"
#include "tlsserveredit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Gui {

using namespace FormFields;

ServerDialog::ServerDialog(const NetCore::ServerDefinition &server, bool isNew, const QStringList &takenNames,
                           QWidget *parent, const QString &baseDirectory)
    : QDialog(parent)
    , m_original(server)
    , m_taken(takenNames)
    , m_baseDirectory(baseDirectory)
{
    setWindowTitle(isNew ? tr("Add a server") : tr("Edit server %1").arg(server.name));
    const NetCore::ServerConfig &c = server.config;
    m_name = new QLineEdit(server.name, this);
    m_name->setReadOnly(!isNew);
    m_host = new QLineEdit(c.host, this);
    m_port = spin(this, 0, 65535, c.port, tr("any free port"));
    m_framing = new FramingEdit(this);
    m_framing->setFraming(c.framing);
    m_replyFraming = new ReplyFramingEdit(this);
    m_replyFraming->setFraming(c.replyFraming);
    m_behaviour = new QLineEdit(c.behaviour.text(), this);
    m_behaviour->setToolTip(NetCore::BehaviourSpec::syntax());
    m_behaviour->setPlaceholderText(QStringLiteral("echo"));
    m_faults = new QLineEdit(c.faults.specs().join(QLatin1Char(' ')), this);
    m_faults->setToolTip(NetCore::FaultPlan::syntax());
    m_faults->setPlaceholderText(tr("none; e.g. drop:0.01 stall:200@5000"));
    m_maxPayload = spin(this, 0, 1 << 30, int(std::min<qsizetype>(c.maxPayload, 1 << 30)), tr("the framing's default"), tr(" bytes"));
    m_maxConnections = spin(this, 1, 10'000'000, c.maxConnections);
    m_idleTimeout = spin(this, 0, 86'400'000, c.idleTimeoutMs, tr("never"), tr(" ms"));
    m_frameDeadline = spin(this, 1, 86'400'000, c.frameDeadlineMs, {}, tr(" ms"));
    m_threads = spin(this, 0, 256, server.threads, tr("one per core"));
    m_processes = spin(this, 1, 1024, server.processes, tr("this one"));
    m_processes->setToolTip(tr("Serve from this many agent processes on one port (SO_REUSEPORT; the kernel spreads "
                               "the connections), past one process's descriptor limit; their counters add up. "
                               "The connections table stays with the agents."));
    m_processesProblem = problemLabel(this);
    m_seed = spin(this, 0, std::numeric_limits<int>::max(), int(std::min<quint64>(c.seed, quint64(std::numeric_limits<int>::max()))));
    m_nameProblem = problemLabel(this);
    m_hostProblem = problemLabel(this);
    m_payloadProblem = problemLabel(this);
    m_behaviourProblem = problemLabel(this);
    m_faultsProblem = problemLabel(this);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(QString(), m_nameProblem);
    form->addRow(tr("Listen on"), m_host);
    form->addRow(QString(), m_hostProblem);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Framing"), m_framing);
    form->addRow(tr("Replies"), m_replyFraming);
    form->addRow(tr("Behaviour"), m_behaviour);
    form->addRow(QString(), m_behaviourProblem);
    form->addRow(tr("Faults"), m_faults);
    form->addRow(QString(), m_faultsProblem);
    form->addRow(tr("Largest frame"), m_maxPayload);
    form->addRow(QString(), m_payloadProblem);
    form->addRow(tr("Most connections"), m_maxConnections);
    form->addRow(tr("Idle timeout"), m_idleTimeout);
    form->addRow(tr("Frame deadline"), m_frameDeadline);
    form->addRow(tr("I/O threads"), m_threads);
    form->addRow(tr("Processes"), m_processes);
    form->addRow(QString(), m_processesProblem);
    form->addRow(tr("Seed"), m_seed);
    m_tls = new TlsServerEdit(baseDirectory, this);
    m_tls->setSettings(c.tls);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Two columns: the server's settings, and its TLS beside them (the form is tall already).
    auto *columns = new QHBoxLayout;
    columns->addLayout(form, 3);
    columns->addWidget(m_tls, 2, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_buttons);
    connect(m_tls, &TlsServerEdit::changed, this, &ServerDialog::validate);

    for (QLineEdit *edit : {m_name, m_host, m_behaviour, m_faults})
        connect(edit, &QLineEdit::textChanged, this, &ServerDialog::validate);
    connect(m_framing, &FramingEdit::changed, this, &ServerDialog::validate);
    connect(m_replyFraming, &ReplyFramingEdit::changed, this, &ServerDialog::validate);
    connect(m_maxPayload, &QSpinBox::valueChanged, this, &ServerDialog::validate);
    connect(m_processes, &QSpinBox::valueChanged, this, &ServerDialog::validate);
    validate();
}

QString ServerDialog::problem() const
{
    if (!m_framing->problem().isEmpty())
        return m_framing->problem();
    if (!m_replyFraming->problem().isEmpty())
        return m_replyFraming->problem();
    for (QLabel *label : {m_nameProblem, m_hostProblem, m_payloadProblem, m_behaviourProblem, m_faultsProblem, m_processesProblem}) {
        if (!label->text().isEmpty())
            return label->text();
    }
    if (const QString tls = m_tls->problem(); !tls.isEmpty())
        return tr("TLS: %1").arg(tls);
    return {};
}

void ServerDialog::validate()
{
    const QString name = m_name->text().trimmed();
    showProblem(m_nameProblem, name.isEmpty()           ? tr("A server needs a name.")
                               : !m_name->isReadOnly() && m_taken.contains(name) ? tr("Another server is named %1.").arg(name)
                                                                                  : QString());
    QHostAddress address;
    const QString host = m_host->text().trimmed();
    showProblem(m_hostProblem, host == QLatin1String("localhost") || address.setAddress(host)
                                   ? QString()
                                   : tr("Not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)."));
    const NetCore::Framing framing = m_framing->framing();
    const qsizetype limit = NetCore::framingPayloadLimit(framing);
    showProblem(m_payloadProblem, m_maxPayload->value() > limit
                                      ? tr("%1 framing carries at most %2 bytes.").arg(NetCore::framingName(framing)).arg(limit)
                                      : QString());
    QString why;
    const QString behaviour = m_behaviour->text().trimmed();
    showProblem(m_behaviourProblem,
                behaviour.isEmpty() || NetCore::BehaviourSpec::parse(behaviour, &why, m_baseDirectory) ? QString() : why);
    const QStringList faults = m_faults->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString faultsWhy;
    const auto plan = NetCore::FaultPlan::parse(faults, &faultsWhy);
    if (plan && plan->tlsAbortProbability > 0 && !m_tls->isChecked())
        faultsWhy = tr("tls-abort needs TLS on (the TLS box).");
    else if (plan)
        faultsWhy.clear();
    showProblem(m_faultsProblem, faultsWhy);
    const NetCore::TlsServerSettings tls = m_tls->settings();
    showProblem(m_processesProblem, m_processes->value() > 1 && tls.enabled && tls.selfSigned()
                                        ? tr("Each process would make up its own certificate: give TLS a certificate and key.")
                                        : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem().isEmpty());
}

NetCore::ServerDefinition ServerDialog::definition() const
{
    NetCore::ServerDefinition server = m_original;
    NetCore::ServerConfig &c = server.config;
    server.name = m_name->text().trimmed();
    c.host = m_host->text().trimmed();
    c.port = quint16(m_port->value());
    c.framing = m_framing->framing();
    c.replyFraming = m_replyFraming->framing();
    const QString behaviour = m_behaviour->text().trimmed();
    c.behaviour = behaviour.isEmpty() ? NetCore::BehaviourSpec{} : NetCore::BehaviourSpec::parse(behaviour, nullptr, m_baseDirectory).value_or(NetCore::BehaviourSpec{});
    c.faults = NetCore::FaultPlan::parse(m_faults->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)).value_or(NetCore::FaultPlan{});
    c.maxPayload = m_maxPayload->value();
    c.maxConnections = m_maxConnections->value();
    c.idleTimeoutMs = m_idleTimeout->value();
    c.frameDeadlineMs = m_frameDeadline->value();
    c.seed = quint64(m_seed->value());
    server.threads = m_threads->value();
    server.processes = m_processes->value();
    c.tls = m_tls->settings();
    return server;
}

} // namespace Gui
