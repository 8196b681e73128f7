// SPDX-License-Identifier: GPL-3.0-or-later
// HTTP requests from a method, a path, headers and a body, and the Host a fleet adds.
#include "text/httprequesttext.h"

#include <QTest>

using namespace NetCore;

class tst_HttpRequestText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsRequests_data();
    void buildsRequests();
    void badRequestsAreNamed_data();
    void badRequestsAreNamed();
    void hostIsAddedUnlessGiven();
};

void tst_HttpRequestText::buildsRequests_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QByteArray>("stored");
    QTest::newRow("GET") << "GET /" << QStringList{} << QByteArray("GET / HTTP/1.1\r\n\r\n");
    QTest::newRow("a field in the path") << "GET /items/{rand:1-9}" << QStringList{}
                                         << QByteArray("GET /items/{rand:1-9} HTTP/1.1\r\n\r\n");
    QTest::newRow("headers") << "DELETE /k" << QStringList{"Accept: text/plain", "X-Id:{seq:dec}"}
                             << QByteArray("DELETE /k HTTP/1.1\r\nAccept: text/plain\r\nX-Id: {seq:dec}\r\n\r\n");
    QTest::newRow("a body with escapes and braces") << "POST /api {\"n\": 1}\\n" << QStringList{}
                                                    << QByteArray("POST /api HTTP/1.1\r\n\r\n{{\"n\": 1}\n");
}

void tst_HttpRequestText::buildsRequests()
{
    QFETCH(QString, request);
    QFETCH(QStringList, headers);
    QFETCH(QByteArray, stored);
    QString why;
    const auto built = HttpRequestText::build(request, headers, &why);
    QVERIFY2(built, qPrintable(why));
    QCOMPARE(*built, stored);
}

void tst_HttpRequestText::badRequestsAreNamed_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QString>("message");
    QTest::newRow("no path") << "GET" << QStringList{} << "no path after GET";
    QTest::newRow("a relative path") << "GET index.html" << QStringList{} << "must start with /";
    QTest::newRow("not a method") << "GE(T /" << QStringList{} << "is not an HTTP method";
    QTest::newRow("a header without a colon") << "GET /" << QStringList{"Accept text"} << "is not 'Name: value'";
    QTest::newRow("a line break in a header") << "GET /" << QStringList{"A: b\\r\\nC: d"} << "holds a line break";
}

void tst_HttpRequestText::badRequestsAreNamed()
{
    QFETCH(QString, request);
    QFETCH(QStringList, headers);
    QFETCH(QString, message);
    QString why;
    QVERIFY(!HttpRequestText::build(request, headers, &why));
    QVERIFY2(why.contains(message), qPrintable(why));
}

void tst_HttpRequestText::hostIsAddedUnlessGiven()
{
    QCOMPARE(HttpRequestText::withHost("GET / HTTP/1.1\r\n\r\n", "127.0.0.1:80"),
             QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n"));
    QCOMPARE(HttpRequestText::withHost("GET / HTTP/1.1\r\nhost: example\r\n\r\n", "127.0.0.1:80"),
             QByteArray("GET / HTTP/1.1\r\nhost: example\r\n\r\n"));
    // A "host:" in the body is not a header.
    QCOMPARE(HttpRequestText::withHost("POST / HTTP/1.1\r\n\r\nhost: x", "h:1"),
             QByteArray("POST / HTTP/1.1\r\nHost: h:1\r\n\r\nhost: x"));
    QVERIFY(HttpRequestText::isHead("HEAD / HTTP/1.1\r\n\r\n"));
    QVERIFY(!HttpRequestText::isHead("GET /HEAD HTTP/1.1\r\n\r\n"));
}

QTEST_GUILESS_MAIN(tst_HttpRequestText)
#include "tst_httprequesttext.moc"
