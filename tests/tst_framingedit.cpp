// SPDX-License-Identifier: GPL-3.0-or-later
// The framing field of the forms: every framing shown and given back unchanged, its
// parameters as fields, a wrong one named.
#include "framingedit.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Gui;
using NetCore::Framing;

class tst_FramingEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFramingRoundTrips_data();
    void everyFramingRoundTrips();
    void parametersAreFieldsOfTheirKind();
    void aBadSeparatorIsNamedAndTheLastGoodFramingKept();
};

void tst_FramingEdit::everyFramingRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"wb1", "line", "len2be", "len4le", "raw", "length:4:2:be", "length:1:4:le:-4",
                             "length:0:8:be:3", "varint:1", "delim:END\\r\\n", "delim:\\x03", "fixed:16"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_FramingEdit::everyFramingRoundTrips()
{
    QFETCH(QString, name);
    const Framing framing = *NetCore::parseFraming(name);
    FramingEdit edit;
    edit.setFraming(framing);
    QCOMPARE(NetCore::framingName(edit.framing()), name);
    QVERIFY(edit.problem().isEmpty());
}

void tst_FramingEdit::parametersAreFieldsOfTheirKind()
{
    FramingEdit edit;
    edit.show();
    QSignalSpy changed(&edit, &FramingEdit::changed);
    edit.setFraming(Framing::varint(1));
    const auto spins = edit.findChildren<QSpinBox *>();
    const auto visibleSpins = [&] {
        return std::count_if(spins.begin(), spins.end(), [](QSpinBox *box) { return box->isVisible(); });
    };
    QCOMPARE(visibleSpins(), 1); // the offset
    QCOMPARE(edit.kindBox()->currentText(), QStringLiteral("varint size"));
    edit.setFraming(Framing::length(4, 2, Framing::ByteOrder::BigEndian));
    QCOMPARE(visibleSpins(), 2); // offset and adjustment
    edit.kindBox()->setCurrentIndex(edit.kindBox()->findText(QStringLiteral("line")));
    QCOMPARE(visibleSpins(), 0);
    QVERIFY(edit.framing() == Framing(Framing::Line));
    QVERIFY(changed.count() >= 3);
}

void tst_FramingEdit::aBadSeparatorIsNamedAndTheLastGoodFramingKept()
{
    FramingEdit edit;
    edit.setFraming(Framing::delimited("\r\n"));
    QLineEdit *separator = edit.findChild<QLineEdit *>();
    QVERIFY(separator);
    separator->setText(QStringLiteral("\\q"));
    QVERIFY2(!edit.problem().isEmpty(), "a bad escape passed");
    QVERIFY(edit.framing() == Framing::delimited("\r\n"));
    separator->clear();
    QCOMPARE(edit.problem(), QStringLiteral("The separator is empty."));
    separator->setText(QStringLiteral("END"));
    QVERIFY(edit.problem().isEmpty());
    QVERIFY(edit.framing() == Framing::delimited("END"));
}

QTEST_MAIN(tst_FramingEdit)
#include "tst_framingedit.moc"
