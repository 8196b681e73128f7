// SPDX-License-Identifier: GPL-3.0-or-later
#include "filesizelimit.h"

#include "storage/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace NetCore;

namespace {
QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}
} // namespace

class tst_AtomicFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAndReplaces();
    void missingFolderIsAClearError();
    void aWriteThatStopsPartWayKeepsTheOldFile();
};

void tst_AtomicFile::writesAndReplaces()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.txt"));
    QString error;
    QVERIFY2(writeFileAtomically(path, "first", &error), qPrintable(error));
    QCOMPARE(contentOf(path), QByteArray("first"));
    QVERIFY(writeFileAtomically(path, "second, longer", &error));
    QCOMPARE(contentOf(path), QByteArray("second, longer"));
    QVERIFY(writeFileAtomically(path, "", &error));
    QCOMPARE(contentOf(path), QByteArray());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("a.txt")});
}

void tst_AtomicFile::missingFolderIsAClearError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/a.txt"));
    QString error;
    QVERIFY(!writeFileAtomically(path, "x", &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")), qPrintable(error));
}

void tst_AtomicFile::aWriteThatStopsPartWayKeepsTheOldFile()
{
    // What a full disk does: the first bytes go, then the write fails. Qt's
    // QSaveFile::commit() alone would rename the truncated file into place.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.json"));
    QString error;
    QVERIFY(writeFileAtomically(path, "the user's work", &error));
    bool written = true;
    {
        FileSizeLimit limit(100);
        QVERIFY(limit.isActive());
        written = writeFileAtomically(path, QByteArray(5000, 'n'), &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + path + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("File too large")), qPrintable(error));
    QCOMPARE(contentOf(path), QByteArray("the user's work"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("session.json")});
}

QTEST_APPLESS_MAIN(tst_AtomicFile)
#include "tst_atomicfile.moc"
