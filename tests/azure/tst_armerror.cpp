// ArmError: which outcomes leave a write's fate unknown (ambiguous), which are transient, and
// that every kind's display text names the problem and, where there is one, the fix.

#include "azure/armerror.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::ArmError;
using Kind = lockbox::ArmError::Kind;

class TestArmError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ambiguity_data();
    void ambiguity();
    void displayNamesProblemAndFix_data();
    void displayNamesProblemAndFix();
    void displayShowsServerTextShortened();
    void everyKindHasANameAndText();
};

void TestArmError::ambiguity_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("sent");
    QTest::addColumn<bool>("ambiguous");
    QTest::addColumn<bool>("transient");

    // The request left and no definite answer came back: the write may have been applied.
    QTest::newRow("reset after sending") << int(Kind::Network) << 0 << true << true << true;
    QTest::newRow("timeout after sending") << int(Kind::Timeout) << 0 << true << true << true;
    QTest::newRow("500") << int(Kind::ServerError) << 500 << true << true << true;
    QTest::newRow("502") << int(Kind::ServerError) << 502 << true << true << true;
    QTest::newRow("503") << int(Kind::ServerError) << 503 << true << true << true;
    QTest::newRow("504") << int(Kind::ServerError) << 504 << true << true << true;
    QTest::newRow("truncated or unparseable 200") << int(Kind::BadReply) << 200 << true << true << true;
    QTest::newRow("cancelled in flight") << int(Kind::Cancelled) << 0 << true << true << false;
    QTest::newRow("202 Accepted") << int(Kind::Http) << 202 << true << true << false;
    // Refused before sending, or a definite answer: nothing was applied.
    QTest::newRow("connection refused") << int(Kind::Network) << 0 << false << false << true;
    QTest::newRow("timeout before sending") << int(Kind::Timeout) << 0 << false << false << true;
    QTest::newRow("cancelled before sending") << int(Kind::Cancelled) << 0 << false << false << false;
    QTest::newRow("TLS handshake") << int(Kind::Tls) << 0 << false << false << false;
    QTest::newRow("no token") << int(Kind::NoToken) << 0 << false << false << false;
    QTest::newRow("foreign link") << int(Kind::ForeignLink) << 0 << false << false << false;
    QTest::newRow("redirect") << int(Kind::Redirect) << 302 << true << false << false;
    QTest::newRow("400") << int(Kind::BadRequest) << 400 << true << false << false;
    QTest::newRow("401") << int(Kind::Unauthorized) << 401 << true << false << false;
    QTest::newRow("403") << int(Kind::Forbidden) << 403 << true << false << false;
    QTest::newRow("404") << int(Kind::NotFound) << 404 << true << false << false;
    QTest::newRow("409") << int(Kind::Conflict) << 409 << true << false << false;
    QTest::newRow("429") << int(Kind::Throttled) << 429 << true << false << true;
    QTest::newRow("405") << int(Kind::Http) << 405 << true << false << false;
    QTest::newRow("none") << int(Kind::None) << 200 << true << false << false;
}

void TestArmError::ambiguity()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(bool, sent);
    QFETCH(bool, ambiguous);
    QFETCH(bool, transient);
    ArmError e = ArmError::make(Kind(kind), QString(), sent);
    e.httpStatus = status;
    QCOMPARE(e.ambiguous(), ambiguous);
    QCOMPARE(e.transient(), transient);
    QCOMPARE(e.isError(), Kind(kind) != Kind::None);
    // The display text warns exactly when the outcome is unknown.
    QCOMPARE(e.toDisplayString().contains(u"reads the request again before any retry"), ambiguous);
}

void TestArmError::displayNamesProblemAndFix_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("fix");

    QTest::newRow("401") << int(Kind::Unauthorized) << u"401"_s << u"Sign in again or set a new token"_s;
    QTest::newRow("403") << int(Kind::Forbidden) << u"403"_s << u"Azure Customer Lockbox Approver for Subscription"_s;
    QTest::newRow("404") << int(Kind::NotFound) << u"404"_s << u"refresh the list"_s;
    QTest::newRow("409") << int(Kind::Conflict) << u"Approved"_s << u"Nothing was changed"_s;
    QTest::newRow("429") << int(Kind::Throttled) << u"429"_s << u"Try again in 7 second"_s;
    QTest::newRow("400") << int(Kind::BadRequest) << u"400"_s << u"invalid"_s;
    QTest::newRow("5xx") << int(Kind::ServerError) << u"HTTP 503"_s << u"try again"_s;
    QTest::newRow("TLS") << int(Kind::Tls) << u"could not be verified"_s << u"trust store"_s;
    QTest::newRow("network") << int(Kind::Network) << u"Could not reach Azure"_s << u"Check the network"_s;
    QTest::newRow("timeout") << int(Kind::Timeout) << u"did not answer in time"_s << u"Check the network"_s;
    QTest::newRow("foreign link") << int(Kind::ForeignLink) << u"https://evil.example:443"_s << u"nothing was sent"_s;
    QTest::newRow("redirect") << int(Kind::Redirect) << u"https://evil.example:443"_s << u"not followed"_s;
    QTest::newRow("no token") << int(Kind::NoToken) << u"No access token"_s << u"detail"_s;
    QTest::newRow("bad reply") << int(Kind::BadReply) << u"could not be read"_s << u"detail"_s;
}

void TestArmError::displayNamesProblemAndFix()
{
    QFETCH(int, kind);
    QFETCH(QString, problem);
    QFETCH(QString, fix);
    ArmError e = ArmError::make(Kind(kind), u"detail"_s, true);
    e.httpStatus = Kind(kind) == Kind::ServerError ? 503 : Kind(kind) == Kind::BadRequest ? 400 : 0;
    e.code = u"SomeCode"_s;
    e.currentStatus = u"Approved"_s;
    e.retryAfterSec = 7;
    e.armRequestId = u"4a1c"_s;
    if (Kind(kind) == Kind::ForeignLink || Kind(kind) == Kind::Redirect)
        e.detail = u"https://evil.example:443"_s;
    const QString text = e.toDisplayString();
    QVERIFY2(text.contains(problem), qPrintable(text));
    QVERIFY2(text.contains(fix), qPrintable(text));
    QVERIFY2(text.contains(u"4a1c"), qPrintable(text)); // the id Microsoft support asks for
}

void TestArmError::displayShowsServerTextShortened()
{
    ArmError e = ArmError::make(Kind::Forbidden);
    e.code = u"AuthorizationFailed"_s;
    e.message = QString(5000, u'x');
    const QString text = e.toDisplayString();
    QVERIFY(text.contains(u"AuthorizationFailed: xxx"));
    QVERIFY(text.size() < 1000);
}

void TestArmError::everyKindHasANameAndText()
{
    for (int k = int(Kind::None); k <= int(Kind::Cancelled); ++k) {
        const ArmError e = ArmError::make(Kind(k));
        QVERIFY(!ArmError::kindName(Kind(k)).isEmpty());
        QVERIFY(!e.toDisplayString().isEmpty());
    }
    QCOMPARE(ArmError::kindName(Kind::Conflict), u"Conflict"_s);
}

QTEST_GUILESS_MAIN(TestArmError)
#include "tst_armerror.moc"
