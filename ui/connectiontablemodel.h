// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "metrics/connectionstats.h"

#include <QAbstractTableModel>

#include <map>

namespace Gui {

/**
 * Every connection of every fleet, server and proxy as a table row: whose, id, state,
 * sent, received, errors, reconnects, in flight, last and max round trip, and a
 * detail in words (a proxied connection's faults, chunks and first byte). Rows are replaced a fleet
 * at a time, in one batch, from the engine's answers; a view over 10,000 rows only
 * asks for the cells it shows.
 */
class ConnectionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Fleet, Id, Local, Remote, State, Sent, Received, Errors, Reconnects, InFlight, LastRoundTrip, MaxRoundTrip, Detail, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setFleetConnections(const QString &fleet, const QList<NetCore::ConnectionStats> &connections);
    void clear();
    /** The fleet and connection id of a row. */
    std::pair<QString, int> connectionAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString fleet;
        NetCore::ConnectionStats stats;
    };
    void rebuild();

    std::map<QString, QList<NetCore::ConnectionStats>> m_byFleet;
    QList<Row> m_rows;
};

} // namespace Gui
