// SyncState: per-subscription sync bookkeeping that survives a restart, written only when it changes;
// a pending-poll time that changes alone stays in memory until something else is written or flush().

#include "storetesthelpers.h"

#include "store/database.h"
#include "store/syncstate.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::store::Database;
using lockbox::store::SubscriptionSyncState;
using lockbox::store::SyncState;

class TestSyncState final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void unknownSubscriptionHasFreshState();
    void setAndGetRoundTrip();
    void survivesReopen();
    void unchangedStateIsNotWritten();
    void allAndRemove();
    void needsASubscription();
    void pollTimeAloneIsNotWritten();
    void pollTimeGoesWithTheNextWrite();
    void flushWritesPollTimes();
    void polledNeverStoredIsListed();
    void listingPagesRoundTrip();
    void pendingPagesAloneAreNotWritten();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SyncState> m_state;

    SubscriptionSyncState sample(const QString &id = u"sub-1"_s) const
    {
        SubscriptionSyncState s;
        s.subscriptionId = id;
        s.lastFullSync = QDateTime(QDate(2025, 3, 1), QTime(10, 0, 0, 123), Qt::UTC);
        s.lastPendingPoll = QDateTime(QDate(2025, 3, 1), QTime(10, 14), Qt::UTC);
        s.lastError = u"429 Too Many Requests: retry after 30 s"_s;
        s.consecutiveFailures = 3;
        s.nextAttemptNotBefore = QDateTime(QDate(2025, 3, 1), QTime(10, 15), Qt::UTC);
        return s;
    }

    // A listing of `count` pages of 10 items (the last shorter), merged into a cache of `rows`.
    static lockbox::store::ListingPages pages(int count, qint64 rows)
    {
        lockbox::store::ListingPages out;
        for (int i = 0; i < count; ++i) {
            const bool last = i + 1 == count;
            out.pages.append({QByteArray(24, char('a' + i)), last ? rows - 10 * i : 10,
                              last ? QString() : u"/subscriptions/s/requests?$skiptoken=%1"_s.arg(10 * (i + 1))});
        }
        out.cache = {rows, 1733500000000 + rows, 987654321};
        return out;
    }
};

void TestSyncState::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
}

void TestSyncState::cleanup()
{
    m_state.reset();
    m_db.reset();
    m_dir.reset();
}

void TestSyncState::unknownSubscriptionHasFreshState()
{
    const auto s = m_state->state(u"never-seen"_s);
    QVERIFY(s);
    QCOMPARE(s->subscriptionId, u"never-seen"_s);
    QVERIFY(!s->lastFullSync.isValid());
    QVERIFY(!s->lastPendingPoll.isValid());
    QVERIFY(!s->nextAttemptNotBefore.isValid());
    QVERIFY(s->lastError.isEmpty());
    QCOMPARE(s->consecutiveFailures, 0);
}

void TestSyncState::setAndGetRoundTrip()
{
    QVERIFY(m_state->set(sample()));
    QCOMPARE(*m_state->state(u"sub-1"_s), sample());

    // Back to success: error cleared, backoff gone.
    SubscriptionSyncState ok = sample();
    ok.lastError.clear();
    ok.consecutiveFailures = 0;
    ok.nextAttemptNotBefore = QDateTime();
    QVERIFY(m_state->set(ok));
    QCOMPARE(*m_state->state(u"sub-1"_s), ok);
}

void TestSyncState::survivesReopen()
{
    QVERIFY(m_state->set(sample()));
    m_state.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
    QCOMPARE(*m_state->state(u"sub-1"_s), sample());
}

void TestSyncState::unchangedStateIsNotWritten()
{
    QVERIFY(m_state->set(sample()));
    const qint64 before = m_db->scalar(u"SELECT total_changes()"_s).toLongLong();
    QVERIFY(m_state->set(sample()));
    SubscriptionSyncState fresh;
    fresh.subscriptionId = u"idle"_s;
    QVERIFY(m_state->set(fresh)); // default state of an unknown subscription: nothing to store
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), before);
}

void TestSyncState::allAndRemove()
{
    QVERIFY(m_state->set(sample(u"b"_s)));
    QVERIFY(m_state->set(sample(u"a"_s)));
    QVERIFY(m_state->set(sample(u"' OR 1=1 --"_s)));
    QList<SubscriptionSyncState> all = m_state->all();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all[1].subscriptionId, u"a"_s);
    QVERIFY(m_state->remove(u"a"_s));
    all = m_state->all();
    QCOMPARE(all.size(), 2);
    QCOMPARE(m_state->state(u"a"_s)->consecutiveFailures, 0);
    QCOMPARE(*m_state->state(u"' OR 1=1 --"_s), sample(u"' OR 1=1 --"_s));
}

void TestSyncState::needsASubscription()
{
    QString error;
    QVERIFY(!m_state->set(SubscriptionSyncState(), &error));
    QVERIFY(!error.isEmpty());
}

void TestSyncState::pollTimeAloneIsNotWritten()
{
    QVERIFY(m_state->set(sample()));
    Database other;
    QVERIFY(other.openReadOnly(m_dir->path()));
    SyncState onDisk(other);
    const qint64 version = other.scalar(u"PRAGMA data_version"_s).toLongLong();
    const qint64 changes = m_db->scalar(u"SELECT total_changes()"_s).toLongLong();

    SubscriptionSyncState polled = sample();
    for (int minute = 1; minute <= 5; ++minute) {
        polled.lastPendingPoll = sample().lastPendingPoll.addSecs(60 * minute);
        QVERIFY(m_state->set(polled));
    }
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), changes);
    QCOMPARE(other.scalar(u"PRAGMA data_version"_s).toLongLong(), version);
    // This object knows the last poll; the file still has the first.
    QCOMPARE(*m_state->state(u"sub-1"_s), polled);
    QCOMPARE(m_state->all().first(), polled);
    QCOMPARE(onDisk.state(u"sub-1"_s)->lastPendingPoll, sample().lastPendingPoll);
    QCOMPARE(m_state->unwrittenPolls(), 1);

    // Set back to what the file holds: nothing left to write.
    QVERIFY(m_state->set(sample()));
    QCOMPARE(m_state->unwrittenPolls(), 0);
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), changes);
}

void TestSyncState::pollTimeGoesWithTheNextWrite()
{
    QVERIFY(m_state->set(sample()));
    SubscriptionSyncState s = sample();
    s.lastPendingPoll = s.lastPendingPoll.addSecs(120);
    QVERIFY(m_state->set(s));
    // A real change (a recovery) writes the row, the newer poll time with it.
    s.lastError.clear();
    s.consecutiveFailures = 0;
    s.nextAttemptNotBefore = QDateTime();
    s.lastPendingPoll = s.lastPendingPoll.addSecs(60);
    QVERIFY(m_state->set(s));
    QCOMPARE(m_state->unwrittenPolls(), 0);
    m_state.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
    QCOMPARE(*m_state->state(u"sub-1"_s), s);
}

void TestSyncState::flushWritesPollTimes()
{
    QVERIFY(m_state->set(sample(u"a"_s)));
    QVERIFY(m_state->set(sample(u"b"_s)));
    SubscriptionSyncState a = sample(u"a"_s);
    a.lastPendingPoll = a.lastPendingPoll.addSecs(600);
    QVERIFY(m_state->set(a));
    QCOMPARE(m_state->unwrittenPolls(), 1);
    const qint64 before = m_db->scalar(u"SELECT total_changes()"_s).toLongLong();
    QString error;
    QVERIFY2(m_state->flush(&error), qPrintable(error));
    QCOMPARE(m_state->unwrittenPolls(), 0);
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), before + 1); // one row: a's
    QVERIFY(m_state->flush());                                                    // nothing left: no write
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), before + 1);

    m_state.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
    QCOMPARE(*m_state->state(u"a"_s), a);
    QCOMPARE(*m_state->state(u"b"_s), sample(u"b"_s));
}

void TestSyncState::polledNeverStoredIsListed()
{
    // A subscription polled once and never fully synced or failed has nothing worth a write.
    SubscriptionSyncState polled;
    polled.subscriptionId = u"only-polled"_s;
    polled.lastPendingPoll = QDateTime(QDate(2025, 3, 2), QTime(9, 0), Qt::UTC);
    const qint64 before = m_db->scalar(u"SELECT total_changes()"_s).toLongLong();
    QVERIFY(m_state->set(polled));
    QVERIFY(m_state->set(sample(u"stored"_s)));
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), before + 1);
    const QList<SubscriptionSyncState> all = m_state->all();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0), polled);
    QCOMPARE(all.at(1), sample(u"stored"_s));
    QCOMPARE(polled.lastSuccess(), polled.lastPendingPoll);
    QCOMPARE(sample().lastSuccess(), sample().lastPendingPoll); // the later of the two
    QVERIFY(m_state->remove(u"only-polled"_s));
    QCOMPARE(m_state->all().size(), 1);
}

void TestSyncState::listingPagesRoundTrip()
{
    // The full listing's pages are written with the state and read back, by a later process too.
    SubscriptionSyncState s = sample();
    s.fullPages = pages(3, 25);
    s.pendingPages = pages(1, 4);
    QVERIFY(m_state->set(s));
    QCOMPARE(*m_state->state(u"sub-1"_s), s);
    m_state.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
    const auto back = m_state->state(u"sub-1"_s);
    QVERIFY(back);
    QCOMPARE(back->fullPages, s.fullPages);
    QCOMPARE(back->fullPages.pages.at(2).nextLink, QString());
    QCOMPARE(back->fullPages.cache.rows, 25);
    QCOMPARE(back->pendingPages, s.pendingPages);

    // What cannot be read is no pages (the next listing is then read whole), never an error.
    QVERIFY(lockbox::store::ListingPages::decode("garbage").isEmpty());
    QVERIFY(lockbox::store::ListingPages::decode(s.fullPages.encode().chopped(1)).isEmpty());
    QVERIFY(lockbox::store::ListingPages::decode(QByteArray()).isEmpty());
    QCOMPARE(lockbox::store::ListingPages::decode(s.fullPages.encode()), s.fullPages);
    QVERIFY(
        m_db->write([this](QString *e) { return m_db->execute(u"UPDATE sync_state SET full_pages = x'0102'"_s, e); }));
    QVERIFY(m_state->state(u"sub-1"_s)->fullPages.isEmpty());
}

void TestSyncState::pendingPagesAloneAreNotWritten()
{
    // A pending poll whose listing changed (as a server may vary a page without changing a request)
    // writes nothing by itself: its pages wait in memory like its time (QUALITY P9).
    QVERIFY(m_state->set(sample()));
    const qint64 changes = m_db->scalar(u"SELECT total_changes()"_s).toLongLong();
    SubscriptionSyncState polled = sample();
    polled.lastPendingPoll = polled.lastPendingPoll.addSecs(60);
    polled.pendingPages = pages(1, 3);
    QVERIFY(m_state->set(polled));
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), changes);
    QCOMPARE(*m_state->state(u"sub-1"_s), polled);
    QCOMPARE(m_state->all().first(), polled);
    QCOMPARE(m_state->unwrittenPolls(), 1);
    QVERIFY(m_state->flush());
    QCOMPARE(m_db->scalar(u"SELECT total_changes()"_s).toLongLong(), changes + 1);
    m_state.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_state = std::make_unique<SyncState>(*m_db);
    QCOMPARE(*m_state->state(u"sub-1"_s), polled);
}

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
