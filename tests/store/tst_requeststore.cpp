// RequestStore: merging server lists into the cache (added / changed / removed exactly, unchanged
// rows not written), the streaming session, pending-only merges, single upserts, exact round trips
// of quirky and hostile values, and the queries behind the quick filters and search.

#include "storetesthelpers.h"

#include "store/contenthash.h"
#include "store/database.h"
#include "store/listedrow.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "support/syncingvfs.h"

#include <QSet>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ApprovalSource;
using lockbox::ChangeSet;
using lockbox::QuickFilter;
using lockbox::RequestChange;
using lockbox::RequestQuery;
using lockbox::RequestStatus;
using lockbox::store::CacheStamp;
using lockbox::store::Database;
using lockbox::store::RequestStore;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;
using lockbox::test::SyncingVfs;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;

QStringList idsOf(const QList<RequestChange> &changes)
{
    QStringList out;
    for (const RequestChange &c : changes)
        out.append(c.requestId);
    std::sort(out.begin(), out.end());
    return out;
}

QStringList idsOf(const QList<AccessRequest> &requests)
{
    QStringList out;
    for (const AccessRequest &r : requests)
        out.append(r.requestId);
    return out;
}

const RequestChange *find(const QList<RequestChange> &changes, const QString &id)
{
    for (const RequestChange &c : changes) {
        if (c.requestId == id)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestRequestStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void firstMergeAddsEverything();
    void cacheStampMovesWithEveryWrite();
    void rowsReadShareWhatTheyRepeat();
    void unchangedMergeWritesNothing();
    void addedChangedRemovedExactly();
    void otherSubscriptionsAreLeftAlone();
    void seenTimesMoveOnlyOnChange();
    void streamingMergeEqualsFullMerge();
    void streamingMergeAbortedHalfWayWritesNothing();
    void failingPageAbortsTheSession();
    void mergePendingUpsertsAndReportsVanished();
    void upsertOneReportsOldAndNewStatus();
    void upsertOneKeepsTheCachedSpellingOfTheSubscription();
    void duplicateInOneListIsOneChange();
    void subscriptionOfARequestMustMatch();
    void quirkyValuesRoundTrip();
    void hostileTextRoundTrips();
    void textIsStoredAsGivenWhateverItsCharacters_data();
    void textIsStoredAsGivenWhateverItsCharacters();
    void everyCharacterIsStoredAsUtf8AtEveryOffset();
    void quickFiltersAndCounts();
    void activeMatchesIsActiveAt_data();
    void activeMatchesIsActiveAt();
    void statusAndSubscriptionFilters();
    void orderingAndPaging();
    void textSearchEscapesWildcards();
    void subscriptionsSeen();
    void othersChangesAreWhatAnotherConnectionWrote();
    void approvalSeenBySyncStartsTheWindow();
    void betterApprovalSourceReplacesWorse();
    void approvalRecordedElsewhereIsAChange();
    void approvalSurvivesAMoveToAnotherSubscription();
    void onlyWhatTheProfileAloneKnowsWaitsForTheDisk();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestStore> m_store;

    qint64 totalChanges() { return m_db->scalar(u"SELECT total_changes()"_s).toLongLong(); }
    // Every row exactly as stored, for before/after comparisons.
    QStringList dump()
    {
        RawConnection raw(m_db->filePath());
        QSqlQuery q(raw.db());
        q.exec(u"SELECT * FROM requests ORDER BY request_id"_s);
        QStringList rows;
        while (q.next()) {
            QStringList cells;
            for (int i = 0; i < q.record().count(); ++i)
                cells.append(q.value(i).isNull() ? u"<null>"_s : q.value(i).toString());
            rows.append(cells.join(u'|'));
        }
        return rows;
    }
};

void TestRequestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), &error), qPrintable(error));
    m_store = std::make_unique<RequestStore>(*m_db, *m_clock);
}

void TestRequestStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestRequestStore::firstMergeAddsEverything()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 50);
    QString error;
    const auto changes = m_store->mergeFull(kSubA, list, &error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(changes->added.size(), 50);
    QVERIFY(changes->changed.isEmpty());
    QVERIFY(changes->removed.isEmpty());
    QCOMPARE(changes->unchanged, 0);
    for (const RequestChange &c : changes->added) {
        QCOMPARE(c.subscriptionId, kSubA);
        QCOMPARE(c.oldStatus, RequestStatus());
        QCOMPARE(c.newStatus, RequestStatus(Kind::Pending));
    }
    for (const AccessRequest &r : list)
        QCOMPARE(m_store->request(r.requestId).value_or(AccessRequest()), r);
    QVERIFY(!m_store->request(u"no-such-id"_s).has_value());
}

void TestRequestStore::cacheStampMovesWithEveryWrite()
{
    // The sync engine takes a listing for known only while the stamp it saw stays: any write of
    // the subscription's rows moves it, an unchanged merge or another subscription's does not.
    const auto stamp = [this](const QString &sub) { return m_store->cacheStamp(sub).value_or(CacheStamp()); };
    QCOMPARE(stamp(kSubA).rows, 0);
    QVERIFY(stamp(kSubA).isValid());
    QList<AccessRequest> list = makeRequests(kSubA, 20);
    QVERIFY(m_store->mergeFull(kSubA, list));
    const CacheStamp merged = stamp(kSubA);
    QCOMPARE(merged.rows, 20);

    m_clock->advanceSecs(60);
    QVERIFY(m_store->mergeFull(kSubA, list));
    QVERIFY(m_store->mergeFull(kSubB, makeRequests(kSubB, 3)));
    QCOMPARE(stamp(kSubA), merged);

    m_clock->advanceSecs(60);
    AccessRequest edited = list.at(5);
    edited.justification += u" (edited)"_s;
    QVERIFY(m_store->upsertOne(edited));
    const CacheStamp afterEdit = stamp(kSubA);
    QVERIFY(afterEdit != merged);
    QCOMPARE(afterEdit.rows, 20);

    m_clock->advanceSecs(60);
    list.removeAt(3);
    QVERIFY(m_store->mergeFull(kSubA, list));
    QCOMPARE(stamp(kSubA).rows, 19);
    QVERIFY(stamp(kSubA) != afterEdit);
}

void TestRequestStore::rowsReadShareWhatTheyRepeat()
{
    // Two requests for the same resource: read back, equal values share one copy in memory.
    QList<AccessRequest> list = makeRequests(kSubA, 3);
    list[1].resourceIds = list[0].resourceIds;
    QVERIFY(m_store->mergeFull(kSubA, list));
    RequestQuery query;
    query.subscriptionIds = {kSubA};
    const QList<AccessRequest> read = m_store->requests(query);
    QCOMPARE(read.size(), 3);
    const auto byId = [&read](const QString &id) {
        for (const AccessRequest &r : read) {
            if (r.requestId == id)
                return r;
        }
        return AccessRequest();
    };
    const AccessRequest a = byId(list[0].requestId);
    const AccessRequest b = byId(list[1].requestId);
    const AccessRequest c = byId(list[2].requestId);
    QCOMPARE(a, list[0]); // values unchanged
    QCOMPARE(b, list[1]);
    QCOMPARE(a.resourceIds.first().constData(), b.resourceIds.first().constData());
    QVERIFY(a.resourceIds.first().constData() != c.resourceIds.first().constData());
    QCOMPARE(a.subscriptionId.constData(), c.subscriptionId.constData());
    QCOMPARE(a.resourceType.constData(), c.resourceType.constData());
    QCOMPARE(a.workItemSource.constData(), c.workItemSource.constData());
    // Unique text is not pooled.
    QVERIFY(a.justification.constData() != c.justification.constData());
}

void TestRequestStore::unchangedMergeWritesNothing()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 200);
    QVERIFY(m_store->mergeFull(kSubA, list));

    RawConnection observer(m_db->filePath());
    const qint64 versionBefore = observer.scalar(u"PRAGMA data_version"_s).toLongLong();
    const qint64 changesBefore = totalChanges();
    const QStringList rowsBefore = dump();

    m_clock->advanceSecs(3600);
    const auto changes = m_store->mergeFull(kSubA, list);
    QVERIFY(changes);
    QVERIFY(changes->isEmpty());
    QCOMPARE(changes->unchanged, 200);
    QCOMPARE(changes->rowsWritten(), 0);

    // Not a row written on this connection, no commit seen by another, every byte the same.
    QCOMPARE(totalChanges(), changesBefore);
    QCOMPARE(observer.scalar(u"PRAGMA data_version"_s).toLongLong(), versionBefore);
    QCOMPARE(dump(), rowsBefore);

    // The same holds for the session API and for pending merges of unchanged data.
    QVERIFY(m_store->beginMerge(kSubA));
    QVERIFY(m_store->addPage(list.mid(0, 100)));
    QVERIFY(m_store->addPage(list.mid(100)));
    QVERIFY(m_store->commitMerge().value_or(ChangeSet {{}, {}, {RequestChange {}}, 0}).isEmpty());
    QVERIFY(m_store->mergePending(kSubA, list.mid(0, 10)).value().isEmpty());
    QVERIFY(m_store->upsertOne(list.at(3)).value().isEmpty());
    QCOMPARE(totalChanges(), changesBefore);
    QCOMPARE(observer.scalar(u"PRAGMA data_version"_s).toLongLong(), versionBefore);
}

void TestRequestStore::addedChangedRemovedExactly()
{
    QList<AccessRequest> list = makeRequests(kSubA, 20);
    QVERIFY(m_store->mergeFull(kSubA, list));

    QList<AccessRequest> next = list;
    next[2].status = RequestStatus(Kind::Approved);                     // status changed
    next[5].justification += u" (updated)"_s;                           // content only
    next[7].accessLevel.reset();                                        // a field disappeared
    next[9].resourceIds.append(u"/subscriptions/x/resourceGroups/y"_s); // a list grew
    const QString removed1 = next[11].requestId;
    const QString removed2 = next[12].requestId;
    next.removeAt(12);
    next.removeAt(11);
    const QList<AccessRequest> extra = makeRequests(kSubA, 3, 100);
    next += extra;

    const auto changes = m_store->mergeFull(kSubA, next);
    QVERIFY(changes);
    QCOMPARE(idsOf(changes->added),
             idsOf(QList<RequestChange> {{extra[0].requestId, {}, {}, {}},
                                         {extra[1].requestId, {}, {}, {}},
                                         {extra[2].requestId, {}, {}, {}}}));
    QStringList changedIds = {list[2].requestId, list[5].requestId, list[7].requestId, list[9].requestId};
    std::sort(changedIds.begin(), changedIds.end());
    QCOMPARE(idsOf(changes->changed), changedIds);
    QStringList removedIds = {removed1, removed2};
    std::sort(removedIds.begin(), removedIds.end());
    QCOMPARE(idsOf(changes->removed), removedIds);
    QCOMPARE(changes->unchanged, 20 - 4 - 2);

    const RequestChange *approved = find(changes->changed, list[2].requestId);
    QCOMPARE(approved->oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(approved->newStatus, RequestStatus(Kind::Approved));
    const RequestChange *edited = find(changes->changed, list[5].requestId);
    QCOMPARE(edited->oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(edited->newStatus, RequestStatus(Kind::Pending));
    const RequestChange *gone = find(changes->removed, removed1);
    QCOMPARE(gone->oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(gone->newStatus, RequestStatus(Kind::Pending));
    QCOMPARE(gone->subscriptionId, kSubA);

    QVERIFY(!m_store->request(removed1));
    QVERIFY(!m_store->request(removed2));
    for (AccessRequest r : next) {
        if (r.requestId == list[2].requestId) { // this sync saw it approved: access counts from now
            r.approvedAt = m_clock->now();
            r.approvalSource = lockbox::ApprovalSource::Observed;
        }
        QCOMPARE(m_store->request(r.requestId).value_or(AccessRequest()), r);
    }
    QCOMPARE(m_store->count(RequestQuery()), next.size());
}

void TestRequestStore::otherSubscriptionsAreLeftAlone()
{
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 10)));
    QVERIFY(m_store->mergeFull(kSubB, makeRequests(kSubB, 7)));
    const auto changes = m_store->mergeFull(kSubA, {}); // sub A now empty
    QVERIFY(changes);
    QCOMPARE(changes->removed.size(), 10);
    RequestQuery q;
    q.subscriptionIds = {kSubB};
    QCOMPARE(m_store->count(q), 7);
    QCOMPARE(m_store->count(RequestQuery()), 7);
}

void TestRequestStore::seenTimesMoveOnlyOnChange()
{
    QList<AccessRequest> list = makeRequests(kSubA, 3);
    const qint64 t0 = m_clock->now().toMSecsSinceEpoch();
    QVERIFY(m_store->mergeFull(kSubA, list));
    m_clock->advanceSecs(600);
    const qint64 t1 = m_clock->now().toMSecsSinceEpoch();
    list[1].status = RequestStatus(Kind::Denied);
    QVERIFY(m_store->mergeFull(kSubA, list));

    auto seen = [&](const QString &id, const char *column) {
        return m_db->scalar(u"SELECT %1 FROM requests WHERE request_id = '%2'"_s.arg(QLatin1StringView(column), id))
            .toLongLong();
    };
    QCOMPARE(seen(list[0].requestId, "first_seen_ms"), t0);
    QCOMPARE(seen(list[0].requestId, "last_seen_ms"), t0); // unchanged: not written
    QCOMPARE(seen(list[1].requestId, "first_seen_ms"), t0);
    QCOMPARE(seen(list[1].requestId, "last_seen_ms"), t1);
}

void TestRequestStore::streamingMergeEqualsFullMerge()
{
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 30)));
    QList<AccessRequest> next = makeRequests(kSubA, 30, 10); // 10 removed, 10 added, 20 unchanged
    next[0].status = RequestStatus(Kind::Expired);

    QVERIFY(m_store->beginMerge(kSubA));
    QVERIFY(m_store->isMerging());
    for (qsizetype i = 0; i < next.size(); i += 7)
        QVERIFY(m_store->addPage(next.mid(i, 7)));
    const auto changes = m_store->commitMerge();
    QVERIFY(changes);
    QVERIFY(!m_store->isMerging());
    QCOMPARE(changes->added.size(), 10);
    QCOMPARE(changes->changed.size(), 1);
    QCOMPARE(changes->removed.size(), 10);
    QCOMPARE(changes->unchanged, 19);
    QCOMPARE(idsOf(m_store->requests(RequestQuery())).size(), 30);
}

void TestRequestStore::streamingMergeAbortedHalfWayWritesNothing()
{
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 40)));
    const QStringList before = dump();
    RawConnection observer(m_db->filePath());
    const qint64 versionBefore = observer.scalar(u"PRAGMA data_version"_s).toLongLong();

    QList<AccessRequest> next = makeRequests(kSubA, 40, 20);
    for (AccessRequest &r : next)
        r.status = RequestStatus(Kind::Expired);
    QVERIFY(m_store->beginMerge(kSubA));
    QVERIFY(m_store->addPage(next.mid(0, 20)));
    QVERIFY(m_store->addPage(next.mid(20, 10)));
    m_store->abortMerge(); // e.g. the third page never arrived
    QVERIFY(!m_store->isMerging());
    QVERIFY(!m_db->inTransaction());

    QCOMPARE(dump(), before);
    QCOMPARE(observer.scalar(u"PRAGMA data_version"_s).toLongLong(), versionBefore);

    // The store is usable afterwards.
    QVERIFY(m_store->mergeFull(kSubA, next));
    QCOMPARE(m_store->count(RequestQuery()), 40);
}

void TestRequestStore::failingPageAbortsTheSession()
{
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 10)));
    const QStringList before = dump();

    QList<AccessRequest> bad = makeRequests(kSubA, 5, 50);
    bad[3].requestId.clear(); // a request without an id
    QVERIFY(m_store->beginMerge(kSubA));
    QVERIFY(m_store->addPage(makeRequests(kSubA, 5, 30)));
    QString error;
    QVERIFY(!m_store->addPage(bad, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!m_store->isMerging()); // aborted on its own
    QVERIFY(!m_store->commitMerge(&error));
    QCOMPARE(dump(), before);

    // A failure inside SQLite (here a trigger refusing the 3rd insert) does the same.
    QVERIFY(m_db->execute(u"CREATE TEMP TABLE inserts (n)"_s));
    QVERIFY(m_db->execute(u"INSERT INTO inserts VALUES (0)"_s));
    QVERIFY(m_db->execute(u"CREATE TEMP TRIGGER fail_third AFTER INSERT ON main.requests BEGIN"
                          " UPDATE inserts SET n = n + 1;"
                          " SELECT RAISE(ABORT, 'injected failure') WHERE (SELECT n FROM inserts) >= 3; END"_s));
    QVERIFY(!m_store->mergeFull(kSubA, makeRequests(kSubA, 10, 100), &error));
    QVERIFY2(error.contains(u"injected failure"_s), qPrintable(error));
    QVERIFY(!m_db->inTransaction());
    QCOMPARE(dump(), before);
}

void TestRequestStore::mergePendingUpsertsAndReportsVanished()
{
    QList<AccessRequest> cached = makeRequests(kSubA, 6);
    cached[3].status = RequestStatus(Kind::Approving);
    cached[4].status = RequestStatus(Kind::Approved);
    cached[5].status = RequestStatus(Kind::Denied);
    QVERIFY(m_store->mergeFull(kSubA, cached));
    QVERIFY(m_store->mergeFull(kSubB, makeRequests(kSubB, 2))); // pending elsewhere: not ours to report

    // The pending list now has request 0 unchanged, request 1 edited, and a new one.
    AccessRequest edited = cached[1];
    edited.justification = u"more detail"_s;
    const AccessRequest fresh = makeRequest(kSubA, 77);
    QStringList vanished;
    QString error;
    const auto changes = m_store->mergePending(kSubA, {cached[0], edited, fresh}, &vanished, &error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(changes->unchanged, 1);
    QCOMPARE(idsOf(changes->changed), QStringList {edited.requestId});
    QCOMPARE(idsOf(changes->added), QStringList {fresh.requestId});
    QVERIFY(changes->removed.isEmpty());

    QStringList expected = {cached[2].requestId, cached[3].requestId}; // Pending and Approving, not listed
    std::sort(expected.begin(), expected.end());
    std::sort(vanished.begin(), vanished.end());
    QCOMPARE(vanished, expected);
    QCOMPARE(m_store->count(RequestQuery()), 6 + 1 + 2); // nothing deleted
}

void TestRequestStore::upsertOneReportsOldAndNewStatus()
{
    QList<AccessRequest> list = makeRequests(kSubA, 2);
    QVERIFY(m_store->mergeFull(kSubA, list));
    AccessRequest r = list[0];
    r.status = RequestStatus(Kind::Approving);
    auto changes = m_store->upsertOne(r);
    QVERIFY(changes);
    QCOMPARE(changes->changed.size(), 1);
    QCOMPARE(changes->changed.first().oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(changes->changed.first().newStatus, RequestStatus(Kind::Approving));
    QCOMPARE(changes->changed.first().subscriptionId, kSubA);
    QVERIFY(m_store->upsertOne(r).value().isEmpty());

    const AccessRequest other = makeRequest(kSubB, 5);
    changes = m_store->upsertOne(other);
    QCOMPARE(changes->added.size(), 1);
    QCOMPARE(changes->added.first().subscriptionId, kSubB);

    AccessRequest orphan = makeRequest(kSubB, 6);
    orphan.subscriptionId.clear();
    QString error;
    QVERIFY(!m_store->upsertOne(orphan, &error));
    QVERIFY(!error.isEmpty());
}

// ARM's reply may spell the subscription id in upper case where the merges store the configured
// spelling: the same request read on its own is unchanged (same row, same hash, nothing reported).
void TestRequestStore::upsertOneKeepsTheCachedSpellingOfTheSubscription()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 2);
    QVERIFY(m_store->mergeFull(kSubA, list));
    const QStringList before = dump();
    const qint64 changesBefore = totalChanges();

    AccessRequest shouted = list[0];
    shouted.subscriptionId = kSubA.toUpper();
    QVERIFY(shouted.subscriptionId != kSubA);
    const auto changes = m_store->upsertOne(shouted);
    QVERIFY(changes);
    QVERIFY(changes->isEmpty());
    QCOMPARE(changes->unchanged, 1);
    QCOMPARE(dump(), before);
    QCOMPARE(totalChanges(), changesBefore);
    QCOMPARE(m_store->request(list[0].requestId)->subscriptionId, kSubA);
    // The next full merge, with the configured spelling, finds it unchanged too.
    QVERIFY(m_store->mergeFull(kSubA, list).value().isEmpty());

    // A real change read on its own is one change, still under the cached spelling.
    shouted.status = RequestStatus(Kind::Approving);
    const auto changed = m_store->upsertOne(shouted);
    QVERIFY(changed);
    QCOMPARE(changed->changed.size(), 1);
    QCOMPARE(changed->changed.first().subscriptionId, kSubA);
    QCOMPARE(m_store->request(list[0].requestId)->subscriptionId, kSubA);
    QVERIFY(m_store->mergeFull(kSubA, {shouted, list[1]}).value().isEmpty());
}

void TestRequestStore::duplicateInOneListIsOneChange()
{
    QList<AccessRequest> list = makeRequests(kSubA, 3);
    QVERIFY(m_store->mergeFull(kSubA, list));
    AccessRequest later = list[0];
    later.status = RequestStatus(Kind::Approved);
    const AccessRequest fresh = makeRequest(kSubA, 9);
    AccessRequest freshLater = fresh;
    freshLater.status = RequestStatus(Kind::Expired);
    // The same ids twice, as a page boundary moving under a paged list could produce.
    const auto changes = m_store->mergeFull(kSubA, {list[0], list[1], list[2], later, fresh, freshLater, fresh});
    QVERIFY(changes);
    QCOMPARE(changes->changed.size(), 1);
    QCOMPARE(changes->changed.first().oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(changes->changed.first().newStatus, RequestStatus(Kind::Approved));
    QCOMPARE(changes->added.size(), 1);
    QCOMPARE(changes->added.first().newStatus, RequestStatus(Kind::Pending)); // the last listing wins
    QCOMPARE(changes->unchanged, 2);
    QCOMPARE(m_store->request(fresh.requestId)->status, RequestStatus(Kind::Pending));
    QCOMPARE(m_store->request(list[0].requestId)->status, RequestStatus(Kind::Approved));
}

void TestRequestStore::subscriptionOfARequestMustMatch()
{
    QList<AccessRequest> list = makeRequests(kSubA, 4);
    list[1].subscriptionId.clear();           // taken from the list's subscription
    list[2].subscriptionId = kSubA.toUpper(); // same subscription, other case
    QVERIFY(m_store->mergeFull(kSubA, list));
    QCOMPARE(m_store->request(list[1].requestId)->subscriptionId, kSubA);
    QCOMPARE(m_store->request(list[2].requestId)->subscriptionId, kSubA);
    // Stored normalized, so listing it again changes nothing.
    QVERIFY(m_store->mergeFull(kSubA, list).value().isEmpty());

    const QStringList before = dump();
    list[3].subscriptionId = kSubB;
    QString error;
    QVERIFY(!m_store->mergeFull(kSubA, list, &error));
    QVERIFY2(error.contains(kSubB) && error.contains(list[3].requestId), qPrintable(error));
    QCOMPARE(dump(), before);
}

void TestRequestStore::quirkyValuesRoundTrip()
{
    QList<AccessRequest> quirky;
    AccessRequest a = makeRequest(kSubA, 1);
    a.accessLevel.reset(); // absent
    a.duration = u"Support request lifetime"_s;
    a.status = RequestStatus::fromString(u"Frobnicating"_s); // unknown status kept as written
    a.resourceIds.clear();
    quirky.append(a);

    AccessRequest b = makeRequest(kSubA, 2);
    b.accessLevel = QString(u""_s); // present but empty: not the same as absent
    b.duration = u"8"_s;
    b.createdDateTime = QDateTime(); // missing dates
    b.expirationDateTime = QDateTime();
    b.name.clear();
    b.type = QString();
    quirky.append(b);

    AccessRequest c = makeRequest(kSubA, 3);
    c.status = RequestStatus::fromString(u"pending"_s); // known word in another case
    c.duration = u"12"_s;
    c.createdDateTime = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    c.expirationDateTime = QDateTime(QDate(2099, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
    c.resourceIds = {u"/SUBSCRIPTIONS/A/RESOURCEGROUPS/B"_s,
                     u"two\"quoted\""_s,
                     u"back\\slash"_s,
                     u""_s,
                     u"ünïcödé ✓ 🔒"_s,
                     u"tab\tnewline\n"_s};
    quirky.append(c);

    AccessRequest d = makeRequest(kSubA, 4);
    d.createdDateTime = QDateTime(QDate(2024, 2, 29), QTime(23, 0), QTimeZone(3600)); // not UTC
    d.status = RequestStatus::fromString(u"Pending "_s); // trailing space: not a known word
    quirky.append(d);

    QVERIFY(m_store->mergeFull(kSubA, quirky));
    for (const AccessRequest &r : quirky) {
        const auto stored = m_store->request(r.requestId);
        QVERIFY(stored);
        QCOMPARE(*stored, r);
        QCOMPARE(stored->accessLevel.has_value(), r.accessLevel.has_value());
        QCOMPARE(stored->status.toString(), r.status.toString());
        QCOMPARE(stored->status.isKnown(), r.status.isKnown());
    }
    QVERIFY(m_store->request(b.requestId)->accessLevel.has_value());
    QVERIFY(!m_store->request(a.requestId)->accessLevel.has_value());
    QVERIFY(m_store->mergeFull(kSubA, quirky).value().isEmpty());
}

void TestRequestStore::hostileTextRoundTrips()
{
    AccessRequest r = makeRequest(kSubA, 1);
    r.justification = u"'); DROP TABLE requests; -- \" OR 1=1 %_\\ "_s;
    r.justification += QChar(u'\0');
    r.justification += u"after a NUL \u202Eevil\u202C <b>markup</b> 🔓"_s;
    r.supportCaseUrl = u"javascript:alert('x')"_s;
    r.resourceIds = {u"\"],[\"injected"_s, QString(1, QChar(u'\0'))};
    r.accessLevel = u"Read\0Write"_s;
    QString huge;
    huge.reserve(10 * 1024 * 1024);
    while (huge.size() < 10 * 1024 * 1024)
        huge += u"A Microsoft engineer needs access. "_s;
    AccessRequest big = makeRequest(kSubA, 2);
    big.justification = huge;

    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, {r, big}, &error), qPrintable(error));
    QCOMPARE(*m_store->request(r.requestId), r);
    QCOMPARE(m_store->request(r.requestId)->justification.size(), r.justification.size());
    QCOMPARE(m_store->request(r.requestId)->accessLevel->size(), 10);
    QCOMPARE(m_store->request(big.requestId)->justification, huge);
    QCOMPARE(m_store->count(RequestQuery()), 2); // the table is still there
    QVERIFY(m_store->mergeFull(kSubA, {r, big}).value().isEmpty());

    RequestQuery q;
    q.text = u"'); DROP TABLE"_s;
    QCOMPARE(idsOf(m_store->requests(q)), QStringList {r.requestId});
}

void TestRequestStore::textIsStoredAsGivenWhateverItsCharacters_data()
{
    QTest::addColumn<bool>("madeAhead"); // rows made as ListingReader makes them, or by the merge
    QTest::newRow("rows made by the merge") << false;
    QTest::newRow("rows made ahead") << true;
}

void TestRequestStore::textIsStoredAsGivenWhateverItsCharacters()
{
    // Rows are bound as UTF-8 through SQLite's C API: every character reads back as it was, a
    // leading U+FEFF included (UTF-16 binding dropped it as a byte-order mark), and a lone
    // surrogate as U+FFFD, without spilling into the column after it.
    QFETCH(bool, madeAhead);
    const QString bom = QString(QChar(0xfeff));
    const QString loneHigh = QString(QChar(0xd83d));
    const QString loneLow = QString(QChar(0xdd13));
    const QString replacement = QString(QChar(QChar::ReplacementCharacter));
    AccessRequest r = makeRequest(kSubA, 1);
    const QString text = bom + u"Zugriff für Ihre Datenbank 中文 🔓 ends high "_s;
    r.justification = text + loneHigh;
    r.name = bom + u"name"_s;
    r.duration = loneLow + u"8"_s;
    r.supportRequest = QString(); // null: stored as ''
    r.supportCaseUrl = u""_s;
    r.resourceIds = {u"/a\"b\\c"_s, QString(1, QChar(1)) + QChar(0x1f) + u"é"_s, loneHigh + loneHigh, QString()};
    r.accessLevel = u""_s;
    AccessRequest noLevel = makeRequest(kSubA, 2);
    noLevel.accessLevel.reset();
    noLevel.createdDateTime = QDateTime();
    noLevel.expirationDateTime = QDateTime();
    noLevel.subscriptionId = kSubA.toUpper(); // stored under the list's spelling

    QString error;
    QVERIFY(m_store->beginMerge(kSubA, &error));
    const QList<AccessRequest> page = {r, noLevel};
    if (madeAhead) {
        const QList<lockbox::store::ListedRow> rows = {lockbox::store::ListedRow::listed(kSubA, r),
                                                       lockbox::store::ListedRow::listed(kSubA, noLevel)};
        QVERIFY2(m_store->addPage(page, rows, &error), qPrintable(error));
    } else {
        QVERIFY2(m_store->addPage(page, &error), qPrintable(error));
    }
    const auto changes = m_store->commitMerge(&error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(changes->added.size(), 2);

    AccessRequest expected = r;
    expected.justification = text + replacement;
    expected.duration = replacement + u"8"_s;
    expected.resourceIds[2] = replacement + replacement;
    expected.supportRequest = u""_s;
    QCOMPARE(m_store->request(r.requestId)->justification, expected.justification);
    QCOMPARE(m_store->request(r.requestId)->resourceIds, expected.resourceIds);
    QCOMPARE(*m_store->request(r.requestId), expected);
    QVERIFY(m_store->request(r.requestId)->justification.startsWith(bom));
    QCOMPARE(m_store->request(r.requestId)->name, r.name);
    AccessRequest expectedNoLevel = noLevel;
    expectedNoLevel.subscriptionId = kSubA;
    QCOMPARE(*m_store->request(noLevel.requestId), expectedNoLevel);

    const auto column = [&](const QString &id, const char *expression) {
        return m_db->scalar(
            u"SELECT %1 FROM requests WHERE request_id = '%2'"_s.arg(QLatin1StringView(expression), id));
    };
    QCOMPARE(column(r.requestId, "typeof(access_level)").toString(), u"text"_s);
    QCOMPARE(column(r.requestId, "typeof(support_request)").toString(), u"text"_s);
    QCOMPARE(column(r.requestId, "typeof(approved_ms) || typeof(approval_source)").toString(), u"nullnull"_s);
    QCOMPARE(column(noLevel.requestId, "typeof(access_level)").toString(), u"null"_s);
    QCOMPARE(column(noLevel.requestId, "typeof(created_ms) || typeof(active_until_ms)").toString(), u"nullnull"_s);
    QCOMPARE(column(noLevel.requestId, "subscription_id").toString(), kSubA);
    // The JSON array as sql::jsonArray writes it: quote and backslash escaped, controls as \u00xx.
    const QByteArray json = "[\"/a\\\"b\\\\c\",\"\\u0001\\u001f\xc3\xa9\",\"\xef\xbf\xbd\xef\xbf\xbd\",\"\"]";
    QCOMPARE(column(r.requestId, "hex(resource_ids)").toString(), QString::fromLatin1(json.toHex().toUpper()));
    QCOMPARE(column(r.requestId, "content_hash").toByteArray(), lockbox::store::contentHash(r));
    QCOMPARE(column(noLevel.requestId, "content_hash").toByteArray(), lockbox::store::contentHash(expectedNoLevel));
    // The hash is of the request as given: the same list again writes nothing.
    QVERIFY(m_store->mergeFull(kSubA, page).value().isEmpty());
}

void TestRequestStore::everyCharacterIsStoredAsUtf8AtEveryOffset()
{
    // Text is encoded a run of ASCII at a time, read four characters at once: each kind of
    // character (the last ASCII, two, three and four bytes, lone surrogates: the low one first, so
    // that the two never meet) after runs of 0 to 9 ASCII characters, and at the end.
    const QList<QString> kinds = {u"\u007f"_s, u"\u0080"_s,   u"é"_s,
                                  u"\u07ff"_s, u"\u0800"_s,   u"中"_s,
                                  u"🔓"_s,      QChar(0xdd13), QString(QChar(0xd83d)),
                                  u"\uffff"_s};
    QString text;
    QString expected;
    for (const QString &kind : kinds) {
        for (int run = 0; run < 10; ++run) {
            text += QString(run, u'a') + kind;
            expected += QString(run, u'a') + (kind.size() == 1 && kind.at(0).isSurrogate() ? u"\ufffd"_s : kind);
        }
    }
    QList<AccessRequest> list; // every prefix: each kind at the end too, a pair cut in two
    for (qsizetype end = 0; end <= text.size(); ++end) {
        AccessRequest r = makeRequest(kSubA, int(list.size()) + 1);
        r.justification = text.first(end);
        r.resourceIds = {r.justification};
        list.append(r);
    }
    QVERIFY(m_store->mergeFull(kSubA, list));
    for (const AccessRequest &r : std::as_const(list)) {
        QString want = expected.first(r.justification.size());
        if (r.justification.back().isHighSurrogate() && want.back() != QChar::ReplacementCharacter)
            want.back() = QChar::ReplacementCharacter; // a pair cut in two
        const QByteArray utf8 = want.toUtf8();
        QCOMPARE(m_db->scalar(u"SELECT hex(justification) FROM requests WHERE request_id = '%1'"_s.arg(r.requestId))
                     .toString(),
                 QString::fromLatin1(utf8.toHex().toUpper()));
        QCOMPARE(m_db->scalar(u"SELECT hex(resource_ids) FROM requests WHERE request_id = '%1'"_s.arg(r.requestId))
                     .toString(),
                 QString::fromLatin1(("[\"" + utf8 + "\"]").toHex().toUpper()));
    }
}

void TestRequestStore::quickFiltersAndCounts()
{
    const QDateTime now = m_clock->now();
    QList<AccessRequest> list;
    auto add = [&](int n, Kind kind, qint64 ageHours, const QString &duration = u"8"_s) {
        AccessRequest r = makeRequest(kSubA, n, kind, now.addSecs(-ageHours * 3600));
        r.createdDateTime = now.addSecs(-ageHours * 3600);
        r.duration = duration;
        list.append(r);
        return r.requestId;
    };
    const QString p1 = add(1, Kind::Pending, 1);
    const QString p2 = add(2, Kind::Pending, 50);
    const QString active = add(3, Kind::Approved, 2);     // 2 h into 8 h
    const QString over = add(4, Kind::Approved, 9);       // past 8 h
    const QString approving = add(5, Kind::Approving, 1); // history (neither pending nor active)
    const QString denied = add(6, Kind::Denied, 30);
    const QString longOne = add(7, Kind::Approved, 9, u"12"_s); // 9 h into 12 h: active
    QVERIFY(m_store->mergeFull(kSubA, list));
    QVERIFY(m_store->mergeFull(kSubB, {makeRequest(kSubB, 1, Kind::Pending, now)}));

    auto ids = [&](QuickFilter filter, const QStringList &subs = {}) {
        RequestQuery q;
        q.quick = filter;
        q.now = now;
        q.subscriptionIds = subs;
        QStringList out = idsOf(m_store->requests(q));
        std::sort(out.begin(), out.end());
        if (m_store->count(q) != out.size()) // QCOMPARE cannot return from a lambda
            out.append(u"<count() disagrees>"_s);
        return out;
    };
    auto sorted = [](QStringList l) {
        std::sort(l.begin(), l.end());
        return l;
    };
    QCOMPARE(ids(QuickFilter::Pending, {kSubA}), sorted({p1, p2}));
    QCOMPARE(ids(QuickFilter::Active), sorted({active, longOne}));
    QCOMPARE(ids(QuickFilter::History), sorted({over, approving, denied}));
    QCOMPARE(ids(QuickFilter::All, {kSubA}).size(), 7);

    const auto all = m_store->counts(now);
    QCOMPARE(all.pending, 3);
    QCOMPARE(all.active, 2);
    QCOMPARE(all.history, 3);
    QCOMPARE(all.all, 8);
    const auto onlyA = m_store->counts(now, {kSubA});
    QCOMPARE(onlyA.pending, 2);
    QCOMPARE(onlyA.all, 7);
    // Later, the active ones run out.
    const auto later = m_store->counts(now.addSecs(24 * 3600), {kSubA});
    QCOMPARE(later.active, 0);
    QCOMPARE(later.history, 5);
}

void TestRequestStore::activeMatchesIsActiveAt_data()
{
    QTest::addColumn<QString>("duration");
    QTest::addColumn<qint64>("ageSecs");
    QTest::newRow("8 h, 1 h in") << u"8"_s << qint64(3600);
    QTest::newRow("8 h, exactly at the end") << u"8"_s << qint64(8 * 3600);
    QTest::newRow("8 h, a second before") << u"8"_s << qint64(8 * 3600 - 1);
    QTest::newRow("4 h, 5 h in") << u"4"_s << qint64(5 * 3600);
    QTest::newRow("text duration: default 8 h") << u"Support request lifetime"_s << qint64(7 * 3600);
    QTest::newRow("empty duration") << QString() << qint64(9 * 3600);
    QTest::newRow("zero") << u"0"_s << qint64(3600);
    QTest::newRow("negative") << u"-3"_s << qint64(3600);
    QTest::newRow("padded") << u" 12 "_s << qint64(10 * 3600);
    QTest::newRow("created in the future") << u"8"_s << qint64(-3600);
}

void TestRequestStore::activeMatchesIsActiveAt()
{
    QFETCH(QString, duration);
    QFETCH(qint64, ageSecs);
    const QDateTime now = m_clock->now();
    AccessRequest r = makeRequest(kSubA, 1, Kind::Approved);
    r.duration = duration;
    r.createdDateTime = now.addSecs(-ageSecs);
    AccessRequest undated = makeRequest(kSubA, 2, Kind::Approved);
    undated.createdDateTime = QDateTime();
    QVERIFY(m_store->mergeFull(kSubA, {r, undated}));

    const QStringList expected = r.isActiveAt(now) ? QStringList {r.requestId} : QStringList {};
    QCOMPARE(idsOf(m_store->requests(RequestQuery::activeAt(now))), expected);
    QCOMPARE(m_store->counts(now).active, int(expected.size()));
}

void TestRequestStore::statusAndSubscriptionFilters()
{
    QList<AccessRequest> list = makeRequests(kSubA, 6);
    list[0].status = RequestStatus(Kind::Approved);
    list[1].status = RequestStatus(Kind::Denied);
    list[2].status = RequestStatus::fromString(u"Frobnicating"_s);
    QVERIFY(m_store->mergeFull(kSubA, list));
    QVERIFY(m_store->mergeFull(kSubB, makeRequests(kSubB, 2)));

    RequestQuery q;
    q.statuses = {RequestStatus(Kind::Approved), RequestStatus::fromString(u"denied"_s)};
    QCOMPARE(m_store->count(q), 2);
    q.statuses = {RequestStatus::fromString(u"Frobnicating"_s)};
    QCOMPARE(idsOf(m_store->requests(q)), QStringList {list[2].requestId});
    q.statuses = {RequestStatus(Kind::Pending)};
    QCOMPARE(m_store->count(q), 5);
    q.subscriptionIds = {kSubB};
    QCOMPARE(m_store->count(q), 2);
    q.subscriptionIds = {kSubA, kSubB};
    QCOMPARE(m_store->count(q), 5);
    q.subscriptionIds = {u"' OR '1'='1"_s};
    QCOMPARE(m_store->count(q), 0);
}

void TestRequestStore::orderingAndPaging()
{
    QList<AccessRequest> list = makeRequests(kSubA, 25); // request n created n minutes before the base
    list[4].createdDateTime = QDateTime();               // unknown time: last
    QVERIFY(m_store->mergeFull(kSubA, list));
    const QList<AccessRequest> all = m_store->requests(RequestQuery());
    QCOMPARE(all.size(), 25);
    QCOMPARE(all.first().requestId, list[0].requestId); // newest first
    QCOMPARE(all.last().requestId, list[4].requestId);
    for (qsizetype i = 1; i + 1 < all.size(); ++i)
        QVERIFY(all[i - 1].createdDateTime >= all[i].createdDateTime);

    RequestQuery page;
    page.limit = 10;
    page.offset = 10;
    const QList<AccessRequest> second = m_store->requests(page);
    QCOMPARE(idsOf(second), idsOf(all.mid(10, 10)));
    page.offset = 20;
    QCOMPARE(m_store->requests(page).size(), 5);
}

void TestRequestStore::textSearchEscapesWildcards()
{
    QList<AccessRequest> list = makeRequests(kSubA, 6);
    list[0].justification = u"We are 100% sure"_s;
    list[1].justification = u"the file_name matters"_s;
    list[2].justification = u"path a\\b"_s;
    list[3].justification = u"Plain words"_s;
    list[4].justification = u"it's quoted"_s;
    list[5].justification = u"nothing special"_s;
    list[5].resourceType = u"Storage Account"_s;
    for (AccessRequest &r : list) {
        r.resourceIds = {u"/x"_s};
        r.supportRequest = u"1"_s;
        r.resourceType = r.resourceType == u"Storage Account"_s ? r.resourceType : u"VM"_s;
    }
    QVERIFY(m_store->mergeFull(kSubA, list));
    auto search = [&](const QString &text) {
        RequestQuery q;
        q.text = text;
        QStringList out = idsOf(m_store->requests(q));
        if (m_store->count(q) != out.size())
            out.append(u"<count() disagrees>"_s);
        return out;
    };
    QCOMPARE(search(u"%"_s), QStringList {list[0].requestId});
    QCOMPARE(search(u"_"_s), QStringList {list[1].requestId});
    QCOMPARE(search(u"\\"_s), QStringList {list[2].requestId});
    QCOMPARE(search(u"plain WORDS"_s), QStringList {list[3].requestId});
    QCOMPARE(search(u"'s q"_s), QStringList {list[4].requestId});
    QCOMPARE(search(u"storage"_s), QStringList {list[5].requestId}); // other columns are searched too
    QCOMPARE(search(list[2].requestId.left(13)), QStringList {list[2].requestId});
    QCOMPARE(search(u"%%"_s), QStringList {});
    QCOMPARE(search(u"no such text"_s), QStringList {});
}

void TestRequestStore::subscriptionsSeen()
{
    QVERIFY(m_store->subscriptions().isEmpty());
    QVERIFY(m_store->mergeFull(kSubB, makeRequests(kSubB, 2)));
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 1)));
    QCOMPARE(m_store->subscriptions(), (QStringList {kSubA, kSubB}));
}

void TestRequestStore::othersChangesAreWhatAnotherConnectionWrote()
{
    // This connection shows the cache (the console); a second one on the file writes (lockboxctl).
    QVERIFY(m_store->mergeFull(kSubA, makeRequests(kSubA, 10)));
    Database otherDb;
    QString error;
    QVERIFY2(otherDb.open(m_dir->path(), &error), qPrintable(error));
    RequestStore other(otherDb, *m_clock);

    const qint64 version = m_db->dataVersion();
    QVERIFY(version >= 0);
    QVERIFY(!m_store->isTracking());
    QVERIFY(m_store->othersChanges()->isEmpty()); // nothing to compare with yet
    QVERIFY2(m_store->trackShown(&error), qPrintable(error));
    QVERIFY(m_store->isTracking());
    const QList<AccessRequest> shown = m_store->requests(RequestQuery());
    QCOMPARE(shown.size(), 10);
    QStringList all = idsOf(shown);
    all.sort();
    const ChangeSet everything = m_store->shownAsChanged(); // for a reader that cannot tell what it missed
    QCOMPARE(idsOf(everything.changed), all);
    QVERIFY(everything.added.isEmpty() && everything.removed.isEmpty());
    auto changes = m_store->othersChanges(&error);
    QVERIFY2(changes, qPrintable(error));
    QVERIFY(changes->isEmpty());

    // Our own writes move neither the data version nor the baseline.
    AccessRequest ours = shown.at(0);
    ours.status = RequestStatus(Kind::Approving);
    QVERIFY(m_store->upsertOne(ours));
    QCOMPARE(m_db->dataVersion(), version);
    QVERIFY(m_store->othersChanges()->isEmpty());

    // Theirs: one decided, one new, and a full list without one of ours.
    QList<AccessRequest> theirs = makeRequests(kSubA, 10);
    theirs[0] = ours;
    theirs[1].status = RequestStatus(Kind::Denied);
    const AccessRequest gone = theirs.takeLast();
    const AccessRequest fresh = makeRequest(kSubA, 50);
    theirs.append(fresh);
    QVERIFY(other.mergeFull(kSubA, theirs));
    QVERIFY(m_db->dataVersion() != version);

    changes = m_store->othersChanges(&error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(idsOf(changes->added), QStringList {fresh.requestId});
    QCOMPARE(changes->added.first().newStatus, RequestStatus(Kind::Pending));
    QCOMPARE(idsOf(changes->changed), QStringList {theirs[1].requestId});
    QCOMPARE(changes->changed.first().oldStatus, RequestStatus(Kind::Pending));
    QCOMPARE(changes->changed.first().newStatus, RequestStatus(Kind::Denied));
    QCOMPARE(changes->changed.first().subscriptionId, kSubA);
    QCOMPARE(idsOf(changes->removed), QStringList {gone.requestId});
    QCOMPARE(changes->removed.first().newStatus, RequestStatus(Kind::Pending));
    // Told once.
    QVERIFY(m_store->othersChanges()->isEmpty());

    // A row they changed that our next merge finds already so is still told (our merge wrote
    // nothing, so said nothing); one we then merged over theirs is ours, and is not.
    AccessRequest both = theirs[2];
    both.status = RequestStatus(Kind::Expired);
    QVERIFY(other.upsertOne(both));
    const auto merged = m_store->upsertOne(both);
    QVERIFY(merged);
    QCOMPARE(merged->unchanged, 1); // the file had it already: our merge wrote nothing
    changes = m_store->othersChanges();
    QCOMPARE(idsOf(changes->changed), QStringList {both.requestId});
    AccessRequest again = theirs[3];
    again.status = RequestStatus(Kind::Revoked);
    QVERIFY(other.upsertOne(again));
    again.status = RequestStatus(Kind::Approved);
    QVERIFY(m_store->upsertOne(again));
    QVERIFY(m_store->othersChanges()->isEmpty());
}

void TestRequestStore::approvalSeenBySyncStartsTheWindow()
{
    // A 4-hour request created two days ago, approved now: Active for 4 hours from now, not over.
    const QDateTime now = m_clock->now();
    AccessRequest r = makeRequest(kSubA, 1, Kind::Pending);
    r.duration = u"4"_s;
    r.createdDateTime = now.addDays(-2);
    AccessRequest firstSeenApproved = makeRequest(kSubA, 2, Kind::Approved);
    firstSeenApproved.duration = u"4"_s;
    firstSeenApproved.createdDateTime = now.addDays(-2);
    QVERIFY(m_store->mergeFull(kSubA, {r, firstSeenApproved}));

    m_clock->advanceSecs(600);
    const QDateTime seen = m_clock->now();
    r.status = RequestStatus(Kind::Approved);
    QVERIFY(m_store->mergeFull(kSubA, {r, firstSeenApproved}));
    const AccessRequest read = m_store->request(r.requestId).value_or(AccessRequest());
    QCOMPARE(read.approvedAt, seen);
    QCOMPARE(read.approvalSource, ApprovalSource::Observed);
    QVERIFY(read.approvalTimeIsApproximate());
    QCOMPARE(read.accessEndsAt(), seen.addSecs(4 * 3600));
    // The Active filter and the counts agree with the request's own rule; one first seen Approved
    // has no approval time and counts from its creation: long over.
    QCOMPARE(m_store->request(firstSeenApproved.requestId)->approvalSource, ApprovalSource::None);
    const QDateTime later = seen.addSecs(3 * 3600);
    QCOMPARE(idsOf(m_store->requests(RequestQuery::activeAt(later))), QStringList {r.requestId});
    QCOMPARE(m_store->counts(later).active, 1);
    QVERIFY(m_store->requests(RequestQuery::activeAt(seen.addSecs(4 * 3600))).isEmpty());

    // Later syncs keep the time the change was first seen.
    m_clock->advanceSecs(1800);
    r.justification += u" (edited)"_s;
    QVERIFY(m_store->mergeFull(kSubA, {r, firstSeenApproved}));
    QCOMPARE(m_store->request(r.requestId)->approvedAt, seen);
    QCOMPARE(m_store->request(r.requestId)->accessEndsAt(), seen.addSecs(4 * 3600));
}

void TestRequestStore::betterApprovalSourceReplacesWorse()
{
    const QDateTime now = m_clock->now();
    AccessRequest r = makeRequest(kSubA, 1, Kind::Pending);
    r.duration = u"5"_s;
    r.createdDateTime = now.addDays(-1);
    QVERIFY(m_store->mergeFull(kSubA, {r}));
    QString error;
    // Not cached: nothing recorded, no error.
    auto changes = m_store->recordApproval(u"no-such-id"_s, now, ApprovalSource::Decision, &error);
    QVERIFY2(changes, qPrintable(error));
    QVERIFY(changes->isEmpty());

    const QDateTime activityTime = now.addSecs(-600);
    changes = m_store->recordApproval(r.requestId, activityTime, ApprovalSource::ActivityLog, &error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(idsOf(changes->changed), QStringList {r.requestId});
    QCOMPARE(m_store->request(r.requestId)->approvedAt, activityTime);

    // A worse or equal source changes nothing; a better one replaces it.
    changes = m_store->recordApproval(r.requestId, now, ApprovalSource::Observed);
    QVERIFY(changes && changes->isEmpty());
    changes = m_store->recordApproval(r.requestId, now, ApprovalSource::ActivityLog);
    QVERIFY(changes && changes->isEmpty());
    QCOMPARE(m_store->request(r.requestId)->approvedAt, activityTime);
    changes = m_store->recordApproval(r.requestId, now, ApprovalSource::Decision);
    QVERIFY(changes && changes->changed.size() == 1);
    AccessRequest read = m_store->request(r.requestId).value_or(AccessRequest());
    QCOMPARE(read.approvedAt, now);
    QCOMPARE(read.approvalSource, ApprovalSource::Decision);

    // The sync that then sees it Approved keeps the decision's time.
    m_clock->advanceSecs(300);
    r.status = RequestStatus(Kind::Approved);
    QVERIFY(m_store->mergeFull(kSubA, {r}));
    read = m_store->request(r.requestId).value_or(AccessRequest());
    QCOMPARE(read.approvedAt, now);
    QCOMPARE(read.approvalSource, ApprovalSource::Decision);
    QCOMPARE(idsOf(m_store->requests(RequestQuery::activeAt(now.addSecs(5 * 3600 - 1)))), QStringList {r.requestId});
    QVERIFY(m_store->requests(RequestQuery::activeAt(now.addSecs(5 * 3600))).isEmpty());
}

void TestRequestStore::approvalRecordedElsewhereIsAChange()
{
    // lockboxctl approves on the same profile: the console's reader learns of the new window.
    AccessRequest r = makeRequest(kSubA, 1, Kind::Approved);
    QVERIFY(m_store->mergeFull(kSubA, {r}));
    QString error;
    QVERIFY2(m_store->trackShown(&error), qPrintable(error));
    Database otherDb;
    QVERIFY2(otherDb.open(m_dir->path(), &error), qPrintable(error));
    RequestStore other(otherDb, *m_clock);
    QVERIFY(other.recordApproval(r.requestId, m_clock->now(), ApprovalSource::ActivityLog));
    const auto changes = m_store->othersChanges(&error);
    QVERIFY2(changes, qPrintable(error));
    QCOMPARE(idsOf(changes->changed), QStringList {r.requestId});
    // This connection's own record is not reported back as another's.
    const auto ours = m_store->recordApproval(r.requestId, m_clock->now().addSecs(60), ApprovalSource::Decision);
    QVERIFY(ours && ours->changed.size() == 1);
    QVERIFY(m_store->othersChanges()->isEmpty());
}

void TestRequestStore::approvalSurvivesAMoveToAnotherSubscription()
{
    // A request cached under one subscription and then listed under another is written as new
    // there: what the profile knows of its approval stays, and so does its window.
    const QDateTime now = m_clock->now();
    AccessRequest r = makeRequest(kSubA, 1, Kind::Approved);
    r.duration = u"4"_s;
    r.createdDateTime = now.addDays(-2);
    QVERIFY(m_store->mergeFull(kSubA, {r}));
    QVERIFY(m_store->recordApproval(r.requestId, now, ApprovalSource::Decision));
    AccessRequest moved = r;
    moved.subscriptionId = kSubB;
    QVERIFY(m_store->mergeFull(kSubB, {moved}));
    const AccessRequest read = m_store->request(r.requestId).value_or(AccessRequest());
    QCOMPARE(read.subscriptionId, kSubB);
    QCOMPARE(read.approvedAt, now);
    QCOMPARE(read.approvalSource, ApprovalSource::Decision);
    QCOMPARE(idsOf(m_store->requests(RequestQuery::activeAt(now.addSecs(3 * 3600)))), QStringList {r.requestId});
}

void TestRequestStore::onlyWhatTheProfileAloneKnowsWaitsForTheDisk()
{
    // What the next sync rebuilds from Azure commits without waiting for the disk (a first sync
    // of 100,000 commits 20 times); an approval time, which only this profile knows, waits.
    QVERIFY(SyncingVfs::install());
    m_store.reset();
    m_db = std::make_unique<Database>(); // opened through the counting layer
    QVERIFY(m_db->open(m_dir->path()));
    m_store = std::make_unique<RequestStore>(*m_db, *m_clock);
    lockbox::store::SyncState state(*m_db);
    const QList<AccessRequest> list = makeRequests(kSubA, 30);
    // The first write after the file was closed begins a new log, whose header SQLite syncs.
    QVERIFY(m_store->mergeFull(kSubA, list.mid(0, 1)));
    int syncs = SyncingVfs::logSyncs();
    const auto syncsSince = [&syncs] { return SyncingVfs::logSyncs() - std::exchange(syncs, SyncingVfs::logSyncs()); };

    QVERIFY(m_store->mergeFull(kSubA, list));
    QVERIFY(m_store->beginMerge(kSubB));
    QVERIFY(m_store->addPage(makeRequests(kSubB, 5)));
    QVERIFY(m_store->commitMerge());
    QList<AccessRequest> pending = list.mid(0, 10);
    pending[1].justification = u"Restart the scheduler pods again"_s;
    QCOMPARE(m_store->mergePending(kSubA, pending).value().changed.size(), 1);
    AccessRequest denied = list.at(2);
    denied.status = RequestStatus(Kind::Denied);
    QCOMPARE(m_store->upsertOne(denied).value().changed.size(), 1);
    lockbox::store::SubscriptionSyncState synced;
    synced.subscriptionId = kSubA;
    synced.lastFullSync = m_clock->now();
    QVERIFY(state.set(synced));
    QCOMPARE(syncsSince(), 0);

    // A merge that is the first to see a request Approved records when: its commit waits.
    AccessRequest approved = list.at(0);
    approved.status = RequestStatus(Kind::Approved);
    QCOMPARE(m_store->upsertOne(approved).value().changed.size(), 1);
    QCOMPARE(m_store->request(approved.requestId)->approvalSource, ApprovalSource::Observed);
    QCOMPARE(syncsSince(), 1);
    QList<AccessRequest> listed = list;
    listed[3].status = RequestStatus(Kind::Approved);
    QCOMPARE(m_store->mergeFull(kSubA, listed).value().changed.size(), 4); // 0, 1 and 2 back as listed
    QCOMPARE(syncsSince(), 1);
    QCOMPARE(m_store->recordApproval(listed.at(3).requestId, m_clock->now(), ApprovalSource::Decision)
                 .value()
                 .changed.size(),
             1);
    QCOMPARE(syncsSince(), 1);
    QCOMPARE(m_db->scalar(u"SELECT COUNT(*) FROM requests"_s).toInt(), 35);
}

QTEST_GUILESS_MAIN(TestRequestStore)
#include "tst_requeststore.moc"
