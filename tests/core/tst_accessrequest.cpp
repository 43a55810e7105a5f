#include "core/accessrequest.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ApprovalSource;
using lockbox::RequestStatus;

class TestAccessRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void durationHours_data();
    void durationHours();
    void activeOnlyWhileApprovedAndInsideDuration();
    void equalityCoversEveryField();
};

void TestAccessRequest::durationHours_data()
{
    QTest::addColumn<QString>("duration");
    QTest::addColumn<int>("hours"); // -1 = none
    QTest::newRow("string hours") << u"8"_s << 8;
    QTest::newRow("padded") << u" 4 "_s << 4;
    QTest::newRow("free text") << u"Support request lifetime"_s << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("zero") << u"0"_s << -1;
    QTest::newRow("negative") << u"-3"_s << -1;
}

void TestAccessRequest::durationHours()
{
    QFETCH(QString, duration);
    QFETCH(int, hours);
    AccessRequest r;
    r.duration = duration;
    QCOMPARE(r.durationHours().value_or(-1), hours);
}

void TestAccessRequest::activeOnlyWhileApprovedAndInsideDuration()
{
    AccessRequest r;
    r.createdDateTime = QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC);
    r.duration = u"4"_s;
    r.status = RequestStatus(RequestStatus::Kind::Approved);
    // Approved two days after its creation: the window counts from the approval, not from creation.
    r.approvedAt = r.createdDateTime.addDays(2);
    r.approvalSource = ApprovalSource::Decision;
    QCOMPARE(r.accessEndsAt(), r.approvedAt.addSecs(4 * 3600));
    QVERIFY(r.isActiveAt(r.approvedAt.addSecs(3 * 3600)));
    QVERIFY(!r.isActiveAt(r.approvedAt.addSecs(4 * 3600)));
    QVERIFY(!r.approvalTimeIsApproximate());
    // Without an approval time the creation time bounds the window, with the 8-hour default when
    // the duration is not a number.
    r.approvedAt = {};
    r.approvalSource = ApprovalSource::None;
    QVERIFY(r.approvalTimeIsApproximate());
    r.duration = u"Support request lifetime"_s;
    QVERIFY(r.isActiveAt(r.createdDateTime.addSecs(7 * 3600)));
    QVERIFY(!r.isActiveAt(r.createdDateTime.addSecs(8 * 3600)));
    r.status = RequestStatus(RequestStatus::Kind::Pending);
    QVERIFY(!r.isActiveAt(r.createdDateTime.addSecs(60)));
}

void TestAccessRequest::equalityCoversEveryField()
{
    AccessRequest a;
    a.requestId = u"id"_s;
    a.resourceIds = {u"/subscriptions/x"_s};
    AccessRequest b = a;
    QCOMPARE(a, b);
    b.accessLevel = u"Read"_s;
    QVERIFY(a != b);
    b = a;
    b.workItemSource = u"Other"_s;
    QVERIFY(a != b);
    b = a;
    b.status = RequestStatus::fromString(u"Mystery"_s);
    QVERIFY(a != b);
    b = a;
    b.approvedAt = QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC);
    QVERIFY(a != b);
}

QTEST_GUILESS_MAIN(TestAccessRequest)
#include "tst_accessrequest.moc"
