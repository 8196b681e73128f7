// SPDX-License-Identifier: GPL-3.0-or-later
#include "definitionpanel.h"

#include "scenario/sessionengine.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Gui {

DefinitionPanel::DefinitionPanel(NetCore::SessionEngine &engine, const QStringList &headers, const QString &startLabel,
                                 const QString &stopLabel, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_table = new QTableWidget(0, int(headers.size()), this);
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);

    m_start = new QPushButton(startLabel, this);
    m_stop = new QPushButton(stopLabel, this);
    m_buttons = new QHBoxLayout;
    m_buttons->addWidget(m_start);
    m_buttons->addWidget(m_stop);
    m_buttons->addStretch();
    auto *add = new QPushButton(tr("Add…"), this);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_buttons->addWidget(add);
    m_buttons->addWidget(m_edit);
    m_buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table);
    layout->addLayout(m_buttons);

    connect(m_start, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty()) {
            if (const QString why = start(name); !why.isEmpty())
                Q_EMIT failed(why);
        }
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            stop(name);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DefinitionPanel::refreshStates);
    connect(add, &QPushButton::clicked, this, &DefinitionPanel::addRequested);
    auto edit = [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT editRequested(name);
    };
    connect(m_edit, &QPushButton::clicked, this, edit);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, edit);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const QString name = selectedName(); !name.isEmpty())
            Q_EMIT removeRequested(name);
    });
    connect(&m_engine, &NetCore::SessionEngine::stateChanged, this, &DefinitionPanel::refreshStates);
}

void DefinitionPanel::reload()
{
    const QList<QStringList> cells = rows();
    m_table->setRowCount(int(cells.size()));
    for (int row = 0; row < cells.size(); ++row) {
        for (int column = 0; column < cells[row].size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells[row][column]));
    }
    if (m_table->currentRow() < 0 && !cells.isEmpty())
        m_table->selectRow(0);
    m_table->resizeColumnsToContents();
    refreshStates();
}

QString DefinitionPanel::selectedName() const
{
    const int row = m_table->currentRow();
    return row >= 0 && m_table->item(row, 0) ? m_table->item(row, 0)->text() : QString();
}

int DefinitionPanel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0) && m_table->item(row, 0)->text() == name)
            return row;
    }
    return -1;
}

void DefinitionPanel::setCell(int row, int column, const QString &text)
{
    if (QTableWidgetItem *item = m_table->item(row, column))
        item->setText(text);
    else
        m_table->setItem(row, column, new QTableWidgetItem(text));
}

void DefinitionPanel::setCell(int row, int column, const QString &text, const QString &toolTip)
{
    setCell(row, column, text);
    m_table->item(row, column)->setToolTip(toolTip);
}

void DefinitionPanel::keepWideEnough(int column, const QString &sample)
{
    const int width = m_table->fontMetrics().horizontalAdvance(sample) + 12;
    m_table->setColumnWidth(column, std::max(m_table->columnWidth(column), width));
}

void DefinitionPanel::addButton(QPushButton *button)
{
    m_buttons->insertWidget(2, button);
}

void DefinitionPanel::refreshStates()
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0))
            refreshRow(row, m_table->item(row, 0)->text());
    }
    m_table->resizeColumnsToContents();
    const QString selected = selectedName();
    const bool running = !selected.isEmpty() && isRunning(selected);
    m_start->setEnabled(!selected.isEmpty() && !running);
    m_stop->setEnabled(running);
    // A running definition is what it was started as: stop it to change it.
    m_edit->setEnabled(!selected.isEmpty() && !running);
    m_remove->setEnabled(!selected.isEmpty() && !running);
    selectionRefreshed(selected);
}

} // namespace Gui
