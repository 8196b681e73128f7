// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchangeedit.h"

#include "session/session.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gui {

namespace {
enum Column { WrittenAs, Message, Expect };
enum Writing { Text, Hex, Template };
} // namespace

ExchangeEdit::ExchangeEdit(bool withExpect, const QStringList &templateNames, QWidget *parent)
    : QWidget(parent)
    , m_withExpect(withExpect)
    , m_templates(templateNames)
    , m_table(new QTableWidget(0, withExpect ? 3 : 2, this))
{
    QStringList headers{tr("Written as"), tr("Message")};
    if (withExpect)
        headers << tr("Reply starts with (optional)");
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(WrittenAs, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMaximumHeight(110);
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow({});
        Q_EMIT changed();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow() >= 0 ? m_table->currentRow() : m_table->rowCount() - 1;
        if (row >= 0)
            m_table->removeRow(row);
        Q_EMIT changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, &ExchangeEdit::changed);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void ExchangeEdit::addRow(const NetCore::ExchangeMessage &message)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *writing = new QComboBox(m_table);
    writing->addItems({tr("text"), tr("hex"), tr("template")});
    writing->setCurrentIndex(!message.templateName.isEmpty() ? Template : !message.hex.isEmpty() ? Hex : Text);
    connect(writing, &QComboBox::currentIndexChanged, this, &ExchangeEdit::changed);
    m_table->setCellWidget(row, WrittenAs, writing);
    const QString body = !message.templateName.isEmpty() ? message.templateName : !message.hex.isEmpty() ? message.hex : message.text;
    m_table->setItem(row, Message, new QTableWidgetItem(body));
    if (m_withExpect)
        m_table->setItem(row, Expect, new QTableWidgetItem(message.expectHex.isEmpty() ? message.expect : message.expectHex));
}

QList<NetCore::ExchangeMessage> ExchangeEdit::messages() const
{
    QList<NetCore::ExchangeMessage> messages;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const int writing = static_cast<QComboBox *>(m_table->cellWidget(row, WrittenAs))->currentIndex();
        const QString body = m_table->item(row, Message) ? m_table->item(row, Message)->text() : QString();
        const QString expect = m_withExpect && m_table->item(row, Expect) ? m_table->item(row, Expect)->text() : QString();
        NetCore::ExchangeMessage message;
        (writing == Template ? message.templateName : writing == Hex ? message.hex : message.text) = body;
        // The reply's bytes are written as the message is: hex after hex.
        (writing == Hex ? message.expectHex : message.expect) = expect;
        messages.append(message);
    }
    return messages;
}

void ExchangeEdit::setMessages(const QList<NetCore::ExchangeMessage> &messages)
{
    m_table->setRowCount(0);
    for (const NetCore::ExchangeMessage &message : messages)
        addRow(message);
}

QString ExchangeEdit::problem() const
{
    const QList<NetCore::ExchangeMessage> all = messages();
    for (qsizetype i = 0; i < all.size(); ++i) {
        const NetCore::ExchangeMessage &message = all[i];
        QString why;
        if (message.templateName.isEmpty() && message.text.isEmpty() && message.hex.isEmpty())
            why = tr("the message is empty");
        else if (!message.templateName.isEmpty() && !m_templates.contains(message.templateName))
            why = tr("no template is named %1").arg(message.templateName);
        else if (message.templateName.isEmpty())
            message.resolve(NetCore::Session{}, &why);
        if (!why.isEmpty())
            return tr("Message %1: %2").arg(i + 1).arg(why);
    }
    return {};
}

} // namespace Gui
