// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficpanel.h"

#include "trafficmodel.h"

#include "storage/atomicfile.h"
#include "text/hexbytes.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace Gui {

TrafficPanel::TrafficPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new TrafficModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_dump = new QPlainTextEdit(this);
    m_dump->setReadOnly(true);
    m_dump->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_dump->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_dump->setPlaceholderText(tr("Select a frame to see its bytes."));
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter (connection, type, payload, ...)"));
    m_filter->setClearButtonEnabled(true);
    m_pause = new QCheckBox(tr("Pause"), this);
    m_pause->setToolTip(tr("Stop adding frames (those that arrive meanwhile are not kept)"));
    m_count = new QLabel(this);
    auto *save = new QPushButton(tr("Save…"), this);
    auto *clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("clear"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_pause);
    top->addWidget(save);
    top->addWidget(clear);
    top->addWidget(m_count);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_dump);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TrafficPanel::showSelected);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_droppedByEngine = 0;
        m_dump->clear();
        updateCount();
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the traffic log"), QStringLiteral("traffic.tsv"),
                                                          tr("Tab-separated text (*.tsv *.txt)"));
        QString error;
        if (!path.isEmpty() && !saveTo(path, &error))
            QMessageBox::warning(this, tr("Wirebench"), error);
    });
    updateCount();
}

void TrafficPanel::addTraffic(const QString &fleet, const QList<NetCore::TrafficEntry> &entries, quint64 dropped)
{
    if (m_pause->isChecked())
        return;
    m_droppedByEngine += dropped;
    m_model->append(fleet, entries);
    updateCount();
}

bool TrafficPanel::saveTo(const QString &path, QString *error)
{
    return NetCore::writeFileAtomically(path, m_model->toText().toUtf8(), error);
}

void TrafficPanel::showSelected()
{
    const QModelIndex index = m_proxy->mapToSource(m_view->currentIndex());
    if (!index.isValid()) {
        m_dump->clear();
        return;
    }
    const NetCore::TrafficEntry &entry = m_model->row(index.row()).entry;
    QString text = tr("%1 on connection %2, %3 payload bytes%4\n\n")
                       .arg(entry.outgoing ? tr("Sent") : tr("Received"))
                       .arg(entry.connection)
                       .arg(entry.payloadSize)
                       .arg(entry.payloadSize > entry.payload.size() ? tr(" (the first %1 kept)").arg(entry.payload.size())
                                                                     : QString());
    if (!entry.summary.isEmpty())
        text.insert(text.size() - 1, entry.summary + QLatin1Char('\n')); // as its protocol reads it
    text += NetCore::HexBytes::dump(entry.payload);
    m_dump->setPlainText(text);
}

void TrafficPanel::updateCount()
{
    m_count->setText(tr("%1 frames (keeps the last %2; %3 dropped)")
                         .arg(m_model->rowCount())
                         .arg(m_model->capacity())
                         .arg(m_model->discarded() + m_droppedByEngine));
}

} // namespace Gui
