#include "core/decision.h"
#include "core/requeststatus.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::RequestStatus;

class TestRequestStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyDocumentedValueRoundTrips_data();
    void everyDocumentedValueRoundTrips();
    void unknownTextIsKeptAsIs();
    void matchingIgnoresCase();
    void onlyPendingIsDecidable();
    void finalAndTransitional();
    void verdictWords();
};

void TestRequestStatus::everyDocumentedValueRoundTrips_data()
{
    QTest::addColumn<QString>("text");
    const QStringList documented = {u"Initializing"_s, u"Pending"_s,   u"Approving"_s, u"Denying"_s, u"Approved"_s,
                                    u"Denied"_s,       u"Expired"_s,   u"Revoking"_s,  u"Revoked"_s, u"Error"_s,
                                    u"Unknown"_s,      u"Completed"_s, u"Completing"_s};
    QCOMPARE(documented.size(), RequestStatus::knownCount);
    for (const QString &s : documented)
        QTest::newRow(qPrintable(s)) << s;
}

void TestRequestStatus::everyDocumentedValueRoundTrips()
{
    QFETCH(QString, text);
    const RequestStatus status = RequestStatus::fromString(text);
    QVERIFY(status.isKnown());
    QCOMPARE(status.toString(), text);
    QCOMPARE(RequestStatus(status.kind()), status);
}

void TestRequestStatus::unknownTextIsKeptAsIs()
{
    const RequestStatus odd = RequestStatus::fromString(u"PendingReview <b>"_s);
    QVERIFY(!odd.isKnown());
    QCOMPARE(odd.kind(), RequestStatus::Kind::Other);
    QCOMPARE(odd.toString(), u"PendingReview <b>"_s);
    QVERIFY(!odd.isDecidable());
    QVERIFY(odd != RequestStatus::fromString(u"Something else"_s));
    QCOMPARE(odd, RequestStatus::fromString(u"PendingReview <b>"_s));
    QCOMPARE(RequestStatus::fromString(QString()).toString(), QString());
}

void TestRequestStatus::matchingIgnoresCase()
{
    QCOMPARE(RequestStatus::fromString(u"pending"_s).kind(), RequestStatus::Kind::Pending);
    QCOMPARE(RequestStatus::fromString(u"APPROVED"_s).toString(), u"Approved"_s);
}

void TestRequestStatus::onlyPendingIsDecidable()
{
    for (int i = 0; i < RequestStatus::knownCount; ++i) {
        const RequestStatus s {RequestStatus::Kind(i)};
        QCOMPARE(s.isDecidable(), s.kind() == RequestStatus::Kind::Pending);
    }
}

void TestRequestStatus::finalAndTransitional()
{
    QVERIFY(RequestStatus(RequestStatus::Kind::Approving).isTransitional());
    QVERIFY(RequestStatus(RequestStatus::Kind::Denying).isTransitional());
    QVERIFY(!RequestStatus(RequestStatus::Kind::Pending).isTransitional());
    QVERIFY(RequestStatus(RequestStatus::Kind::Denied).isFinal());
    QVERIFY(RequestStatus(RequestStatus::Kind::Expired).isFinal());
    QVERIFY(!RequestStatus(RequestStatus::Kind::Approved).isFinal()); // access may still be revoked
    QVERIFY(!RequestStatus(RequestStatus::Kind::Pending).isFinal());
}

void TestRequestStatus::verdictWords()
{
    QCOMPARE(lockbox::verdictToString(lockbox::Verdict::Approve), u"Approve"_s);
    QCOMPARE(lockbox::verdictToString(lockbox::Verdict::Deny), u"Deny"_s);
    QCOMPARE(lockbox::verdictFromString(u"approve"_s), lockbox::Verdict::Approve);
    QCOMPARE(lockbox::verdictFromString(u"DENY"_s), lockbox::Verdict::Deny);
    QVERIFY(!lockbox::verdictFromString(u"Approved"_s));
    QVERIFY(!lockbox::verdictFromString(QString()));
}

QTEST_GUILESS_MAIN(TestRequestStatus)
#include "tst_requeststatus.moc"
