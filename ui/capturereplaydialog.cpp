// SPDX-License-Identifier: GPL-3.0-or-later
#include "capturereplaydialog.h"

#include "formfields.h"

#include "fleet/fleetsummary.h"
#include "io/hostaddress.h"
#include "metrics/latencysummary.h"
#include "replay/capturereplayer.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Gui {

CaptureReplayDialog::CaptureReplayDialog(const NetCore::Capture &capture, const QString &name, QWidget *parent)
    : QDialog(parent)
    , m_capture(capture)
{
    setWindowTitle(tr("Replay %1").arg(name));
    m_target = new QLineEdit(capture.upstream, this);
    m_target->setToolTip(tr("The server to play the recorded clients to (HOST:PORT); by default the one recorded."));
    m_connections = FormFields::spin(this, 1, 100'000, 1);
    m_connections->setToolTip(tr("Each connection plays one recorded conversation's client side, in turn."));
    m_speed = new QDoubleSpinBox(this);
    m_speed->setRange(0, 1e6);
    m_speed->setDecimals(2);
    m_speed->setSpecialValueText(tr("each request once its reply came"));
    m_speed->setToolTip(tr("Above 0: send at the recorded times divided by this (2: twice as fast), without waiting for replies."));
    m_timeout = FormFields::spin(this, 1, 3'600'000, 5000, {}, tr(" ms"));
    m_problem = FormFields::problemLabel(this);
    m_result = new QPlainTextEdit(this);
    m_result->setReadOnly(true);
    m_result->setPlaceholderText(tr("%1 recorded conversations%2. Replay to see where the replies differ from the recording.")
                                     .arg(capture.conversations.size())
                                     .arg(capture.framing ? tr(", %1 frames").arg(NetCore::framingName(*capture.framing)) : QString()));
    auto *form = new QFormLayout;
    form->addRow(tr("Target"), m_target);
    form->addRow(QString(), m_problem);
    form->addRow(tr("Connections"), m_connections);
    form->addRow(tr("Pace"), m_speed);
    form->addRow(tr("Reply timeout"), m_timeout);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = buttons->addButton(tr("Replay"), QDialogButtonBox::ActionRole);
    connect(m_run, &QPushButton::clicked, this, &CaptureReplayDialog::replay);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_target, &QLineEdit::textChanged, this, [this](const QString &text) {
        const auto split = NetCore::splitHostPort(text.trimmed());
        FormFields::showProblem(m_problem, split && NetCore::parseHostAddress(split->host)
                                              ? QString()
                                              : tr("HOST:PORT, an IP address and a port (e.g. 127.0.0.1:6379)."));
        m_run->setEnabled(m_problem->text().isEmpty() && !m_replayer);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);
    resize(640, 420);
    Q_EMIT m_target->textChanged(m_target->text());
}

CaptureReplayDialog::~CaptureReplayDialog() = default;

void CaptureReplayDialog::replay()
{
    const auto split = NetCore::splitHostPort(m_target->text().trimmed());
    if (!split || m_replayer)
        return;
    NetCore::ReplayConfig config;
    config.host = split->host;
    config.port = split->port;
    config.connections = m_connections->value();
    config.speed = m_speed->value();
    config.replyTimeoutMs = m_timeout->value();
    m_replayer = std::make_unique<NetCore::CaptureReplayer>(m_capture, config);
    connect(m_replayer.get(), &NetCore::CaptureReplayer::finished, this, &CaptureReplayDialog::showResult);
    QString why;
    if (!m_replayer->start(&why)) {
        m_replayer.reset();
        m_result->setPlainText(why);
        return;
    }
    m_run->setEnabled(false);
    m_result->setPlainText(tr("Replaying %1 connections to %2…").arg(config.connections).arg(m_target->text()));
}

QString CaptureReplayDialog::resultText() const
{
    return m_result->toPlainText();
}

void CaptureReplayDialog::showResult()
{
    if (!m_replayer)
        return;
    const NetCore::ReplayResult &result = m_replayer->result();
    QStringList lines;
    lines << tr("%1 requests sent, %2 replies compared, %3 differences, in %4 s")
                 .arg(result.requests)
                 .arg(result.replies)
                 .arg(result.differences)
                 .arg(double(result.elapsedNs) / 1e9, 0, 'f', 2);
    if (result.latency.totalCount() > 0) {
        const NetCore::LatencySummary latency = NetCore::LatencySummary::of(result.latency);
        lines << tr("reply latency p50 %1, p99 %2, max %3")
                     .arg(NetCore::formatDuration(latency.p50), NetCore::formatDuration(latency.p99), NetCore::formatDuration(latency.max));
    }
    if (result.connectionsFailed > 0)
        lines << tr("%1 connections failed; the first: %2").arg(result.connectionsFailed).arg(result.firstError);
    lines << result.firstDifferences;
    if (result.differences > quint64(result.firstDifferences.size()))
        lines << tr("… and %1 more").arg(result.differences - quint64(result.firstDifferences.size()));
    m_result->setPlainText(lines.join(QLatin1Char('\n')));
    m_replayer.release()->deleteLater(); // this is its own signal
    m_run->setEnabled(m_problem->text().isEmpty());
    Q_EMIT replayFinished();
}

} // namespace Gui
