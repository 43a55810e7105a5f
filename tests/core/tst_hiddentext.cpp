// The one rule for hidden characters (core/hiddentext.h): every control and format character is
// shown as \uXXXX, line breaks only where text of several lines keeps them, and JSON text passed
// through keeps its values.

#include "core/hiddentext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::LineBreaks;

class TestHiddenText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyHiddenKindIsShown_data();
    void everyHiddenKindIsShown();
    void ordinaryTextIsLeftAlone();
    void lineBreaksKeptOnlyWhenAsked();
    void jsonValuesStayExact();
};

void TestHiddenText::everyHiddenKindIsShown_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("ESC (OSC 52)") << u"a\x1b]52;c;QUJD\x07z"_s << u"a\\u001B]52;c;QUJD\\u0007z"_s;
    QTest::newRow("DEL") << u"a\x7f"_s << u"a\\u007F"_s;
    QTest::newRow("C1 CSI") << u"a\u009b31m"_s << u"a\\u009B31m"_s;
    QTest::newRow("RLO") << u"exe.\u202Etxt"_s << u"exe.\\u202Etxt"_s;
    QTest::newRow("LRI … PDI") << u"\u2066x\u2069"_s << u"\\u2066x\\u2069"_s;
    QTest::newRow("Arabic letter mark") << u"a\u061Cb"_s << u"a\\u061Cb"_s;
    QTest::newRow("zero width space") << u"vm\u200Bprod"_s << u"vm\\u200Bprod"_s;
    QTest::newRow("LRM, RLM") << u"\u200E\u200F"_s << u"\\u200E\\u200F"_s;
    QTest::newRow("word joiner … invisible plus") << u"\u2060\u2064"_s << u"\\u2060\\u2064"_s;
    QTest::newRow("BOM") << u"\uFEFFname"_s << u"\\uFEFFname"_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << u"a\\u2028b"_s;
    QTest::newRow("tag character") << u"a"_s + QString::fromUcs4(U"\U000E0041") << u"a\\uDB40\\uDC41"_s;
    QTest::newRow("unpaired surrogate") << QString(QChar(0xD800)) << u"\\uD800"_s;
    QTest::newRow("lone CR") << u"ok\rdeny"_s << u"ok\\u000Ddeny"_s;
}

void TestHiddenText::everyHiddenKindIsShown()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QCOMPARE(lockbox::showHidden(text), shown);
    QCOMPARE(lockbox::showHidden(text, LineBreaks::Kept), shown);
    QVERIFY(lockbox::containsHidden(text));
}

void TestHiddenText::ordinaryTextIsLeftAlone()
{
    for (const QString &text : {u"vm-sap-app-uat-07"_s, u"Contoso Energy – Production"_s, u"Größe ≥ 5 € 😀"_s,
                                u"مرحبا שלום"_s, u"\u00A0non-breaking"_s}) {
        QCOMPARE(lockbox::showHidden(text), text);
        QVERIFY(!lockbox::containsHidden(text));
    }
}

void TestHiddenText::lineBreaksKeptOnlyWhenAsked()
{
    const QString text = u"line one\r\n\tline two\nthree"_s;
    QCOMPARE(lockbox::showHidden(text, LineBreaks::Kept), text);
    QCOMPARE(lockbox::showHidden(text), u"line one\\u000D\\u000A\\u0009line two\\u000Athree"_s);
}

void TestHiddenText::jsonValuesStayExact()
{
    const QString value = u"\u202Egnp.exe \x1b[2J\u0085 \\u202E"_s + QString::fromUcs4(U"\U000E0041");
    const QByteArray json = QJsonDocument(QJsonObject {{u"v"_s, value}}).toJson();
    const QString shown = lockbox::showHidden(QString::fromUtf8(json), LineBreaks::Kept);
    QVERIFY(!lockbox::containsHidden(shown, LineBreaks::Kept));
    QCOMPARE(QJsonDocument::fromJson(shown.toUtf8()).object().value(u"v"_s).toString(), value);
}

QTEST_GUILESS_MAIN(TestHiddenText)
#include "tst_hiddentext.moc"
