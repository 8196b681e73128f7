// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codec/framing.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Gui {

/**
 * A framing chosen from a list, with its parameters as fields: offset, size, byte
 * order and adjustment of a length field; the offset of a varint size; a separator
 * (escapes allowed); a fixed frame size. A wrong parameter is named beside it, and
 * framing() then keeps the last good value. changed() follows every edit.
 */
class FramingEdit : public QWidget
{
    Q_OBJECT

public:
    explicit FramingEdit(QWidget *parent = nullptr);

    NetCore::Framing framing() const;
    void setFraming(const NetCore::Framing &framing);
    /** Why the fields do not make a framing, or empty. */
    QString problem() const { return m_problem; }
    QComboBox *kindBox() const { return m_kind; }

Q_SIGNALS:
    void changed();

private:
    void update();

    QComboBox *m_kind = nullptr;
    QSpinBox *m_offset = nullptr;
    QComboBox *m_fieldSize = nullptr;
    QComboBox *m_order = nullptr;
    QSpinBox *m_adjust = nullptr;
    QLineEdit *m_separator = nullptr;
    QSpinBox *m_frameSize = nullptr;
    QList<QWidget *> m_parameterWidgets;
    QLabel *m_problemLabel = nullptr;
    QString m_problem;
    NetCore::Framing m_framing;
};

} // namespace Gui
