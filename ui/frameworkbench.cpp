// SPDX-License-Identifier: GPL-3.0-or-later
#include "frameworkbench.h"

#include "framingedit.h"

#include "codec/framecodec.h"
#include "codec/framereader.h"
#include "codec/framing.h"
#include "fleet/messagetemplate.h"
#include "text/templatetext.h"
#include "text/hexbytes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace NetCore;

namespace Gui {

namespace {

// A paste of megabytes must not freeze the window: decode at most this many frames.
constexpr int MaxDecodedRows = 1000;

enum DecodeColumn { ColumnResult, ColumnType, ColumnFlags, ColumnSequence, ColumnTimestamp, ColumnPayload, ColumnCount };

QString typeName(quint8 type)
{
    switch (FrameType(type)) {
    case FrameType::Data: return QStringLiteral("DATA");
    case FrameType::Reply: return QStringLiteral("REPLY");
    case FrameType::Error: return QStringLiteral("ERROR");
    }
    return QStringLiteral("0x%1").arg(type, 2, 16, QLatin1Char('0'));
}

// Printable text as is, anything else as hex: the payload column stays one line.
QString describePayload(QByteArrayView payload)
{
    const bool printable = std::all_of(payload.begin(), payload.end(),
                                       [](char c) { return uchar(c) >= 0x20 && uchar(c) < 0x7f; });
    if (printable)
        return QStringLiteral("\"%1\"").arg(QString::fromLatin1(payload));
    return QStringLiteral("hex %1").arg(HexBytes::format(payload.first(qMin<qsizetype>(payload.size(), 64))))
        + (payload.size() > 64 ? QStringLiteral(" …") : QString());
}

QFont monospaceFont()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace

FrameWorkbench::FrameWorkbench(QWidget *parent)
    : QWidget(parent)
{
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createEncodeSide());
    splitter->addWidget(createDecodeSide());
    // The encode side fits a 16-byte hex dump line; the decode table takes the rest.
    const int dumpWidth = QFontMetrics(monospaceFont()).horizontalAdvance(QString(80, u'0')) + 60;
    splitter->setSizes({dumpWidth, 1200 - dumpWidth});
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);
    encode();
    decode();
}

QWidget *FrameWorkbench::createEncodeSide()
{
    auto *group = new QGroupBox(tr("Encode a frame"), this);
    auto *form = new QFormLayout;

    m_encodeFraming = new FramingEdit(group);
    form->addRow(tr("&Framing:"), m_encodeFraming);

    m_payloadMode = new QComboBox(group);
    m_payloadMode->addItem(tr("Text (UTF-8)"));
    m_payloadMode->addItem(tr("Hex"));
    form->addRow(tr("Payload &as:"), m_payloadMode);

    m_payloadEdit = new QPlainTextEdit(group);
    m_payloadEdit->setPlaceholderText(tr("Payload bytes"));
    m_payloadEdit->setMaximumHeight(90);
    form->addRow(tr("&Payload:"), m_payloadEdit);

    m_wb1Fields = new QGroupBox(tr("WB1 header"), group);
    auto *wb1Form = new QFormLayout(m_wb1Fields);
    m_typeBox = new QComboBox(m_wb1Fields);
    m_typeBox->addItem(tr("DATA (0x01)"), 0x01);
    m_typeBox->addItem(tr("REPLY (0x02)"), 0x02);
    m_typeBox->addItem(tr("ERROR (0x03)"), 0x03);
    m_typeBox->addItem(tr("unknown (0x7f)"), 0x7f);
    wb1Form->addRow(tr("&Type:"), m_typeBox);
    m_noReplyBox = new QCheckBox(tr("NO_REPLY (flag bit 0)"), m_wb1Fields);
    wb1Form->addRow(tr("Flags:"), m_noReplyBox);
    auto *unsigned64 = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), this);
    m_sequenceEdit = new QLineEdit(QStringLiteral("1"), m_wb1Fields);
    m_sequenceEdit->setValidator(unsigned64);
    wb1Form->addRow(tr("&Sequence:"), m_sequenceEdit);
    m_timestampEdit = new QLineEdit(QStringLiteral("0"), m_wb1Fields);
    m_timestampEdit->setValidator(unsigned64);
    m_timestampEdit->setToolTip(tr("Sender's clock in nanoseconds; a REPLY carries it back unchanged"));
    wb1Form->addRow(tr("T&imestamp (ns):"), m_timestampEdit);
    form->addRow(m_wb1Fields);

    m_encodeStatus = new QLabel(group);
    m_encodeStatus->setWordWrap(true);
    m_encodedView = new QPlainTextEdit(group);
    m_encodedView->setReadOnly(true);
    m_encodedView->setFont(monospaceFont());
    m_encodedView->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *layout = new QVBoxLayout(group);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Bytes on the wire:"), group));
    layout->addWidget(m_encodedView, 1);
    layout->addWidget(m_encodeStatus);

    connect(m_encodeFraming, &FramingEdit::changed, this, &FrameWorkbench::encode);
    connect(m_payloadMode, &QComboBox::currentIndexChanged, this, &FrameWorkbench::encode);
    connect(m_payloadEdit, &QPlainTextEdit::textChanged, this, &FrameWorkbench::encode);
    connect(m_typeBox, &QComboBox::currentIndexChanged, this, &FrameWorkbench::encode);
    connect(m_noReplyBox, &QCheckBox::toggled, this, &FrameWorkbench::encode);
    connect(m_sequenceEdit, &QLineEdit::textChanged, this, &FrameWorkbench::encode);
    connect(m_timestampEdit, &QLineEdit::textChanged, this, &FrameWorkbench::encode);
    return group;
}

QWidget *FrameWorkbench::createDecodeSide()
{
    auto *group = new QGroupBox(tr("Decode bytes"), this);
    m_decodeFraming = new FramingEdit(group);
    auto *takeButton = new QPushButton(tr("&Use the encoded bytes"), group);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Framing:"), group));
    top->addWidget(m_decodeFraming);
    top->addStretch(1);
    top->addWidget(takeButton);

    m_decodeInput = new QPlainTextEdit(group);
    m_decodeInput->setFont(monospaceFont());
    m_decodeInput->setPlaceholderText(tr("Hex bytes as received, e.g. 57 42 01 01 …"));
    m_decodeInput->setMaximumHeight(120);

    m_decodeStatus = new QLabel(group);
    m_decodeStatus->setWordWrap(true);
    m_decodeTable = new QTableWidget(0, ColumnCount, group);
    m_decodeTable->setHorizontalHeaderLabels(
        {tr("Result"), tr("Type"), tr("Flags"), tr("Sequence"), tr("Timestamp (ns)"), tr("Payload")});
    m_decodeTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_decodeTable->horizontalHeader()->setSectionResizeMode(ColumnPayload, QHeaderView::Stretch);
    m_decodeTable->verticalHeader()->setVisible(false);
    m_decodeTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_decodeTable->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *layout = new QVBoxLayout(group);
    layout->addLayout(top);
    layout->addWidget(m_decodeInput);
    layout->addWidget(m_decodeStatus);
    layout->addWidget(m_decodeTable, 1);

    connect(m_decodeFraming, &FramingEdit::changed, this, &FrameWorkbench::decode);
    connect(m_decodeInput, &QPlainTextEdit::textChanged, this, &FrameWorkbench::decode);
    connect(takeButton, &QPushButton::clicked, this, [this] {
        m_decodeFraming->setFraming(m_encodeFraming->framing());
        m_decodeInput->setPlainText(HexBytes::format(m_encoded));
    });
    return group;
}

void FrameWorkbench::encode()
{
    const Framing framing = m_encodeFraming->framing();
    m_wb1Fields->setEnabled(framing == Framing::Wb1);
    m_encoded.clear();
    m_encodedView->clear();

    // Fields ({seq:u16be}, {conn:dec}, ...) are filled as for connection 0's first message.
    QString why;
    const auto stored = TemplateText::parse(m_payloadEdit->toPlainText(),
                                            m_payloadMode->currentIndex() == 1 ? TemplateText::Style::Hex
                                                                               : TemplateText::Style::Plain,
                                            &why);
    if (!stored) {
        m_encodeStatus->setText(tr("Payload: %1").arg(why));
        return;
    }
    const QByteArray payload = MessageTemplate::fixed(*stored).payloadFor(0).toByteArray();

    bool sequenceOk = false;
    bool timestampOk = false;
    Frame frame;
    frame.type = quint8(m_typeBox->currentData().toUInt());
    frame.flags = m_noReplyBox->isChecked() ? FrameFlag::NoReply : 0;
    frame.sequence = m_sequenceEdit->text().toULongLong(&sequenceOk);
    frame.timestamp = m_timestampEdit->text().toULongLong(&timestampOk);
    frame.payload = payload;
    if (framing == Framing::Wb1 && (!sequenceOk || !timestampOk)) {
        m_encodeStatus->setText(tr("Sequence and timestamp must be whole numbers from 0 to 18446744073709551615"));
        return;
    }

    const auto codec = makeCodec(framing);
    const FrameError error = codec->encode(frame, m_encoded);
    if (error != FrameError::None) {
        m_encodeStatus->setText(tr("Cannot encode: %1 (this framing's maximum payload is %2 bytes)")
                                    .arg(QString::fromLatin1(frameErrorCode(error)))
                                    .arg(codec->maxPayload()));
        return;
    }
    m_encodedView->setPlainText(HexBytes::dump(m_encoded));
    m_encodeStatus->setText(tr("%1 bytes: %2 of framing, %3 of payload")
                                .arg(m_encoded.size())
                                .arg(m_encoded.size() - payload.size())
                                .arg(payload.size()));
}

void FrameWorkbench::decode()
{
    m_decodeTable->setRowCount(0);
    QString parseError;
    const auto bytes = HexBytes::parse(m_decodeInput->toPlainText(), &parseError);
    if (!bytes) {
        m_decodeStatus->setText(tr("Input: %1").arg(parseError));
        return;
    }

    const auto codec = makeCodec(m_decodeFraming->framing());
    FrameReader reader(*codec);
    reader.append(*bytes);

    auto addRow = [this](const QString &result, const Frame &frame, bool withFields) {
        const int row = m_decodeTable->rowCount();
        m_decodeTable->insertRow(row);
        const QStringList cells = withFields
            ? QStringList{result,
                          typeName(frame.type),
                          QStringLiteral("0x%1").arg(frame.flags, 4, 16, QLatin1Char('0')),
                          QString::number(frame.sequence),
                          QString::number(frame.timestamp),
                          describePayload(frame.payload)}
            : QStringList{result, {}, {}, QString::number(frame.sequence), {}, {}};
        for (int column = 0; column < ColumnCount; ++column)
            m_decodeTable->setItem(row, column, new QTableWidgetItem(cells[column]));
    };

    int frames = 0;
    QString status;
    while (m_decodeTable->rowCount() < MaxDecodedRows) {
        Frame frame;
        const DecodeResult result = reader.next(frame);
        if (result.status == DecodeResult::Status::Complete) {
            ++frames;
            addRow(tr("frame %1").arg(frames), frame, true);
            continue;
        }
        if (result.status == DecodeResult::Status::Failed) {
            const QString code = QString::fromLatin1(frameErrorCode(result.error));
            if (!result.isFatal()) {
                ++frames;
                addRow(tr("%1, kept open").arg(code), frame, true);
                continue;
            }
            addRow(tr("%1, fatal").arg(code), frame, false);
            status = tr("Stopped at a fatal %1 error: a peer closes the connection, and nothing after it is read.")
                         .arg(code);
            break;
        }
        status = reader.bufferedBytes() > 0
            ? tr("%1 bytes wait for the rest of a frame (%2 needed in all).")
                  .arg(reader.bufferedBytes())
                  .arg(result.needed)
            : tr("All bytes decoded.");
        break;
    }
    if (m_decodeTable->rowCount() >= MaxDecodedRows)
        status = tr("Showing the first %1 frames.").arg(MaxDecodedRows);
    m_decodeStatus->setText((frames == 1 ? tr("1 frame. ") : tr("%1 frames. ").arg(frames)) + status);
}

void FrameWorkbench::setEncodeInput(const QString &framing, const QString &payloadText)
{
    if (const auto parsed = parseFraming(framing))
        m_encodeFraming->setFraming(*parsed);
    m_payloadMode->setCurrentIndex(0);
    m_payloadEdit->setPlainText(payloadText);
}

void FrameWorkbench::setDecodeInput(const QString &framing, const QString &hexText)
{
    if (const auto parsed = parseFraming(framing))
        m_decodeFraming->setFraming(*parsed);
    m_decodeInput->setPlainText(hexText);
}

QStringList FrameWorkbench::decodedRows() const
{
    QStringList rows;
    for (int row = 0; row < m_decodeTable->rowCount(); ++row) {
        const auto text = [&](int column) { return m_decodeTable->item(row, column)->text(); };
        rows << QStringList{text(ColumnResult), text(ColumnType), text(ColumnSequence), text(ColumnPayload)}.join(u'|');
    }
    return rows;
}

void FrameWorkbench::loadDemo()
{
    // docs/protocol.md's vectors: DATA "hello", its REPLY, an empty DATA with a
    // timestamp, then the first frame again with one payload byte changed.
    setEncodeInput(QStringLiteral("wb1"), QStringLiteral("hello"));
    m_sequenceEdit->setText(QStringLiteral("1"));
    m_timestampEdit->setText(QStringLiteral("0"));
    setDecodeInput(QStringLiteral("wb1"),
                   QStringLiteral("57 42 01 01 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 01\n"
                                  "00 00 00 00 00 00 00 00 68 65 6c 6c 6f 8e 9f 8a d1\n"
                                  "57 42 01 02 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 01\n"
                                  "00 00 00 00 00 00 00 00 68 65 6c 6c 6f b0 52 49 ca\n"
                                  "57 42 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07\n"
                                  "01 02 03 04 05 06 07 08 ff 39 2e 70\n"
                                  "57 42 01 01 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 02\n"
                                  "00 00 00 00 00 00 00 00 68 65 6c 6c 21 8e 9f 8a d1"));
}

} // namespace Gui
