// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectiontablemodel.h"

#include "fleet/fleetsummary.h"

namespace Gui {

void ConnectionTableModel::setFleetConnections(const QString &fleet, const QList<NetCore::ConnectionStats> &connections)
{
    m_byFleet[fleet] = connections;
    rebuild();
}

void ConnectionTableModel::clear()
{
    m_byFleet.clear();
    rebuild();
}

void ConnectionTableModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (const auto &[fleet, connections] : m_byFleet) {
        for (const NetCore::ConnectionStats &stats : connections)
            m_rows.append(Row{fleet, stats});
    }
    endResetModel();
}

std::pair<QString, int> ConnectionTableModel::connectionAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {{}, -1};
    return {m_rows[row].fleet, m_rows[row].stats.id};
}

int ConnectionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    const NetCore::ConnectionStats &s = row.stats;
    // Sorting uses the raw numbers; people read the formatted ones.
    const bool sortKey = role == Qt::UserRole;
    if (role != Qt::DisplayRole && !sortKey) {
        if (role == Qt::ToolTipRole && index.column() == Detail)
            return s.detail;
        if (role == Qt::TextAlignmentRole && index.column() >= Sent && index.column() != Detail)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    switch (Column(index.column())) {
    case Fleet: return row.fleet;
    case Id: return s.id;
    case Local: return s.local;
    case Remote: return s.remote;
    case State: return NetCore::connectionStateName(s.state);
    case Sent: return qulonglong(s.sent);
    case Received: return qulonglong(s.received);
    case Errors: return qulonglong(s.errors);
    case Reconnects: return qulonglong(s.reconnects);
    case InFlight: return s.inFlight;
    case LastRoundTrip:
        return sortKey ? QVariant(qlonglong(s.lastRoundTripNs))
                       : QVariant(s.lastRoundTripNs ? NetCore::formatDuration(s.lastRoundTripNs) : QStringLiteral("-"));
    case MaxRoundTrip:
        return sortKey ? QVariant(qlonglong(s.maxRoundTripNs))
                       : QVariant(s.maxRoundTripNs ? NetCore::formatDuration(s.maxRoundTripNs) : QStringLiteral("-"));
    case Detail: return s.detail;
    case ColumnCount: break;
    }
    return {};
}

QVariant ConnectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && (section == Sent || section == Received))
        return tr("Messages; bytes on a proxy's rows");
    if (role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Fleet, server or proxy"), tr("Id"), tr("Local"), tr("Remote"), tr("State"), tr("Sent"), tr("Received"), tr("Errors"),
                                   tr("Reconnects"), tr("In flight"), tr("Last round trip"), tr("Max round trip"), tr("Detail")};
    return names.value(section);
}

} // namespace Gui
