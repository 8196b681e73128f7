// SPDX-License-Identifier: GPL-3.0-or-later
#include "replymatchedit.h"

#include "formfields.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Gui {

namespace {
enum Choice { Default, InOrder, Wb1, Field, None };
} // namespace

ReplyMatchEdit::ReplyMatchEdit(QWidget *parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_fieldRow(new QWidget(this))
{
    m_kind->addItem(tr("the framing's default (WB1: its sequence; others: in order)"));
    m_kind->addItem(tr("in order: the oldest request in flight"));
    m_kind->addItem(tr("WB1 sequence number"));
    m_kind->addItem(tr("an id in both: bytes at an offset (DNS, Modbus, MQTT)"));
    m_kind->addItem(tr("none: fire and forget, replies counted but not timed"));
    m_requestOffset = FormFields::spin(this, 0, 65535, 0);
    m_size = FormFields::spin(this, 1, 8, 2, {}, tr(" bytes"));
    m_replyOffset = FormFields::spin(this, 0, 65535, 0);
    m_requestOffset->setToolTip(tr("Where the id starts in each request, counted from the frame's first byte on the wire"));
    m_replyOffset->setToolTip(tr("Where the same id starts in each reply"));
    auto *fields = new QHBoxLayout(m_fieldRow);
    fields->setContentsMargins(0, 0, 0, 0);
    fields->addWidget(new QLabel(tr("at byte"), m_fieldRow));
    fields->addWidget(m_requestOffset);
    fields->addWidget(new QLabel(tr("of requests,"), m_fieldRow));
    fields->addWidget(m_size);
    fields->addWidget(new QLabel(tr("long; at byte"), m_fieldRow));
    fields->addWidget(m_replyOffset);
    fields->addWidget(new QLabel(tr("of replies"), m_fieldRow));
    fields->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addWidget(m_fieldRow);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateFields();
        Q_EMIT changed();
    });
    for (QSpinBox *box : {m_requestOffset, m_size, m_replyOffset})
        connect(box, &QSpinBox::valueChanged, this, &ReplyMatchEdit::changed);
    updateFields();
}

void ReplyMatchEdit::updateFields()
{
    m_fieldRow->setVisible(m_kind->currentIndex() == Field);
}

std::optional<NetCore::ReplyMatch> ReplyMatchEdit::match() const
{
    switch (m_kind->currentIndex()) {
    case InOrder: return NetCore::ReplyMatch(NetCore::ReplyMatch::InOrder);
    case Wb1: return NetCore::ReplyMatch(NetCore::ReplyMatch::Wb1);
    case None: return NetCore::ReplyMatch(NetCore::ReplyMatch::None);
    case Field: return NetCore::ReplyMatch::field(m_requestOffset->value(), m_size->value(), m_replyOffset->value());
    default: return std::nullopt;
    }
}

void ReplyMatchEdit::setMatch(const std::optional<NetCore::ReplyMatch> &match)
{
    if (!match) {
        m_kind->setCurrentIndex(Default);
    } else {
        switch (match->kind()) {
        case NetCore::ReplyMatch::InOrder: m_kind->setCurrentIndex(InOrder); break;
        case NetCore::ReplyMatch::Wb1: m_kind->setCurrentIndex(Wb1); break;
        case NetCore::ReplyMatch::None: m_kind->setCurrentIndex(None); break;
        case NetCore::ReplyMatch::Field:
            m_requestOffset->setValue(match->requestOffset());
            m_size->setValue(match->size());
            m_replyOffset->setValue(match->replyOffset());
            m_kind->setCurrentIndex(Field);
            break;
        }
    }
    updateFields();
}

} // namespace Gui
