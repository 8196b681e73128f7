// SPDX-License-Identifier: GPL-3.0-or-later
#include "framingedit.h"

#include "formfields.h"

#include "text/escapedtext.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace Gui {

using NetCore::Framing;
using namespace FormFields;

namespace {
// The general framings, after the named ones, as people read them.
const QList<std::pair<Framing::Kind, const char *>> generalKinds = {
    {Framing::Length, QT_TRANSLATE_NOOP("Gui::FramingEdit", "length field")},
    {Framing::Varint, QT_TRANSLATE_NOOP("Gui::FramingEdit", "varint size")},
    {Framing::Delimited, QT_TRANSLATE_NOOP("Gui::FramingEdit", "delimiter")},
    {Framing::Fixed, QT_TRANSLATE_NOOP("Gui::FramingEdit", "fixed size")},
};
} // namespace

FramingEdit::FramingEdit(QWidget *parent)
    : QWidget(parent)
{
    m_kind = new QComboBox(this);
    for (Framing::Kind kind : NetCore::allFramings)
        m_kind->addItem(NetCore::framingName(kind), int(kind));
    for (const auto &[kind, label] : generalKinds)
        m_kind->addItem(tr(label), int(kind));

    auto labelled = [this](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        m_parameterWidgets << label << field;
        return label;
    };
    m_offset = spin(this, 0, 65535, 0, {}, {});
    m_offset->setToolTip(tr("Bytes before the size field"));
    m_fieldSize = new QComboBox(this);
    for (int size : {1, 2, 3, 4, 8})
        m_fieldSize->addItem(tr("%n byte(s)", nullptr, size), size);
    m_fieldSize->setCurrentIndex(1);
    m_order = new QComboBox(this);
    m_order->addItem(tr("big-endian"), int(Framing::ByteOrder::BigEndian));
    m_order->addItem(tr("little-endian"), int(Framing::ByteOrder::LittleEndian));
    m_adjust = spin(this, -65535, 65535, 0, {}, {});
    m_adjust->setToolTip(tr("Added to the field's value and the header to give the frame's size; negative when the "
                            "length counts the header (PostgreSQL: -4)"));
    m_separator = new QLineEdit(QStringLiteral("\\r\\n"), this);
    m_separator->setToolTip(tr("The bytes that end a frame; escapes: \\r \\n \\t \\0 \\\\ \\xHH"));
    m_frameSize = spin(this, 1, 16 * 1024 * 1024, 16, {}, tr(" bytes"));

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_kind);
    for (auto [text, field] : std::initializer_list<std::pair<QString, QWidget *>>{
             {tr("at"), m_offset}, {tr("size"), m_fieldSize}, {QString(), m_order}, {tr("adjust"), m_adjust},
             {tr("ends with"), m_separator}, {QString(), m_frameSize}}) {
        if (!text.isEmpty())
            row->addWidget(labelled(text, field));
        else
            m_parameterWidgets << field;
        row->addWidget(field);
    }
    row->addStretch(1);
    m_problemLabel = problemLabel(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_problemLabel);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &FramingEdit::update);
    for (QSpinBox *box : {m_offset, m_adjust, m_frameSize})
        connect(box, &QSpinBox::valueChanged, this, &FramingEdit::update);
    for (QComboBox *box : {m_fieldSize, m_order})
        connect(box, &QComboBox::currentIndexChanged, this, &FramingEdit::update);
    connect(m_separator, &QLineEdit::textChanged, this, &FramingEdit::update);
    update();
}

Framing FramingEdit::framing() const
{
    return m_framing;
}

void FramingEdit::setFraming(const Framing &framing)
{
    {
        const QSignalBlocker blockKind(m_kind);
        m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(framing.kind()))));
        switch (framing.kind()) {
        case Framing::Length:
            m_offset->setValue(framing.offset());
            m_fieldSize->setCurrentIndex(std::max(0, m_fieldSize->findData(framing.fieldSize())));
            m_order->setCurrentIndex(m_order->findData(int(framing.byteOrder())));
            m_adjust->setValue(framing.adjust());
            break;
        case Framing::Varint: m_offset->setValue(framing.offset()); break;
        case Framing::Delimited: m_separator->setText(NetCore::EscapedText::format(framing.separator())); break;
        case Framing::Fixed: m_frameSize->setValue(int(framing.frameSize())); break;
        default: break;
        }
    }
    update();
}

void FramingEdit::update()
{
    const auto kind = Framing::Kind(m_kind->currentData().toInt());
    const QList<QWidget *> shown = [&]() -> QList<QWidget *> {
        switch (kind) {
        case Framing::Length: return {m_offset, m_fieldSize, m_order, m_adjust};
        case Framing::Varint: return {m_offset};
        case Framing::Delimited: return {m_separator};
        case Framing::Fixed: return {m_frameSize};
        default: return {};
        }
    }();
    for (QWidget *widget : std::as_const(m_parameterWidgets)) {
        const auto *label = qobject_cast<QLabel *>(widget);
        QWidget *field = label ? label->buddy() : widget;
        widget->setVisible(shown.contains(field));
    }
    m_problem.clear();
    switch (kind) {
    case Framing::Length:
        m_framing = Framing::length(m_offset->value(), m_fieldSize->currentData().toInt(),
                                    Framing::ByteOrder(m_order->currentData().toInt()), m_adjust->value());
        break;
    case Framing::Varint: m_framing = Framing::varint(m_offset->value()); break;
    case Framing::Delimited: {
        QString why;
        const auto separator = NetCore::EscapedText::parse(m_separator->text(), &why);
        if (!separator)
            m_problem = why;
        else if (separator->isEmpty())
            m_problem = tr("The separator is empty.");
        else if (!NetCore::parseFraming(QStringLiteral("delim:") + m_separator->text(), &why))
            m_problem = why;
        else
            m_framing = Framing::delimited(*separator);
        break;
    }
    case Framing::Fixed: m_framing = Framing::fixed(m_frameSize->value()); break;
    default: m_framing = Framing(kind); break;
    }
    showProblem(m_problemLabel, m_problem);
    Q_EMIT changed();
}

} // namespace Gui
