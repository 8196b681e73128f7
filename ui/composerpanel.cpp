// SPDX-License-Identifier: GPL-3.0-or-later
#include "composerpanel.h"

#include "codec/framecodec.h"
#include "fleet/clientfleet.h"
#include "scenario/sessionengine.h"
#include "fleet/messagetemplate.h"
#include "text/hexbytes.h"
#include "text/httprequesttext.h"
#include "text/rediscommandtext.h"
#include "text/templatetext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace Gui {

namespace {

NetCore::TemplateText::Style templateStyle(ComposerPanel::Mode mode)
{
    switch (mode) {
    case ComposerPanel::Mode::Text: return NetCore::TemplateText::Style::Plain;
    case ComposerPanel::Mode::Hex: return NetCore::TemplateText::Style::Hex;
    case ComposerPanel::Mode::Escaped:
    case ComposerPanel::Mode::Redis:
    case ComposerPanel::Mode::Http: return NetCore::TemplateText::Style::Escaped;
    }
    return NetCore::TemplateText::Style::Plain;
}

bool isProtocolMode(ComposerPanel::Mode mode)
{
    return mode == ComposerPanel::Mode::Redis || mode == ComposerPanel::Mode::Http;
}

// An HTTP request as the composer takes it: "METHOD /path", then header lines, then
// (after an empty line) the body. As HttpRequestText's request form and headers.
struct HttpParts {
    QString request;
    QStringList headers;
};

HttpParts httpParts(const QString &text)
{
    HttpParts parts;
    const QStringList lines = text.split(QLatin1Char('\n'));
    parts.request = lines.value(0).trimmed();
    qsizetype i = 1;
    for (; i < lines.size() && !lines[i].trimmed().isEmpty(); ++i)
        parts.headers << lines[i].trimmed();
    const QString body = lines.mid(i + 1).join(QLatin1Char('\n'));
    if (!body.isEmpty())
        parts.request += QLatin1Char(' ') + body;
    return parts;
}

} // namespace

ComposerPanel::ComposerPanel(NetCore::SessionEngine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_repeatTimer(new QTimer(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_modeBox = new QComboBox(this);
    m_modeBox->addItems({tr("Text"), tr("Hex"), tr("Escaped text (\\n, \\xHH)"), tr("Redis command"),
                         tr("HTTP request")});
    m_modeBox->setItemData(int(Mode::Redis), tr("Words as redis-cli takes them, e.g. SET key:{rand:1-1000} {bytes:16}: "
                                                "sent as the RESP array"), Qt::ToolTipRole);
    m_modeBox->setItemData(int(Mode::Http), tr("GET /path on the first line, then header lines, an empty line and the "
                                               "body: Host and Content-Length are added"), Qt::ToolTipRole);
    m_editor = new QPlainTextEdit(this);
    m_editor->setFont(fixed);
    m_editor->setPlaceholderText(tr("The message; fields are filled per message: {seq:u16be} {conn:dec} {time:u64be} {rand:1-100} {bytes:8}"));
    m_editor->setMaximumHeight(56);
    m_problem = new QLabel(this);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_problem->setWordWrap(true);
    m_type = new QSpinBox(this);
    m_type->setRange(0, 255);
    m_type->setValue(1);
    m_type->setToolTip(tr("WB1 frame type: 1 DATA, 2 REPLY, 3 ERROR"));
    m_flags = new QSpinBox(this);
    m_flags->setRange(0, 0xffff);
    m_flags->setDisplayIntegerBase(16);
    m_flags->setPrefix(QStringLiteral("0x"));
    m_flags->setToolTip(tr("WB1 flags: 0x0001 NO_REPLY"));
    m_fixSequence = new QCheckBox(tr("fixed"), this);
    m_sequence = new QSpinBox(this);
    m_sequence->setRange(0, std::numeric_limits<int>::max());
    m_fixTimestamp = new QCheckBox(tr("fixed"), this);
    m_timestamp = new QSpinBox(this);
    m_timestamp->setRange(0, std::numeric_limits<int>::max());
    m_preview = new QPlainTextEdit(this);
    m_preview->setReadOnly(true);
    m_preview->setFont(fixed);
    m_preview->setMaximumHeight(56);
    m_target = new QComboBox(this);
    m_target->addItems({tr("one connection"), tr("the whole fleet"), tr("every fleet")});
    m_fleet = new QComboBox(this);
    m_connection = new QSpinBox(this);
    m_connection->setRange(0, 10'000'000);
    m_connection->setPrefix(tr("connection "));
    m_count = new QSpinBox(this);
    m_count->setRange(1, 1'000'000);
    m_count->setSuffix(tr(" times"));
    m_repeat = new QCheckBox(tr("every"), this);
    m_interval = new QSpinBox(this);
    m_interval->setRange(1, 3'600'000);
    m_interval->setValue(1000);
    m_interval->setSuffix(tr(" ms"));
    m_send = new QPushButton(tr("Send"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setEnabled(false);
    auto *keep = new QPushButton(tr("Keep as template…"), this);

    auto *wb1 = new QHBoxLayout;
    wb1->addWidget(new QLabel(tr("type"), this));
    wb1->addWidget(m_type);
    wb1->addWidget(new QLabel(tr("flags"), this));
    wb1->addWidget(m_flags);
    wb1->addWidget(new QLabel(tr("sequence"), this));
    wb1->addWidget(m_fixSequence);
    wb1->addWidget(m_sequence);
    wb1->addWidget(new QLabel(tr("timestamp"), this));
    wb1->addWidget(m_fixTimestamp);
    wb1->addWidget(m_timestamp);
    wb1->addStretch();
    auto *where = new QHBoxLayout;
    where->addWidget(m_target);
    where->addWidget(m_fleet);
    where->addWidget(m_connection);
    where->addWidget(m_count);
    where->addWidget(m_repeat);
    where->addWidget(m_interval);
    where->addStretch();
    where->addWidget(keep);
    where->addWidget(m_stop);
    where->addWidget(m_send);
    auto *form = new QFormLayout;
    form->addRow(tr("As"), m_modeBox);
    form->addRow(tr("Message"), m_editor);
    form->addRow(QString(), m_problem);
    form->addRow(tr("WB1 fields"), wb1);
    form->addRow(tr("On the wire"), m_preview);
    form->addRow(tr("Send to"), where);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);

    connect(m_modeBox, &QComboBox::currentIndexChanged, this, [this](int index) { setMode(Mode(index)); });
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ComposerPanel::refresh);
    for (QSpinBox *box : {m_type, m_flags, m_sequence, m_timestamp})
        connect(box, &QSpinBox::valueChanged, this, &ComposerPanel::refresh);
    for (QCheckBox *box : {m_fixSequence, m_fixTimestamp})
        connect(box, &QCheckBox::toggled, this, &ComposerPanel::refresh);
    connect(m_fleet, &QComboBox::currentTextChanged, this, &ComposerPanel::refresh);
    connect(m_target, &QComboBox::currentIndexChanged, this, &ComposerPanel::refresh);
    connect(m_send, &QPushButton::clicked, this, [this] {
        QString why;
        if (!sendNow(&why)) {
            Q_EMIT failed(why);
            return;
        }
        if (m_repeat->isChecked()) {
            m_repeatTimer->start(m_interval->value());
            m_stop->setEnabled(true);
        }
    });
    connect(m_stop, &QPushButton::clicked, this, &ComposerPanel::stopRepeating);
    connect(m_repeatTimer, &QTimer::timeout, this, [this] {
        QString why;
        if (!sendNow(&why)) {
            stopRepeating();
            Q_EMIT failed(why);
        }
    });
    connect(keep, &QPushButton::clicked, this, [this] {
        const auto bytes = payload();
        if (!bytes)
            return;
        const QString name = QInputDialog::getText(this, tr("Keep as template"), tr("Template name:"));
        if (name.trimmed().isEmpty())
            return;
        NetCore::NamedTemplate t;
        t.name = name.trimmed();
        // Kept as typed where it can be: fields stay fields.
        if (m_mode == Mode::Redis) {
            t.source = NetCore::NamedTemplate::Source::Redis;
            t.messages = {m_editor->toPlainText().simplified()};
        } else if (m_mode == Mode::Http) {
            const HttpParts parts = httpParts(m_editor->toPlainText());
            t.source = NetCore::NamedTemplate::Source::Http;
            t.messages = {parts.request};
            t.headers = parts.headers;
        } else if (m_mode == Mode::Hex) {
            t.source = NetCore::NamedTemplate::Source::Hex;
            t.hex = NetCore::TemplateText::format(*bytes, NetCore::TemplateText::Style::Hex);
        } else {
            t.source = NetCore::NamedTemplate::Source::Text;
            t.text = NetCore::TemplateText::format(*bytes, NetCore::TemplateText::Style::Escaped);
        }
        if (m_type->value() != 1)
            t.wb1Type = m_type->value();
        if (m_flags->value() != 0)
            t.wb1Flags = m_flags->value();
        Q_EMIT templateSaved(t);
    });
    reload();
}

void ComposerPanel::reload()
{
    const QString current = m_fleet->currentText();
    m_fleet->clear();
    for (const auto &fleet : m_engine.session().fleets)
        m_fleet->addItem(fleet.name);
    if (!current.isEmpty() && m_fleet->findText(current) >= 0)
        m_fleet->setCurrentText(current);
    refresh();
}

void ComposerPanel::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    // The same bytes, written the new way (when what is there parses).
    const auto bytes = payload();
    m_mode = mode;
    {
        const QSignalBlocker block(m_modeBox);
        m_modeBox->setCurrentIndex(int(mode));
    }
    // A Redis command or an HTTP request is not made back from bytes: what is typed stays.
    if (bytes && !isProtocolMode(mode))
        m_editor->setPlainText(NetCore::TemplateText::format(*bytes, templateStyle(mode)));
    refresh();
}

void ComposerPanel::setPayloadText(const QString &text)
{
    m_editor->setPlainText(text);
}

std::optional<QByteArray> ComposerPanel::payload(QString *error) const
{
    const QString text = m_editor->toPlainText();
    if (m_mode == Mode::Redis)
        return NetCore::RedisCommandText::build(text.simplified(), error);
    if (m_mode == Mode::Http) {
        const HttpParts parts = httpParts(text);
        return NetCore::HttpRequestText::build(parts.request, parts.headers, error);
    }
    return NetCore::TemplateText::parse(text, templateStyle(m_mode), error);
}

std::optional<QByteArray> ComposerPanel::filledPayload() const
{
    const auto stored = payload();
    if (!stored)
        return std::nullopt;
    return NetCore::MessageTemplate::fixed(*stored).payloadFor(0).toByteArray();
}

QString ComposerPanel::problem() const
{
    return m_problem->text();
}

NetCore::MessageTemplate ComposerPanel::messageTemplate(const QByteArray &bytes) const
{
    NetCore::MessageTemplate message = NetCore::MessageTemplate::fixed(bytes);
    message.wb1Type = quint8(m_type->value());
    message.wb1Flags = quint16(m_flags->value());
    if (m_fixSequence->isChecked())
        message.fixedSequence = quint64(m_sequence->value());
    if (m_fixTimestamp->isChecked())
        message.fixedTimestamp = quint64(m_timestamp->value());
    return message;
}

QByteArray ComposerPanel::preview() const
{
    const auto bytes = filledPayload();
    const NetCore::FleetDefinition *fleet = m_engine.session().fleet(m_fleet->currentText());
    if (!bytes || !fleet)
        return {};
    const auto codec = NetCore::makeCodec(fleet->config.framing, fleet->config.maxPayload);
    const NetCore::Frame frame{quint8(m_type->value()), quint16(m_flags->value()),
                               m_fixSequence->isChecked() ? quint64(m_sequence->value()) : 0,
                               m_fixTimestamp->isChecked() ? quint64(m_timestamp->value()) : 0, *bytes};
    QByteArray out;
    if (fleet->config.framing == NetCore::Framing::Http1) {
        // The fleet adds Host from its target when the request has none.
        const QByteArray host = fleet->server.isEmpty()
            ? fleet->config.host.toUtf8() + ':' + QByteArray::number(fleet->config.port)
            : "(the address of server " + fleet->server.toUtf8() + ")"; // known once it listens
        const QByteArray request = NetCore::HttpRequestText::withHost(*bytes, host);
        codec->encode(NetCore::Frame{frame.type, frame.flags, frame.sequence, frame.timestamp, request}, out);
        return out;
    }
    codec->encode(frame, out);
    return out;
}

void ComposerPanel::refresh()
{
    QString why;
    const QString text = m_editor->toPlainText();
    bool ok = true;
    const auto stored = payload(&why);
    ok = stored.has_value();
    const NetCore::FleetDefinition *fleet = m_engine.session().fleet(m_fleet->currentText());
    const bool wb1 = fleet && fleet->config.framing == NetCore::Framing::Wb1;
    for (QWidget *w : std::initializer_list<QWidget *>{m_type, m_flags, m_fixSequence, m_sequence, m_fixTimestamp, m_timestamp})
        w->setEnabled(wb1);
    m_sequence->setEnabled(wb1 && m_fixSequence->isChecked());
    m_timestamp->setEnabled(wb1 && m_fixTimestamp->isChecked());
    m_connection->setEnabled(m_target->currentIndex() == int(Target::Connection));
    m_fleet->setEnabled(m_target->currentIndex() != int(Target::Everything));
    if (ok && fleet) {
        const auto codec = NetCore::makeCodec(fleet->config.framing, fleet->config.maxPayload);
        why = NetCore::MessageTemplate::fixed(*stored).problemWith(fleet->config.framing, codec->maxPayload());
        ok = why.isEmpty();
    }
    m_problem->setText(ok ? QString() : why);
    m_problem->setVisible(!ok);
    const bool webSocket = fleet && fleet->config.framing == NetCore::Framing::WebSocket;
    const QString note = wb1 && !m_fixSequence->isChecked() ? tr("\n(sequence and timestamp are filled in when sent)")
        : webSocket                                          ? tr("\n(masked with a fresh key when sent)")
                                                             : QString();
    m_preview->setPlainText(ok ? NetCore::HexBytes::dump(preview()) + note : QString());
    m_send->setEnabled(ok && m_fleet->count() > 0);
}

bool ComposerPanel::sendNow(QString *why)
{
    const auto bytes = payload();
    if (!bytes || !problem().isEmpty()) {
        if (why)
            *why = tr("The message cannot be sent: %1").arg(problem());
        return false;
    }
    const NetCore::MessageTemplate message = messageTemplate(*bytes);
    const int count = m_count->value();
    QStringList fleets;
    if (m_target->currentIndex() == int(Target::Everything)) {
        for (const auto &fleet : m_engine.session().fleets)
            fleets << fleet.name;
    } else {
        fleets << m_fleet->currentText();
    }
    int sentTo = 0;
    for (const QString &name : std::as_const(fleets)) {
        NetCore::ClientFleet *fleet = m_engine.fleet(name);
        if (!fleet || fleet->state() != NetCore::ClientFleet::State::Running)
            continue;
        if (m_target->currentIndex() == int(Target::Connection))
            fleet->sendTo(m_connection->value(), count, message);
        else
            fleet->send(count, message);
        ++sentTo;
    }
    if (sentTo == 0) {
        const NetCore::FleetDefinition *one = fleets.size() == 1 ? m_engine.session().fleet(fleets.first()) : nullptr;
        if (why && one && !one->replay.isEmpty())
            *why = tr("Fleet %1 replays a capture: it sends only what was recorded.").arg(one->name);
        else if (why)
            *why = fleets.size() == 1 ? tr("Fleet %1 is not connected: connect it first.").arg(fleets.first())
                                      : tr("No fleet is connected: connect one first.");
        return false;
    }
    return true;
}

void ComposerPanel::setTarget(Target target, const QString &fleet, int connection)
{
    m_target->setCurrentIndex(int(target));
    m_fleet->setCurrentText(fleet);
    m_connection->setValue(connection);
    refresh();
}

void ComposerPanel::setRepeat(int count, int everyMs)
{
    m_count->setValue(count);
    m_repeat->setChecked(everyMs > 0);
    if (everyMs > 0)
        m_interval->setValue(everyMs);
}

void ComposerPanel::stopRepeating()
{
    m_repeatTimer->stop();
    m_stop->setEnabled(false);
}

} // namespace Gui
