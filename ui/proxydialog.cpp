// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxydialog.h"

#include "formfields.h"
#include "framingedit.h"
#include "proxyfaultsedit.h"

#include "io/hostaddress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Gui {

using namespace FormFields;

ProxyDialog::ProxyDialog(const NetCore::ProxyDefinition &proxy, bool isNew, const QStringList &takenNames,
                         const QStringList &servers, QWidget *parent)
    : QDialog(parent)
    , m_original(proxy)
    , m_taken(takenNames)
    , m_servers(servers)
{
    setWindowTitle(isNew ? tr("Add a proxy") : tr("Edit proxy %1").arg(proxy.name));
    const NetCore::ProxyConfig &c = proxy.config;
    m_name = new QLineEdit(proxy.name, this);
    m_name->setReadOnly(!isNew);
    m_nameProblem = problemLabel(this);
    m_host = new QLineEdit(c.host, this);
    m_hostProblem = problemLabel(this);
    m_port = spin(this, 0, 65535, c.port, tr("any free port"));
    m_upstream = new QComboBox(this);
    m_upstream->setEditable(true);
    m_upstream->addItems(servers);
    m_upstream->setCurrentText(!proxy.upstreamServer.isEmpty() ? proxy.upstreamServer
                               : c.upstreamPort != 0         ? QStringLiteral("%1:%2").arg(c.upstreamHost).arg(c.upstreamPort)
                                                             : servers.value(0));
    m_upstream->setToolTip(tr("A server of this session (forwarded to wherever it listens), or HOST:PORT of any server."));
    m_upstreamProblem = problemLabel(this);
    m_connectTimeout = spin(this, 1, 3'600'000, c.connectTimeoutMs, {}, tr(" ms"));
    m_connectTimeout->setToolTip(tr("A client whose server does not accept within this is closed."));
    m_maxBuffer = spin(this, 1, 1 << 20, std::max<qsizetype>(1, c.maxBuffered / 1024), {}, tr(" KiB"));
    m_maxBuffer->setToolTip(tr("Bytes held for one direction of one connection, at most: past it the sending side "
                               "is no longer read (backpressure)."));
    m_maxConnections = spin(this, 1, 10'000'000, c.maxConnections);
    m_refuseWhenDown = new QCheckBox(tr("Reset new clients while the server cannot be reached"), this);
    m_refuseWhenDown->setChecked(c.refuseWhileUpstreamDown);
    m_refuseWhenDown->setToolTip(tr("Once a connect to the server fails, new clients are reset at once instead of each "
                                    "waiting for its own failed connect, until a probe every %1 ms reaches the server again.")
                                     .arg(c.upstreamProbeMs));
    m_threads = spin(this, 0, 256, proxy.threads, tr("one per core"));
    m_seed = spin(this, 0, std::numeric_limits<int>::max(), int(std::min<quint64>(c.seed, quint64(std::numeric_limits<int>::max()))));
    m_seed->setToolTip(tr("Decides which connections a fault with toxicity below 1 applies to, and jitter: the same seed, the same run."));
    m_framed = new QCheckBox(tr("Cut into frames"), this);
    m_framed->setChecked(c.framing.has_value());
    m_framed->setToolTip(tr("Both directions are read as frames of this framing: faults per frame (drop, corrupt, delay, "
                            "stall), and each request timed to its reply from the server and to its delivery to the client."));
    m_framing = new FramingEdit(this);
    m_framing->setFraming(c.framing.value_or(NetCore::Framing::Wb1));
    m_framing->setEnabled(m_framed->isChecked());
    m_faults = new ProxyFaultsEdit(this);
    m_faults->setFramed(m_framed->isChecked());
    m_faults->setFaults(c.faults());

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(QString(), m_nameProblem);
    form->addRow(tr("Listen on"), m_host);
    form->addRow(QString(), m_hostProblem);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Forward to"), m_upstream);
    form->addRow(QString(), m_upstreamProblem);
    form->addRow(tr("Connect timeout"), m_connectTimeout);
    form->addRow(tr("Buffer per direction"), m_maxBuffer);
    form->addRow(tr("Most connections"), m_maxConnections);
    form->addRow(tr("Server down"), m_refuseWhenDown);
    form->addRow(tr("I/O threads"), m_threads);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Framing"), m_framed);
    form->addRow(QString(), m_framing);
    form->addRow(tr("Faults"), m_faults);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(std::max(sizeHint().width(), 560), sizeHint().height());

    for (QLineEdit *edit : {m_name, m_host})
        connect(edit, &QLineEdit::textChanged, this, &ProxyDialog::validate);
    connect(m_upstream, &QComboBox::currentTextChanged, this, &ProxyDialog::validate);
    connect(m_faults, &ProxyFaultsEdit::changed, this, &ProxyDialog::validate);
    connect(m_framing, &FramingEdit::changed, this, &ProxyDialog::validate);
    connect(m_framed, &QCheckBox::toggled, this, [this](bool framed) {
        m_framing->setEnabled(framed);
        m_faults->setFramed(framed);
        validate();
    });
    validate();
}

QString ProxyDialog::problem() const
{
    for (QLabel *label : {m_nameProblem, m_hostProblem, m_upstreamProblem}) {
        if (!label->text().isEmpty())
            return label->text();
    }
    if (m_framed->isChecked() && !m_framing->problem().isEmpty())
        return tr("Framing: %1").arg(m_framing->problem());
    return m_faults->problem().isEmpty() ? QString() : tr("Faults: %1").arg(m_faults->problem());
}

void ProxyDialog::validate()
{
    const QString name = m_name->text().trimmed();
    static const QRegularExpression nameSyntax(QStringLiteral("^[A-Za-z0-9_.-]{1,100}$"));
    showProblem(m_nameProblem, name.isEmpty() ? tr("A proxy needs a name.")
                               : !m_name->isReadOnly() && m_taken.contains(name)
                                   ? tr("A server or another proxy is named %1.").arg(name)
                               : !nameSyntax.match(name).hasMatch()
                                   ? tr("Letters, digits, '_', '-' and '.' only (Toxiproxy's clients put it in URLs).")
                                   : QString());
    showProblem(m_hostProblem, NetCore::parseHostAddress(m_host->text().trimmed())
                                   ? QString()
                                   : tr("Not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)."));
    const QString upstream = m_upstream->currentText().trimmed();
    const auto split = NetCore::splitHostPort(upstream);
    showProblem(m_upstreamProblem, m_servers.contains(upstream) || (split && NetCore::parseHostAddress(split->host))
                                       ? QString()
                                       : tr("Pick a server of this session, or write HOST:PORT (an IP address and a port)."));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem().isEmpty());
}

NetCore::ProxyDefinition ProxyDialog::definition() const
{
    NetCore::ProxyDefinition proxy = m_original;
    NetCore::ProxyConfig &c = proxy.config;
    proxy.name = m_name->text().trimmed();
    c.host = m_host->text().trimmed();
    c.port = quint16(m_port->value());
    const QString upstream = m_upstream->currentText().trimmed();
    if (m_servers.contains(upstream)) {
        proxy.upstreamServer = upstream;
        c.upstreamHost.clear();
        c.upstreamPort = 0;
    } else {
        proxy.upstreamServer.clear();
        const auto split = NetCore::splitHostPort(upstream);
        c.upstreamHost = split ? split->host : QString();
        c.upstreamPort = split ? split->port : 0;
    }
    c.connectTimeoutMs = m_connectTimeout->value();
    c.maxBuffered = qsizetype(m_maxBuffer->value()) * 1024;
    c.maxConnections = m_maxConnections->value();
    c.refuseWhileUpstreamDown = m_refuseWhenDown->isChecked();
    proxy.threads = m_threads->value();
    c.seed = quint64(m_seed->value());
    c.framing = m_framed->isChecked() ? std::optional<NetCore::Framing>(m_framing->framing()) : std::nullopt;
    c.setFaults(m_faults->faults().value_or(NetCore::ProxyFaults{}));
    return proxy;
}

} // namespace Gui
