// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficmodel.h"

#include "codec/frame.h"
#include "fleet/fleetsummary.h"
#include "text/escapedtext.h"

#include <QColor>

namespace Gui {

TrafficModel::TrafficModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TrafficModel::append(const QString &fleet, const QList<NetCore::TrafficEntry> &entries)
{
    if (entries.isEmpty())
        return;
    if (m_originNs < 0)
        m_originNs = entries.first().timeNs;
    // Make room first (one removal), then add (one insertion): two model events a batch.
    const qsizetype incoming = std::min<qsizetype>(entries.size(), m_capacity);
    const qsizetype overflow = qsizetype(m_rows.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        m_discarded += quint64(overflow);
        endRemoveRows();
    }
    m_discarded += quint64(entries.size() - incoming);
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (qsizetype i = entries.size() - incoming; i < entries.size(); ++i)
        m_rows.push_back(Row{fleet, entries[i]});
    endInsertRows();
}

void TrafficModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_discarded = 0;
    m_originNs = -1;
    endResetModel();
}

void TrafficModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(capacity, 1);
    if (qsizetype(m_rows.size()) > m_capacity) {
        const qsizetype overflow = qsizetype(m_rows.size()) - m_capacity;
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        m_discarded += quint64(overflow);
        endRemoveRows();
    }
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrafficModel::cell(const Row &row, int column) const
{
    const NetCore::TrafficEntry &e = row.entry;
    switch (Column(column)) {
    case Time: return QString::number(double(e.timeNs - m_originNs) / 1e9, 'f', 6);
    case Fleet: return row.fleet;
    case Connection: return QString::number(e.connection);
    case Direction: return e.outgoing ? tr("sent") : tr("received");
    case Type:
        switch (e.type) {
        case 0: return e.kind; // a protocol framing's kind of message, or nothing
        case quint8(NetCore::FrameType::Data): return QStringLiteral("DATA");
        case quint8(NetCore::FrameType::Reply): return QStringLiteral("REPLY");
        case quint8(NetCore::FrameType::Error): return QStringLiteral("ERROR");
        default: return QStringLiteral("0x%1").arg(e.type, 2, 16, QLatin1Char('0'));
        }
    case Sequence:
        // Replies in framings without sequence numbers say which request they were paired with.
        return e.answers != 0 && !e.outgoing && e.type == 0
            ? QStringLiteral("%1 (to #%2)").arg(e.sequence).arg(e.answers)
            : QString::number(e.sequence);
    case Size: return QString::number(e.payloadSize);
    case RoundTrip: return e.roundTripNs >= 0 ? NetCore::formatDuration(e.roundTripNs) : QString();
    case Payload: {
        if (!e.summary.isEmpty())
            return e.summary; // RESP, HTTP and WebSocket read as their protocol (the bytes in the tooltip)
        QString text = NetCore::EscapedText::format(e.payload.first(std::min<qsizetype>(e.payload.size(), 80)));
        if (e.payloadSize > 80)
            text += QStringLiteral("…");
        return text;
    }
    case ColumnCount: break;
    }
    return {};
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    if (role == Qt::DisplayRole)
        return cell(m_rows[size_t(index.row())], index.column());
    if (role == Qt::ForegroundRole && index.column() == Direction)
        return m_rows[size_t(index.row())].entry.outgoing ? QColor(0x1565c0) : QColor(0x2e7d32);
    if (role == Qt::ToolTipRole && index.column() == Payload) {
        // A decoded message's bytes as they were.
        const NetCore::TrafficEntry &e = m_rows[size_t(index.row())].entry;
        if (!e.summary.isEmpty())
            return NetCore::EscapedText::format(e.payload.first(std::min<qsizetype>(e.payload.size(), 400)));
    }
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names{tr("Time (s)"), tr("Fleet"), tr("Connection"), tr("Direction"), tr("Type"),
                                   tr("Sequence"), tr("Bytes"), tr("Round trip"), tr("Payload")};
    return names.value(section);
}

QString TrafficModel::toText() const
{
    QString text;
    for (const Row &row : m_rows) {
        QStringList cells;
        for (int column = 0; column < ColumnCount; ++column)
            cells << cell(row, column);
        text += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    return text;
}

} // namespace Gui
