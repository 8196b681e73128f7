// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QWidget>

#include <optional>

class QCheckBox;

namespace Gui {

class FramingEdit;

/**
 * A reply framing: none (replies are framed as requests are), or one of its own, as
 * memcached's replies end with END\r\n while its requests are lines.
 */
class ReplyFramingEdit : public QWidget
{
    Q_OBJECT

public:
    explicit ReplyFramingEdit(QWidget *parent = nullptr);

    std::optional<NetCore::Framing> framing() const;
    void setFraming(const std::optional<NetCore::Framing> &framing);
    /** Why the fields do not make a framing, or empty (always empty when unchecked). */
    QString problem() const;
    QCheckBox *ownFramingBox() const { return m_own; }
    FramingEdit *framingEdit() const { return m_edit; }

Q_SIGNALS:
    void changed();

private:
    QCheckBox *m_own = nullptr;
    FramingEdit *m_edit = nullptr;
};

} // namespace Gui
