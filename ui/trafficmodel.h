// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/trafficentry.h"

#include <QAbstractTableModel>

#include <deque>

namespace Gui {

/**
 * The traffic log: traced frames, newest last, in a ring of at most capacity()
 * entries (the oldest go first; how many went is counted). Appended a batch per
 * snapshot.
 */
class TrafficModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Fleet, Connection, Direction, Type, Sequence, Size, RoundTrip, Payload, ColumnCount };
    struct Row {
        QString fleet;
        NetCore::TrafficEntry entry;
    };

    explicit TrafficModel(QObject *parent = nullptr);

    void append(const QString &fleet, const QList<NetCore::TrafficEntry> &entries);
    void clear();
    qsizetype capacity() const { return m_capacity; }
    void setCapacity(qsizetype capacity);
    quint64 discarded() const { return m_discarded; }
    const Row &row(int index) const { return m_rows[size_t(index)]; }
    /** The log as text, one frame per line (for saving). */
    QString toText() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString cell(const Row &row, int column) const;

    std::deque<Row> m_rows;
    qsizetype m_capacity = 10000;
    quint64 m_discarded = 0;
    qint64 m_originNs = -1; // times are shown from the first frame
};

} // namespace Gui
