// SyncState: per-subscription sync bookkeeping that survives a restart, written only when it changes.

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

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
