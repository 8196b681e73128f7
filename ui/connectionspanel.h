// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <map>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace NetCore {
class SessionEngine;
}

namespace Gui {

class ConnectionTableModel;

/**
 * Every connection of the running fleets, test servers and proxies (both sides), sortable and filterable,
 * refreshed once a second while the panel is visible (each answers with one batch).
 */
class ConnectionsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionsPanel(NetCore::SessionEngine &engine, QWidget *parent = nullptr);

    ConnectionTableModel *model() const { return m_model; }
    /** Asks the running fleets for their connections now. */
    void refresh();
    /** The selected rows' connections, by fleet (or server, or a proxy's side). */
    std::map<QString, QList<int>> selectedConnections() const;
    /** The names a proxy's two rows of one connection go under. */
    static QString clientSideName(const QString &proxy);
    static QString upstreamSideName(const QString &proxy);
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    /** Send to this connection: the window points the composer at it. */
    void composeRequested(const QString &fleet, int connection);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    /** The connections of `proxy` among `selected`, by either side's row. */
    static QList<int> proxyIds(const std::map<QString, QList<int>> &selected, const QString &proxy);

    NetCore::SessionEngine &m_engine;
    ConnectionTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_timer = nullptr;
    bool m_fitted = false;
};

} // namespace Gui
