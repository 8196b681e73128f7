// SPDX-License-Identifier: GPL-3.0-or-later
#include "replyframingedit.h"

#include "framingedit.h"

#include <QCheckBox>
#include <QVBoxLayout>

namespace Gui {

ReplyFramingEdit::ReplyFramingEdit(QWidget *parent)
    : QWidget(parent)
    , m_own(new QCheckBox(tr("framed apart from requests"), this))
    , m_edit(new FramingEdit(this))
{
    m_own->setToolTip(tr("Replies in a framing of their own, e.g. requests as lines and replies ending in END\\r\\n"));
    m_edit->setFraming(NetCore::Framing::delimited("END\r\n"));
    m_edit->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_own);
    layout->addWidget(m_edit);
    connect(m_own, &QCheckBox::toggled, this, [this](bool own) {
        m_edit->setVisible(own);
        Q_EMIT changed();
    });
    connect(m_edit, &FramingEdit::changed, this, &ReplyFramingEdit::changed);
}

std::optional<NetCore::Framing> ReplyFramingEdit::framing() const
{
    return m_own->isChecked() ? std::optional<NetCore::Framing>(m_edit->framing()) : std::nullopt;
}

void ReplyFramingEdit::setFraming(const std::optional<NetCore::Framing> &framing)
{
    if (framing)
        m_edit->setFraming(*framing);
    m_own->setChecked(framing.has_value());
    m_edit->setVisible(framing.has_value());
}

QString ReplyFramingEdit::problem() const
{
    return m_own->isChecked() ? m_edit->problem() : QString();
}

} // namespace Gui
