// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fleet/replymatch.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSpinBox;

namespace Gui {

/**
 * How replies pair with requests, chosen from a list: the framing's default, in
 * order, WB1's sequence, an id at offsets in both (its offsets and size as fields),
 * or none (fire and forget).
 */
class ReplyMatchEdit : public QWidget
{
    Q_OBJECT

public:
    explicit ReplyMatchEdit(QWidget *parent = nullptr);

    /** nullopt: the framing's default. */
    std::optional<NetCore::ReplyMatch> match() const;
    void setMatch(const std::optional<NetCore::ReplyMatch> &match);
    QComboBox *kindBox() const { return m_kind; }

Q_SIGNALS:
    void changed();

private:
    void updateFields();

    QComboBox *m_kind = nullptr;
    QWidget *m_fieldRow = nullptr;
    QSpinBox *m_requestOffset = nullptr;
    QSpinBox *m_size = nullptr;
    QSpinBox *m_replyOffset = nullptr;
};

} // namespace Gui
