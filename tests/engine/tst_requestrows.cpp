// engine::RequestRows without Qt Gui: rows keyed by id, the positions a snapshot and a ChangeSet
// report (in pairs, bottom-up runs, one reordering and one removal for scattered removals, never
// a reset for a change), ids that stay right while signals are delivered, subscriptions, queued
// decisions, shared strings, deadlines, and sort keys that agree with the raw sort values.

#include "engine/requestrows.h"
#include "store/requestrowreader.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QueuedDecision;
using lockbox::RequestChange;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::engine::RequestRows;
using lockbox::test::changeOf;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using lockbox::test::ManualClock;
using lockbox::test::queuedDecision;
using Kind = lockbox::RequestStatus::Kind;
using SortKey = lockbox::engine::RequestRows::SortKey;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
using KeyHash = quint64 (*)(const QString &);

// Every signal of the rows, in order, as "name first last".
class Recorder final : public QObject
{
public:
    explicit Recorder(RequestRows *rows)
    {
        const auto pair = [this](const char *name) {
            return [this, name](int first, int last) {
                log.append(u"%1 %2 %3"_s.arg(QString::fromLatin1(name)).arg(first).arg(last));
            };
        };
        connect(rows, &RequestRows::aboutToReset, this, [this] { log.append(u"aboutToReset"_s); });
        connect(rows, &RequestRows::resetDone, this, [this] { log.append(u"reset"_s); });
        connect(rows, &RequestRows::rowsAboutToBeInserted, this, pair("aboutToInsert"));
        connect(rows, &RequestRows::rowsInserted, this, pair("inserted"));
        connect(rows, &RequestRows::rowsAboutToBeRemoved, this, pair("aboutToRemove"));
        connect(rows, &RequestRows::rowsRemoved, this, pair("removed"));
        connect(rows, &RequestRows::rowsAboutToBeReordered, this, [this] { log.append(u"aboutToReorder"_s); });
        connect(rows, &RequestRows::rowsReordered, this, [this] { log.append(u"reordered"_s); });
        connect(rows, &RequestRows::rowChanged, this, [this](int row) { log.append(u"changed %1"_s.arg(row)); });
        connect(rows, &RequestRows::subscriptionNamesChanged, this, [this] { log.append(u"names"_s); });
        connect(rows, &RequestRows::queuedDecisionChanged, this,
                [this](int row) { log.append(u"queued %1"_s.arg(row)); });
    }
    QStringList log;
};

} // namespace

class TestRequestRows final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void setRequestsResetsAndIndexes();
    void appendRequestsInsertsOnceAtTheEnd();
    void applyChangesReportsPositions();
    void unchangedContentReportsNothing();
    void scatteredRemovalsReorderThenRemoveOnce();
    void idsStayRightThroughManyChanges();
    void idsAreFoundHoweverTheyHash_data();
    void idsAreFoundHoweverTheyHash();
    void subscriptions();
    void queuedDecisions();
    void repeatedStringsAreShared();
    void deadlinesAndActive();
    void searchReadsTheStatusWord();
    void lessThanAgreesWithSortValue();
    void summarisedRowsKeepWhatTheTableShows();
    void compactRowsGiveBackEveryValueTheyKeep();
    void rowsThatShareValuesAreSearchedAsEachAlone_data();
    void rowsThatShareValuesAreSearchedAsEachAlone();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestRows> m_rows;

    void checkIndex()
    {
        for (int row = 0; row < m_rows->rowCount(); ++row) {
            const std::optional<AccessRequest> r = m_rows->requestAt(row);
            QVERIFY(r);
            QCOMPARE(m_rows->rowOf(r->requestId), row);
        }
    }
};

void TestRequestRows::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_rows = std::make_unique<RequestRows>(*m_clock);
}

void TestRequestRows::cleanup()
{
    RequestRows::setKeyHashForTests(nullptr);
    m_rows.reset();
    m_clock.reset();
}

void TestRequestRows::setRequestsResetsAndIndexes()
{
    Recorder recorder(m_rows.get());
    QList<AccessRequest> list = makeRequests(kSubA, 10);
    list[4].status = RequestStatus(Kind::Approved);
    AccessRequest duplicate = list[7];
    duplicate.justification = u"the later copy"_s;
    list.append(duplicate);
    AccessRequest anonymous = makeRequest(kSubA, 99);
    anonymous.requestId.clear();
    list.append(anonymous);

    m_clock->advanceSecs(60);
    m_rows->setRequests(list);
    QCOMPARE(recorder.log, (QStringList {u"aboutToReset"_s, u"reset"_s}));
    QCOMPARE(m_rows->now(), kNow.addSecs(60));
    QCOMPARE(m_rows->rowCount(), 10);
    QCOMPARE(*m_rows->requestAt(7), duplicate);
    QCOMPARE(m_rows->rowOf(list[3].requestId.toUpper()), 3);
    QCOMPARE(m_rows->rowOf(QString()), -1);
    QVERIFY(!m_rows->requestAt(-1));
    QVERIFY(!m_rows->requestAt(10));
    QCOMPARE(m_rows->request(list[2].requestId).value_or(AccessRequest()), list[2]);
    QVERIFY(!m_rows->request(u"no-such-id"_s));
    QCOMPARE(m_rows->pendingCount(), 9);
    checkIndex();

    m_rows->setRequests(makeRequests(kSubB, 3));
    QCOMPARE(m_rows->rowCount(), 3);
    QCOMPARE(m_rows->rowOf(list[0].requestId), -1);
    checkIndex();
}

void TestRequestRows::appendRequestsInsertsOnceAtTheEnd()
{
    const QList<AccessRequest> first = makeRequests(kSubA, 5);
    m_rows->setRequests(first);
    Recorder recorder(m_rows.get());
    QList<AccessRequest> more = makeRequests(kSubA, 4, 5);
    AccessRequest updated = first[1];
    updated.status = RequestStatus(Kind::Expired);
    more.insert(2, updated);

    // While the insertion is announced the new rows are not there yet; once done, they are.
    QList<int> countsSeen;
    connect(m_rows.get(), &RequestRows::rowsAboutToBeInserted, &recorder,
            [&] { countsSeen.append(m_rows->rowCount()); });
    connect(m_rows.get(), &RequestRows::rowsInserted, &recorder, [&] { countsSeen.append(m_rows->rowCount()); });
    m_rows->appendRequests(more);
    QCOMPARE(recorder.log, (QStringList {u"changed 1"_s, u"aboutToInsert 5 8"_s, u"inserted 5 8"_s}));
    QCOMPARE(countsSeen, (QList<int> {5, 9}));
    QCOMPARE(m_rows->requestAt(1)->status, RequestStatus(Kind::Expired));
    QCOMPARE(m_rows->requestAt(8)->requestId, more[4].requestId);
    checkIndex();

    recorder.log.clear();
    m_rows->appendRequests({});
    QVERIFY(recorder.log.isEmpty());
}

void TestRequestRows::applyChangesReportsPositions()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 10);
    m_rows->setRequests(list);
    Recorder recorder(m_rows.get());

    ChangeSet changes;
    AccessRequest changed = list[6];
    changed.status = RequestStatus(Kind::Approved);
    changes.changed = {changeOf(changed, list[6].status)};
    changes.removed = {changeOf(list[1]), changeOf(list[2]), changeOf(list[8]), changeOf(list[4])};
    const AccessRequest added = makeRequest(kSubB, 50);
    changes.added = {changeOf(added)};
    // An added id already present is an update; a changed id not present is an insertion; a
    // removed id that `rows` still carries stays.
    AccessRequest alsoAdded = list[0];
    alsoAdded.justification = u"updated through added"_s;
    changes.added.append(changeOf(alsoAdded));
    const AccessRequest unknownChanged = makeRequest(kSubB, 51);
    changes.changed.append(changeOf(unknownChanged));
    changes.removed.append(changeOf(list[9]));
    AccessRequest keptAfterAll = list[9];
    keptAfterAll.justification = u"still listed"_s;

    m_rows->applyChanges(changes, {changed, added, alsoAdded, unknownChanged, keptAfterAll});
    // Removals bottom-up per run (8, 4, 1..2), then changes in place at the rows' new numbers,
    // then one insertion at the end.
    QCOMPARE(recorder.log,
             (QStringList {u"aboutToRemove 8 8"_s, u"removed 8 8"_s, u"aboutToRemove 4 4"_s, u"removed 4 4"_s,
                           u"aboutToRemove 1 2"_s, u"removed 1 2"_s, u"changed 3"_s, u"changed 0"_s, u"changed 5"_s,
                           u"aboutToInsert 6 7"_s, u"inserted 6 7"_s}));
    QCOMPARE(m_rows->rowCount(), 8);
    QCOMPARE(m_rows->rowOf(list[1].requestId), -1);
    QCOMPARE(m_rows->requestAt(m_rows->rowOf(changed.requestId))->status, RequestStatus(Kind::Approved));
    QCOMPARE(m_rows->requestAt(5)->justification, u"still listed"_s);
    QCOMPARE(m_rows->rowOf(added.requestId), 6);
    QCOMPARE(m_rows->rowOf(unknownChanged.requestId), 7);
    checkIndex();
}

void TestRequestRows::unchangedContentReportsNothing()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 4);
    m_rows->setRequests(list);
    Recorder recorder(m_rows.get());
    ChangeSet changes;
    changes.changed = {changeOf(list[1], list[1].status)};
    changes.removed = {changeOf(makeRequest(kSubB, 9))}; // never known
    m_rows->applyChanges(changes, {list[1]});
    QVERIFY2(recorder.log.isEmpty(), qPrintable(recorder.log.join(u", "_s)));
}

void TestRequestRows::scatteredRemovalsReorderThenRemoveOnce()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 100);
    m_rows->setRequests(list);
    Recorder recorder(m_rows.get());

    // Whoever listens may look ids up in the middle: each answer describes the rows as they are.
    QStringList wrong;
    QStringList idsBefore;
    connect(m_rows.get(), &RequestRows::rowsAboutToBeReordered, &recorder, [&] {
        idsBefore.clear();
        for (int row = 0; row < m_rows->rowCount(); ++row)
            idsBefore.append(m_rows->requestAt(row)->requestId);
    });
    connect(m_rows.get(), &RequestRows::rowsReordered, &recorder, [&](const std::vector<int> &newRowOf) {
        if (newRowOf.size() != std::size_t(idsBefore.size()))
            wrong.append(u"mapping of %1 rows"_s.arg(newRowOf.size()));
        for (qsizetype old = 0; old < idsBefore.size() && std::size_t(old) < newRowOf.size(); ++old) {
            const int now = newRowOf[std::size_t(old)];
            if (m_rows->requestAt(now)->requestId != idsBefore[old] || m_rows->rowOf(idsBefore[old]) != now)
                wrong.append(u"old row %1"_s.arg(old));
        }
    });
    QStringList announced;
    connect(m_rows.get(), &RequestRows::rowsAboutToBeRemoved, &recorder, [&](int first, int last) {
        for (int row = first; row <= last; ++row)
            announced.append(m_rows->requestAt(row)->requestId);
    });
    connect(m_rows.get(), &RequestRows::rowsRemoved, &recorder, [&] {
        for (int row = 0; row < m_rows->rowCount(); ++row) {
            if (m_rows->rowOf(m_rows->requestAt(row)->requestId) != row)
                wrong.append(u"row %1 after removal"_s.arg(row));
        }
    });

    ChangeSet many;
    QStringList doomed;
    for (int i = 0; i < 100; i += 3) {
        many.removed.append(changeOf(list[i]));
        doomed.append(list[i].requestId);
    }
    m_rows->applyChanges(many, {});
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    const int left = 100 - int(doomed.size());
    QCOMPARE(recorder.log,
             (QStringList {u"aboutToReorder"_s, u"reordered"_s, u"aboutToRemove %1 99"_s.arg(left),
                           u"removed %1 99"_s.arg(left)}));
    std::sort(doomed.begin(), doomed.end());
    std::sort(announced.begin(), announced.end());
    QCOMPARE(announced, doomed);
    QCOMPARE(m_rows->rowCount(), left);
    // Those left keep their order.
    for (int row = 1; row < m_rows->rowCount(); ++row)
        QVERIFY(m_rows->requestAt(row - 1)->createdDateTime > m_rows->requestAt(row)->createdDateTime);
    checkIndex();

    // A few runs need no reordering.
    recorder.log.clear();
    ChangeSet few;
    few.removed = {changeOf(*m_rows->requestAt(0)), changeOf(*m_rows->requestAt(1)), changeOf(*m_rows->requestAt(10))};
    m_rows->applyChanges(few, {});
    QCOMPARE(recorder.log,
             (QStringList {u"aboutToRemove 10 10"_s, u"removed 10 10"_s, u"aboutToRemove 0 1"_s, u"removed 0 1"_s}));
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    checkIndex();
}

void TestRequestRows::idsStayRightThroughManyChanges()
{
    // Rows come and go for a long time (slots freed by removals are given to new rows): every id
    // keeps finding its own row.
    QList<AccessRequest> live = makeRequests(kSubA, 200);
    m_rows->setRequests(live);
    int next = 1000;
    for (int round = 0; round < 30; ++round) {
        ChangeSet changes;
        QList<AccessRequest> rows;
        QList<AccessRequest> kept;
        for (qsizetype i = 0; i < live.size(); ++i) {
            if ((i * 7 + round) % 5 == 0)
                changes.removed.append(changeOf(live[i]));
            else
                kept.append(live[i]);
        }
        for (int i = 0; i < 40; ++i) {
            const AccessRequest r = makeRequest(i % 2 ? kSubA : kSubB, next++);
            changes.added.append(changeOf(r));
            rows.append(r);
            kept.append(r);
        }
        m_rows->applyChanges(changes, rows);
        live = kept;
        QCOMPARE(m_rows->rowCount(), int(live.size()));
        for (const AccessRequest &r : std::as_const(live))
            QCOMPARE(m_rows->requestAt(m_rows->rowOf(r.requestId))->requestId, r.requestId);
        for (const RequestChange &gone : std::as_const(changes.removed))
            QCOMPARE(m_rows->rowOf(gone.requestId), -1);
    }
}

void TestRequestRows::idsAreFoundHoweverTheyHash_data()
{
    QTest::addColumn<KeyHash>("hash");
    QTest::newRow("qHash") << KeyHash(nullptr);
    // Ids whose hash another id has: each kept by itself, and told apart by the id.
    QTest::newRow("three hashes") << KeyHash(
        [](const QString &key) { return key.isEmpty() ? 0 : quint64(key.back().unicode() % 3); });
    QTest::newRow("one hash") << KeyHash([](const QString &) { return quint64(42); });
}

void TestRequestRows::idsAreFoundHoweverTheyHash()
{
    // Snapshots and changes that list an id twice (the later copy wins, whatever its case), remove
    // an id they also list (it stays, as listed), and remove, add and change rows for a while:
    // every id finds its own row, with the content last given, however ids hash.
    QFETCH(KeyHash, hash);
    RequestRows::setKeyHashForTests(hash);
    QHash<QString, AccessRequest> expected; // by lower-case id
    const auto keep = [&](const AccessRequest &r) { expected.insert(r.requestId.toLower(), r); };
    QList<AccessRequest> first = makeRequests(kSubA, 40);
    AccessRequest again = first[3];
    again.requestId = again.requestId.toUpper();
    again.justification = u"the later copy, upper case"_s;
    first.append(again);
    m_rows->setRequests(first);
    for (const AccessRequest &r : std::as_const(first))
        keep(r);
    int next = 1000;
    for (int round = 0; round < 12; ++round) {
        ChangeSet changes;
        QList<AccessRequest> rows;
        const QList<AccessRequest> live = expected.values();
        for (qsizetype i = 0; i < live.size(); ++i) {
            if ((i * 7 + round) % 5 != 0)
                continue;
            changes.removed.append(changeOf(live[i]));
            if (i % 3 == 0) { // removed, and listed: it stays, as listed
                AccessRequest listed = live[i];
                listed.justification = u"listed in round %1"_s.arg(round);
                changes.changed.append(changeOf(listed));
                rows.append(listed);
                keep(listed);
            } else {
                expected.remove(live[i].requestId.toLower());
            }
        }
        for (int i = 0; i < 10; ++i) {
            const AccessRequest r = makeRequest(i % 2 ? kSubA : kSubB, next++);
            changes.added.append(changeOf(r));
            rows.append(r);
            keep(r);
        }
        AccessRequest later = rows.back();
        later.requestId = later.requestId.toUpper();
        later.justification = u"the later copy of round %1"_s.arg(round);
        rows.append(later);
        keep(later);
        m_rows->applyChanges(changes, rows);

        QCOMPARE(m_rows->rowCount(), int(expected.size()));
        for (const AccessRequest &r : std::as_const(expected)) {
            const int row = m_rows->rowOf(r.requestId.toLower());
            QVERIFY2(row >= 0, qPrintable(r.requestId));
            QCOMPARE(*m_rows->requestAt(row), r);
        }
        for (const RequestChange &gone : std::as_const(changes.removed)) {
            if (!expected.contains(gone.requestId.toLower()))
                QCOMPARE(m_rows->rowOf(gone.requestId), -1);
        }
        QCOMPARE(m_rows->rowOf(u"no-such-id"_s), -1);
    }
}

void TestRequestRows::subscriptions()
{
    // Names may arrive before the subscription's requests.
    const QString kSubC = u"00000000-0000-0000-0000-00000000000c"_s;
    Recorder recorder(m_rows.get());
    m_rows->setSubscriptionNames({{kSubC.toUpper(), u"Charlie"_s}});
    QCOMPARE(recorder.log, (QStringList {u"names"_s}));
    QVERIFY(m_rows->subscriptionIndexOf(kSubC) >= 0);

    m_rows->setRequests(makeRequests(kSubA, 2) + makeRequests(kSubB, 2) + makeRequests(kSubC, 1));
    const int a = m_rows->subscriptionIndexAt(0);
    const int b = m_rows->subscriptionIndexAt(2);
    QCOMPARE(m_rows->subscriptionIndexOf(kSubA.toUpper()), a);
    QCOMPARE(m_rows->subscriptionIndexOf(u"unknown"_s), -1);
    QCOMPARE(m_rows->subscriptionId(a), kSubA);
    QCOMPARE(m_rows->subscriptionName(a), QString());
    QCOMPARE(m_rows->subscriptionDisplayName(a), kSubA);
    QCOMPARE(m_rows->subscriptionDisplayName(m_rows->subscriptionIndexAt(4)), u"Charlie"_s);

    // Subscriptions left out lose their name; the same names again are no change.
    recorder.log.clear();
    m_rows->setSubscriptionNames({{kSubA, u"zulu"_s}, {kSubB, u"Alpha"_s}});
    QCOMPARE(recorder.log, (QStringList {u"names"_s}));
    // The id as first met stands in for the name.
    QCOMPARE(m_rows->subscriptionDisplayName(m_rows->subscriptionIndexAt(4)), kSubC.toUpper());
    m_rows->setSubscriptionNames({{kSubA, u"zulu"_s}, {kSubB, u"Alpha"_s}});
    QCOMPARE(recorder.log.size(), 1);
    QCOMPARE(m_rows->subscriptionName(b), u"Alpha"_s);
    // Sorted by display name, case-insensitively: 0000…C < Alpha < zulu.
    QVERIFY(m_rows->lessThan(4, 2, SortKey::Subscription));
    QVERIFY(m_rows->lessThan(2, 0, SortKey::Subscription));
    QVERIFY(!m_rows->lessThan(0, 1, SortKey::Subscription));
    QVERIFY(!m_rows->lessThan(1, 0, SortKey::Subscription));
    QCOMPARE(m_rows->sortValue(0, SortKey::Subscription).toString(), u"zulu"_s);
    // Names are searched.
    QVERIFY(m_rows->matches(2, u"alpha"_s));
    QVERIFY(!m_rows->matches(0, u"alpha"_s));
}

void TestRequestRows::queuedDecisions()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 6);
    m_rows->setRequests(list);
    Recorder recorder(m_rows.get());
    QueuedDecision done = queuedDecision(list[1], Verdict::Approve, QueuedDecision::State::Acknowledged);
    m_rows->setQueuedDecisions({queuedDecision(list[4], Verdict::Deny, QueuedDecision::State::Sending),
                                queuedDecision(list[2], Verdict::Approve, QueuedDecision::State::Queued), done});
    QCOMPARE(recorder.log, (QStringList {u"queued 2"_s, u"queued 4"_s}));
    QVERIFY(m_rows->queuedAt(2));
    QCOMPARE(m_rows->queuedAt(2)->verdict, Verdict::Approve);
    QCOMPARE(m_rows->queuedAt(4)->state, QueuedDecision::State::Sending);
    QVERIFY(!m_rows->queuedAt(1)); // not live

    recorder.log.clear();
    m_rows->setQueuedDecisions({queuedDecision(list[4], Verdict::Deny, QueuedDecision::State::Sending)});
    QCOMPARE(recorder.log, (QStringList {u"queued 2"_s}));
    QVERIFY(!m_rows->queuedAt(2));
}

void TestRequestRows::repeatedStringsAreShared()
{
    // Two rows whose values are equal but were parsed apart hold one copy of the short ones.
    QList<AccessRequest> list = makeRequests(kSubA, 2);
    for (AccessRequest &r : list) {
        r.resourceType = QString::fromUtf8("Virtual Machine");
        r.subscriptionId = QString::fromUtf8(kSubA.toUtf8());
        r.accessLevel = QString::fromUtf8("Read");
        r.justification = QString::fromUtf8(QByteArray(100, 'j'));
    }
    QVERIFY(list[0].resourceType.constData() != list[1].resourceType.constData());
    m_rows->setRequests(list);
    const AccessRequest a = *m_rows->requestAt(0);
    const AccessRequest b = *m_rows->requestAt(1);
    QCOMPARE(a.resourceType.constData(), b.resourceType.constData());
    QCOMPARE(a.subscriptionId.constData(), b.subscriptionId.constData());
    QCOMPARE(a.accessLevel->constData(), b.accessLevel->constData());
    QCOMPARE(a, list[0]);
}

void TestRequestRows::deadlinesAndActive()
{
    AccessRequest pending = makeRequest(kSubA, 0, Kind::Pending, kNow);
    AccessRequest noExpiry = makeRequest(kSubA, 1, Kind::Pending, kNow);
    noExpiry.expirationDateTime = QDateTime();
    AccessRequest approved = makeRequest(kSubA, 2, Kind::Approved, kNow);
    approved.duration = u"4"_s;
    AccessRequest approvedDefault = makeRequest(kSubA, 3, Kind::Approved, kNow);
    approvedDefault.duration = u"Support request lifetime"_s;
    const AccessRequest denied = makeRequest(kSubA, 4, Kind::Denied, kNow);
    // Created two days ago, approved now: its window counts from the approval.
    AccessRequest approvedLate = makeRequest(kSubA, 5, Kind::Approved, kNow.addDays(-2));
    approvedLate.duration = u"4"_s;
    approvedLate.approvedAt = kNow;
    approvedLate.approvalSource = lockbox::ApprovalSource::Decision;
    // The most hours a duration can state: a window of about 245,000 years, not the default.
    AccessRequest approvedLongest = makeRequest(kSubA, 6, Kind::Approved, kNow);
    approvedLongest.duration = QString::number(std::numeric_limits<int>::max());
    m_rows->setRequests({pending, noExpiry, approved, approvedDefault, denied, approvedLate, approvedLongest});

    QCOMPARE(m_rows->deadlineMsAt(0), pending.expirationDateTime.toMSecsSinceEpoch());
    QCOMPARE(m_rows->deadlineMsAt(1),
             noExpiry.createdDateTime.addDays(lockbox::kPendingLifetimeDays).toMSecsSinceEpoch());
    QCOMPARE(m_rows->deadlineMsAt(2), approved.createdDateTime.addSecs(4 * 3600).toMSecsSinceEpoch());
    QCOMPARE(m_rows->deadlineMsAt(3),
             approvedDefault.createdDateTime.addSecs(lockbox::kDefaultAccessHours * 3600).toMSecsSinceEpoch());
    QCOMPARE(m_rows->deadlineMsAt(4), std::nullopt);
    QCOMPARE(m_rows->deadlineMsAt(5), kNow.addSecs(4 * 3600).toMSecsSinceEpoch());
    QCOMPARE(m_rows->sortValue(4, SortKey::TimeLeft).toLongLong(), std::numeric_limits<qint64>::max());
    QCOMPARE(m_rows->sortValue(3, SortKey::Duration).toLongLong(), qlonglong(std::numeric_limits<int>::max()));
    QCOMPARE(m_rows->sortValue(2, SortKey::Duration).toLongLong(), 4);

    const QList<AccessRequest> all = {pending, noExpiry,     approved,       approvedDefault,
                                      denied,  approvedLate, approvedLongest};
    QVERIFY(m_rows->isActive(5, kNow.addSecs(3 * 3600)));
    for (const qint64 hours : {0, 3, 5, 9}) {
        const QDateTime at = kNow.addSecs(hours * 3600);
        for (int row = 0; row < all.size(); ++row)
            QCOMPARE(m_rows->isActive(row, at), all[row].isActiveAt(at));
    }
    QVERIFY(!m_rows->isActive(-1, kNow));

    // An access window that closed by the rows' "now" has no deadline any more.
    m_clock->advanceSecs(5 * 3600);
    QVERIFY(m_rows->deadlineMsAt(2));
    m_rows->refreshNow();
    QCOMPARE(m_rows->now(), kNow.addSecs(5 * 3600));
    QCOMPARE(m_rows->deadlineMsAt(2), std::nullopt);
    QVERIFY(m_rows->deadlineMsAt(3));
}

void TestRequestRows::searchReadsTheStatusWord()
{
    m_rows->setStatusWord(Kind::Approving, u"Genehmigung läuft"_s);
    m_rows->setRequests({makeRequest(kSubA, 0, Kind::Approving), makeRequest(kSubA, 1)});
    QVERIFY(m_rows->matches(0, u"genehmigung"_s));
    QVERIFY(m_rows->matches(0, u"approving"_s));
    QVERIFY(!m_rows->matches(1, u"genehmigung"_s));
    QVERIFY(m_rows->matches(1, QString()));
    QVERIFY(m_rows->matches(7, QString()));
    QVERIFY(!m_rows->matches(7, u"x"_s));
}

void TestRequestRows::lessThanAgreesWithSortValue()
{
    QList<AccessRequest> list;
    const Kind kinds[] = {Kind::Pending, Kind::Approved, Kind::Denied, Kind::Expired, Kind::Approving};
    for (int i = 0; i < 15; ++i) {
        AccessRequest r = makeRequest(i % 2 ? kSubA : kSubB, i, kinds[i % 5], kNow.addSecs(-3600LL * ((i * 7) % 30)));
        r.resourceType = (i % 3 == 0) ? u"virtual Machine"_s : (i % 3 == 1 ? u"Storage"_s : u"AKS"_s);
        r.justification = u"%1 justification"_s.arg(QChar(u'a' + (i * 5) % 26));
        r.supportRequest = i % 4 ? u"Ünïcode %1"_s.arg(i % 3) : u"case-%1"_s.arg(i);
        r.duration = QString::number(1 + i % 8);
        if (i % 4 == 0)
            r.accessLevel.reset();
        if (i == 7)
            r.createdDateTime = QDateTime();
        if (i % 5 == 0)
            r.expirationDateTime = QDateTime();
        list.append(r);
    }
    m_rows->setRequests(list);
    m_rows->setSubscriptionNames({{kSubA, u"beta"_s}, {kSubB, u"Alpha"_s}});
    const auto agree = [this] {
        const int n = m_rows->rowCount();
        for (int key = 0; key <= int(SortKey::Justification); ++key) {
            for (int a = 0; a < n; ++a) {
                for (int b = 0; b < n; ++b) {
                    const QVariant x = m_rows->sortValue(a, SortKey(key));
                    const QVariant y = m_rows->sortValue(b, SortKey(key));
                    const QPartialOrdering order = QVariant::compare(x, y);
                    const bool less = order == QPartialOrdering::Less;
                    // compare() is the same order, three-way: equal values compare equal.
                    const int expected = less ? -1 : (order == QPartialOrdering::Greater ? 1 : 0);
                    const int compared = m_rows->compare(a, b, SortKey(key));
                    if (m_rows->lessThan(a, b, SortKey(key)) != less || (compared > 0) - (compared < 0) != expected)
                        return u"key %1, rows %2 and %3: %4 vs %5"_s.arg(key).arg(a).arg(b).arg(x.toString(),
                                                                                                y.toString());
                }
            }
        }
        return QString();
    };
    QString disagreement = agree();
    QVERIFY2(disagreement.isEmpty(), qPrintable(disagreement));

    // Text keys rank their rows once sorted by; rows changed, added and removed since then still
    // compare by their text.
    ChangeSet changes;
    QList<AccessRequest> rows;
    for (const int i : {2, 5, 11}) {
        AccessRequest r = list[i];
        r.justification = u"%1 changed"_s.arg(QChar(u'z' - i));
        r.resourceType = u"Changed %1"_s.arg(i);
        changes.changed.append(changeOf(r, r.status));
        rows.append(r);
    }
    for (const int i : {40, 41}) {
        AccessRequest r = makeRequest(kSubA, i, Kind::Pending);
        r.justification = u"m added %1"_s.arg(i);
        changes.added.append(changeOf(r));
        rows.append(r);
    }
    changes.removed = {changeOf(list[7])};
    m_rows->applyChanges(changes, rows);
    disagreement = agree();
    QVERIFY2(disagreement.isEmpty(), qPrintable(disagreement));

    QCOMPARE(RequestRows::statusOrder(Kind::Pending), 0);
    QVERIFY(RequestRows::statusOrder(Kind::Approved) < RequestRows::statusOrder(Kind::Denied));
    QCOMPARE(RequestRows::statusOrder(Kind::Other), 13);
}

void TestRequestRows::summarisedRowsKeepWhatTheTableShows()
{
    using lockbox::store::RequestRowReader;
    const QString longText = u"kubelet restart on the payments pool "_s + QString(200, u'x') + u" tailword"_s;
    AccessRequest pending = makeRequest(kSubA, 1, Kind::Pending);
    pending.justification = longText;
    AccessRequest denied = makeRequest(kSubA, 2, Kind::Denied);
    denied.justification = longText;
    AccessRequest approving = makeRequest(kSubA, 3, Kind::Approving);
    const AccessRequest expired = makeRequest(kSubB, 4, Kind::Expired);

    // Switched on over rows already there: they are summarised in place, and searched as such.
    m_rows->setRequests({expired, denied});
    QVERIFY(m_rows->isWholeAt(0));
    QVERIFY(m_rows->matches(1, u"tailword"_s));
    m_rows->setSummarised(true);
    QVERIFY(m_rows->isSummarised());
    QVERIFY(!m_rows->isWholeAt(0));
    QCOMPARE(*m_rows->requestAt(0), RequestRowReader::summary(expired));
    QVERIFY(m_rows->requestAt(0)->armId.isEmpty());
    QVERIFY(!m_rows->matches(1, u"tailword"_s));

    m_rows->setRequests({pending, denied, approving, expired});
    QVERIFY(m_rows->isWholeAt(0));
    QVERIFY(!m_rows->isWholeAt(1));
    QVERIFY(m_rows->isWholeAt(2));
    QVERIFY(!m_rows->isWholeAt(3));
    QVERIFY(!m_rows->isWholeAt(4));
    QCOMPARE(*m_rows->requestAt(0), pending);
    QCOMPARE(*m_rows->requestAt(2), approving);
    QCOMPARE(*m_rows->requestAt(1), RequestRowReader::summary(denied));
    QCOMPARE(m_rows->requestAt(1)->justification,
             longText.left(RequestRowReader::kSummaryJustificationChars) + QChar(u'…'));
    QCOMPARE(m_rows->request(denied.requestId).value_or(AccessRequest()), RequestRowReader::summary(denied));
    // What the table shows and sorts by is all there.
    QCOMPARE(m_rows->requestAt(1)->resourceIds, denied.resourceIds);
    QCOMPARE(m_rows->sortValue(1, SortKey::Created).toLongLong(), denied.createdDateTime.toMSecsSinceEpoch());
    QCOMPARE(m_rows->statusKindAt(1), Kind::Denied);
    // Search reads what a row keeps: a summary's justification ends at its cut.
    QVERIFY(m_rows->matches(1, u"payments pool"_s));
    QVERIFY(m_rows->matches(0, u"tailword"_s));
    QVERIFY(!m_rows->matches(1, u"tailword"_s));

    Recorder recorder(m_rows.get());
    // The same request again, whole: nothing the table shows changed, so nothing is told. A change
    // past the cut is no change to the table either.
    AccessRequest deniedLater = denied;
    deniedLater.justification = longText + u" and more"_s;
    deniedLater.supportCaseUrl = u"https://portal.azure.com/#elsewhere"_s;
    ChangeSet same;
    same.changed = {changeOf(denied, denied.status), changeOf(pending, pending.status)};
    m_rows->applyChanges(same, {deniedLater, pending});
    QVERIFY2(recorder.log.isEmpty(), qPrintable(recorder.log.join(u", "_s)));

    // A Pending request that is decided becomes a summary; one that opens again is kept whole.
    AccessRequest decided = pending;
    decided.status = RequestStatus(Kind::Approved);
    AccessRequest reopened = denied;
    reopened.status = RequestStatus(Kind::Pending);
    ChangeSet moves;
    moves.changed = {changeOf(decided, pending.status), changeOf(reopened, denied.status)};
    m_rows->applyChanges(moves, {decided, reopened});
    QCOMPARE(recorder.log, (QStringList {u"changed 0"_s, u"changed 1"_s}));
    QVERIFY(!m_rows->isWholeAt(0));
    QCOMPARE(*m_rows->requestAt(0), RequestRowReader::summary(decided));
    QVERIFY(m_rows->isWholeAt(1));
    QCOMPARE(*m_rows->requestAt(1), reopened);
    checkIndex();
}

QTEST_GUILESS_MAIN(TestRequestRows)
#include "tst_requestrows.moc"

void TestRequestRows::compactRowsGiveBackEveryValueTheyKeep()
{
    // A summarised row keeps its values compactly (its own text in one buffer, repeated values
    // once); what it gives back, as a whole request or one value at a time, must be the summary
    // of what it was given, through rewrites that make the buffer drop its waste.
    using lockbox::store::RequestRowReader;
    m_rows->setSummarised(true);
    QList<AccessRequest> list;
    for (int i = 0; i < 60; ++i) {
        AccessRequest r = makeRequest(i % 2 ? kSubA : kSubB, i, i % 3 ? Kind::Denied : Kind::Expired);
        switch (i % 5) {
        case 0:
            r.status = RequestStatus::fromString(u"Frobnicating-%1"_s.arg(i % 2));
            break;
        case 1:
            r.accessLevel.reset();
            break;
        case 2:
            r.accessLevel = QString();
            r.createdDateTime = QDateTime();
            break;
        case 3:
            r.approvedAt = r.createdDateTime.addSecs(60);
            r.approvalSource = lockbox::ApprovalSource::ActivityLog;
            r.duration = u"Support request lifetime"_s;
            break;
        default:
            r.expirationDateTime = QDateTime();
            r.workItemSource = u"SupportTicket"_s;
            r.resourceIds.append(u"/subscriptions/x/resourceGroups/rg-%1"_s.arg(i));
            break;
        }
        list.append(r);
    }
    const auto checkAll = [&] {
        QCOMPARE(m_rows->rowCount(), int(list.size()));
        for (const AccessRequest &given : std::as_const(list)) {
            const int row = m_rows->rowOf(given.requestId);
            QVERIFY(row >= 0);
            QVERIFY(!m_rows->isWholeAt(row));
            const AccessRequest summary = RequestRowReader::summary(given);
            const AccessRequest kept = *m_rows->requestAt(row);
            QCOMPARE(kept, summary);
            QCOMPARE(kept.accessLevel.has_value(), given.accessLevel.has_value());
            QCOMPARE(m_rows->requestIdAt(row), given.requestId);
            QCOMPARE(m_rows->statusAt(row), given.status);
            QCOMPARE(m_rows->createdAt(row), given.createdDateTime);
            QCOMPARE(m_rows->resourceTypeAt(row), given.resourceType);
            QCOMPARE(m_rows->resourceIdsAt(row), given.resourceIds);
            QCOMPARE(m_rows->supportRequestAt(row), given.supportRequest);
            QCOMPARE(m_rows->durationAt(row), given.duration);
            QCOMPARE(m_rows->durationHoursAt(row), given.durationHours());
            QCOMPARE(m_rows->accessLevelAt(row), given.accessLevel);
            QCOMPARE(m_rows->justificationAt(row), summary.justification);
            QVERIFY(m_rows->matches(row, lockbox::engine::RequestSearchIndex::searchLower(given.requestId)));
        }
    };
    m_rows->setRequests(list);
    checkAll();
    // Rewritten many times: a row keeps about 160 bytes of its own text, so 250 rounds leave about
    // 2.4 MB behind, dropped twice or so (past 1 MiB); every round is checked, since a round in which
    // the buffer was compacted is where a stale position would show. Some text is not Latin-1.
    for (int round = 0; round < 250; ++round) {
        ChangeSet changes;
        for (AccessRequest &r : list) {
            r.justification = u"round %1 "_s.arg(round) + QString(200, round % 3 ? u'j' : u'ж');
            r.supportRequest = u"case-%1"_s.arg(round);
            // Values are pooled: 15,000 distinct in all, of which no more than 60 are in use at once.
            r.resourceType = u"Microsoft.Type%1/round%2"_s.arg(list.indexOf(r)).arg(round);
            changes.changed.append(changeOf(r, r.status));
        }
        m_rows->applyChanges(changes, list);
        checkAll();
        QVERIFY(m_rows->matches(0, u"round %1 "_s.arg(round)));
    }
    QCOMPARE_LE(m_rows->pooledValueCount(), std::size_t(4096 + 2 * 60));
    // Half of them leave; the rest still read back right.
    ChangeSet removals;
    QList<AccessRequest> kept;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i % 2)
            removals.removed.append(changeOf(list[i], list[i].status));
        else
            kept.append(list[i]);
    }
    m_rows->applyChanges(removals, {});
    list = kept;
    checkAll();
    checkIndex();

    // Whole rows give back every value, the ARM id and name too, usual or not, and whatever case
    // the subscription id is written in.
    RequestRows whole(*m_clock);
    QList<AccessRequest> open;
    for (int i = 0; i < 6; ++i) {
        AccessRequest r = makeRequest(kSubA, 100 + i, Kind::Pending);
        r.justification = QString(500, u'w') + u" end"_s;
        r.supportCaseUrl = u"https://portal.azure.com/#case/%1"_s.arg(i);
        if (i == 1)
            r.armId = r.armId.toUpper();
        if (i == 2)
            r.name = u"SomethingElse_%1"_s.arg(i);
        if (i == 3) {
            r.armId.clear();
            r.name.clear();
        }
        if (i == 4) { // the ARM id as usual, but for a subscription id written otherwise
            r.subscriptionId = kSubA.toUpper();
            r.armId = u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2"_s.arg(r.subscriptionId,
                                                                                                 r.requestId);
        }
        open.append(r);
    }
    whole.setRequests(open);
    for (int row = 0; row < whole.rowCount(); ++row) {
        QVERIFY(whole.isWholeAt(row));
        // Exactly as given, the subscription id too (a decision is bound to what the approver saw).
        QCOMPARE(*whole.requestAt(row), open[row]);
        QCOMPARE(whole.requestAt(row)->subscriptionId, open[row].subscriptionId);
        QCOMPARE(whole.requestAt(row)->armId, open[row].armId);
        QCOMPARE(whole.requestAt(row)->name, open[row].name);
    }
}

void TestRequestRows::rowsThatShareValuesAreSearchedAsEachAlone_data()
{
    QTest::addColumn<bool>("summarised");
    QTest::newRow("whole") << false;
    QTest::newRow("summarised") << true; // as the console keeps them, some given as summaries
}

void TestRequestRows::rowsThatShareValuesAreSearchedAsEachAlone()
{
    QFETCH(bool, summarised);
    m_rows->setSummarised(summarised);
    // Rows that share their resources, type, access level and subscription share one search text,
    // made for the first of them; lists given as one shared list are found by their data. Each row
    // must match exactly what it matches alone, through changes that renumber the pools (more
    // than 4,096 distinct values) and lists equal in content but not in data.
    using lockbox::engine::RequestSearchIndex;
    QRandomGenerator random(17);
    const QStringList subscriptions = {kSubA, kSubB, kSubA.toUpper()};
    QList<QStringList> lists;
    for (int i = 0; i < 6; ++i) {
        const QString sub = subscriptions[i % 2];
        lists.append(
            {u"/subscriptions/%1/resourceGroups/rg-%2/providers/Microsoft.Compute/virtualMachines/vm-%2"_s.arg(sub).arg(
                i)});
    }
    lists.append(
        {u"/SUBSCRIPTIONS/%1/resourceGroups/Shared/providers/Microsoft.Storage/storageAccounts/logs"_s.arg(kSubA),
         u"/subscriptions/%1/resourceGroups/rg-virtual machine/x"_s.arg(kSubB)});
    const QStringList types = {u"Virtual Machine"_s, u"Storage Account"_s, u"virtualMachines"_s};
    const QList<std::optional<QString>> levels = {u"Read"_s, u"Write"_s, std::nullopt, QString()};
    const auto make = [&](int n, int round) {
        AccessRequest r = makeRequest(subscriptions[random.bounded(3)], n, Kind::Denied);
        if (random.bounded(5) == 0)
            r.status = RequestStatus::fromString(u"Frobnicating-%1"_s.arg(random.bounded(2)));
        r.resourceIds = lists[random.bounded(lists.size())];
        if (random.bounded(4) == 0)
            r.resourceIds = QStringList(r.resourceIds.cbegin(), r.resourceIds.cend()); // equal, not shared
        r.resourceType = round > 0 && random.bounded(2) ? u"Type %1 of round %2"_s.arg(n).arg(round)
                                                        : types[random.bounded(types.size())];
        r.accessLevel = levels[random.bounded(levels.size())];
        if (random.bounded(3) == 0)
            r.justification = QString(random.bounded(100, 140), u'j');
        if (random.bounded(3) == 0)
            lockbox::store::RequestRowReader::summarise(r); // as the cache's reader gives it
        return r;
    };
    QStringList needles = {
        u"vm-1"_s,    u"rg-4"_s,   u"storageaccounts/logs"_s, u"virtual machine"_s, u"storage account"_s,
        u"read"_s,    u"write"_s,  u"frobnicating-1"_s,       u"subscriptions/"_s,  u"-00000000000b"_s,
        u"round 3"_s, u"type 1"_s, u"microsoft.compute"_s};
    QList<AccessRequest> list;
    for (int n = 0; n < 300; ++n)
        list.append(make(n, 0));
    m_rows->setRequests(list);
    const auto checkAll = [&] {
        for (const AccessRequest &given : std::as_const(list)) {
            RequestRows alone(*m_clock);
            alone.setSummarised(summarised);
            alone.setRequests({given});
            const int row = m_rows->rowOf(given.requestId);
            QVERIFY(row >= 0);
            for (const QString &needle : std::as_const(needles)) {
                const QString lower = RequestSearchIndex::searchLower(needle);
                if (m_rows->matches(row, lower) != alone.matches(0, lower))
                    QFAIL(qPrintable(u"%1 on %2"_s.arg(needle, given.requestId)));
            }
            QCOMPARE(m_rows->resourceIdsAt(row), given.resourceIds);
            QCOMPARE(*m_rows->requestAt(row), summarised ? lockbox::store::RequestRowReader::summary(given) : given);
            QCOMPARE(m_rows->isWholeAt(row), !summarised);
        }
    };
    checkAll();
    for (int round = 1; round <= 40; ++round) {
        ChangeSet changes;
        for (qsizetype i = 0; i < list.size(); ++i) {
            list[i] = make(int(i), round);
            changes.changed.append(changeOf(list[i], list[i].status));
        }
        m_rows->applyChanges(changes, list);
        if (round % 5 == 0)
            checkAll();
    }
    // 40 rounds of about 150 new types each: the pools were renumbered on the way.
    QCOMPARE_LE(m_rows->pooledValueCount(), std::size_t(4096));
}
