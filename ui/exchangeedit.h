// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "session/exchangemessage.h"

#include <QList>
#include <QStringList>
#include <QWidget>

class QTableWidget;

namespace Gui {

/**
 * A fleet's opening exchange (hello) or closing one (goodbye): messages in order,
 * each written as text (escapes and fields), hex or a template's name; a hello's with
 * the bytes its reply must start with, written as the message is.
 */
class ExchangeEdit : public QWidget
{
    Q_OBJECT

public:
    ExchangeEdit(bool withExpect, const QStringList &templateNames, QWidget *parent = nullptr);

    QList<NetCore::ExchangeMessage> messages() const;
    void setMessages(const QList<NetCore::ExchangeMessage> &messages);
    /** Why a row cannot be sent (naming the row), or empty. */
    QString problem() const;
    QTableWidget *table() const { return m_table; }
    void addRow(const NetCore::ExchangeMessage &message);

Q_SIGNALS:
    void changed();

private:
    bool m_withExpect;
    QStringList m_templates;
    QTableWidget *m_table = nullptr;
};

} // namespace Gui
