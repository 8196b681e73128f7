// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionspanel.h"
#include "connectiontablemodel.h"

#include "scenario/sessionengine.h"

#include <QAbstractItemView>
#include <QTableView>
#include <QTest>

using namespace Gui;

namespace {
QList<NetCore::ConnectionStats> connections(int firstId, int count, quint64 sent)
{
    QList<NetCore::ConnectionStats> list;
    for (int i = 0; i < count; ++i) {
        NetCore::ConnectionStats stats;
        stats.id = firstId + i;
        stats.state = NetCore::ConnectionState::Open;
        stats.sent = sent;
        stats.received = sent;
        stats.remote = QStringLiteral("127.0.0.1:9000");
        list.append(stats);
    }
    return list;
}

int widthNeeded(QTableView *view, int column)
{
    return static_cast<QAbstractItemView *>(view)->sizeHintForColumn(column);
}

/** A shown panel with no session behind it; rows are set on its model directly. */
struct ShownPanel {
    NetCore::SessionEngine engine;
    ConnectionsPanel panel{engine};
    ShownPanel()
    {
        panel.resize(1000, 400);
        panel.show();
    }
    ConnectionTableModel *model() { return panel.model(); }
    QTableView *view() { return panel.view(); }
};
} // namespace

class tst_ConnectionsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersAreNeverElidedAsTheyGrow();
    void userWidthsOfTextColumnsStay();
};

void tst_ConnectionsPanel::numbersAreNeverElidedAsTheyGrow()
{
    // A ramp's first rows are ids 1 to 9 with small counts; the columns are fitted
    // to them. Later rows have long ids and counts, which must not be cut to "10…".
    ShownPanel shown;
    QVERIFY(QTest::qWaitForWindowExposed(&shown.panel));
    ConnectionTableModel *model = shown.model();
    QTableView *view = shown.view();
    model->setFleetConnections(QStringLiteral("f"), connections(1, 9, 3));
    const int idWidthAtFirst = view->columnWidth(ConnectionTableModel::Id);
    model->setFleetConnections(QStringLiteral("f"), connections(123456780, 9, 9876543210));
    for (int column : {ConnectionTableModel::Id, ConnectionTableModel::Sent, ConnectionTableModel::Received})
        QVERIFY2(view->columnWidth(column) >= widthNeeded(view, column), qPrintable(QString::number(column)));
    QVERIFY(view->columnWidth(ConnectionTableModel::Id) > idWidthAtFirst);
}

void tst_ConnectionsPanel::userWidthsOfTextColumnsStay()
{
    ShownPanel shown;
    QVERIFY(QTest::qWaitForWindowExposed(&shown.panel));
    ConnectionTableModel *model = shown.model();
    QTableView *view = shown.view();
    model->setFleetConnections(QStringLiteral("f"), connections(1, 3, 1));
    view->setColumnWidth(ConnectionTableModel::Remote, 60); // the user narrows it
    model->setFleetConnections(QStringLiteral("f"), connections(1, 3, 2));
    QCOMPARE(view->columnWidth(ConnectionTableModel::Remote), 60);
}

QTEST_MAIN(tst_ConnectionsPanel)
#include "tst_connectionspanel.moc"
