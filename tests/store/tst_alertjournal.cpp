// AlertJournal: the relay's memory of which alert events were raised for which request and target,
// and how far each delivery got: each (request, event, target) once whatever the id's case, what
// is due in order, retries counted, survives a reopen and a second connection, pruned when old.

#include "storetesthelpers.h"

#include "store/alertjournal.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::store::AlertJournal;
using lockbox::store::AlertJournalEntry;
using lockbox::store::Database;
using lockbox::test::ManualClock;
using State = lockbox::store::AlertJournalEntry::State;

class TestAlertJournal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void recordsEachEventOncePerTarget();
    void recordsOnlyTheTargetsThatLackIt();
    void refusesAnEventWithoutRequestOrName();
    void dueInOrderOfTheirAttempts();
    void retriesCountAndWait();
    void deliveredAndFailedAreNoLongerDue();
    void onlyAPendingEntryMoves();
    void targetsArePrimedOnce();
    void survivesReopen();
    void secondConnectionAddsNothingTwice();
    void requestsWithAnEvent();
    void pruneKeepsWhatIsPending();

private:
    void reopen();
    AlertJournalEntry only(const QString &requestId, const QString &event, const QString &target) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertJournal> m_journal;
};

void TestAlertJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC));
    reopen();
}

void TestAlertJournal::cleanup()
{
    m_journal.reset();
    m_db.reset();
    m_dir.reset();
}

void TestAlertJournal::reopen()
{
    m_journal.reset();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), &error), qPrintable(error));
    m_journal = std::make_unique<AlertJournal>(*m_db, *m_clock);
}

AlertJournalEntry TestAlertJournal::only(const QString &requestId, const QString &event, const QString &target) const
{
    const QList<AlertJournalEntry> all = m_journal->entries(requestId);
    for (const AlertJournalEntry &e : all) {
        if (e.event == event && e.target == target)
            return e;
    }
    return {};
}

void TestAlertJournal::recordsEachEventOncePerTarget()
{
    QString error;
    auto written =
        m_journal->record(u"REQ-A"_s, u"new"_s, u"{\"first\":true}"_s, {u"stdout"_s}, State::Pending, &error);
    QVERIFY2(written, qPrintable(error));
    QCOMPARE(*written, QStringList {u"stdout"_s});
    // The same event again, in another spelling of the id and with other content: nothing new.
    written = m_journal->record(u"req-a"_s, u"new"_s, u"{\"second\":true}"_s, {u"stdout"_s}, State::Pending, &error);
    QVERIFY2(written, qPrintable(error));
    QVERIFY(written->isEmpty());
    const QList<AlertJournalEntry> all = m_journal->entries();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().requestKey, u"req-a"_s);
    QCOMPARE(all.first().payload, u"{\"first\":true}"_s);
    QCOMPARE(all.first().state, State::Pending);
    QCOMPARE(all.first().attempts, 0);
    QCOMPARE(all.first().createdAt, m_clock->now());
    // Another event of the same request is its own.
    written = m_journal->record(u"req-a"_s, u"reminder"_s, u"{}"_s, {u"stdout"_s}, State::Pending, &error);
    QVERIFY(written);
    QCOMPARE(written->size(), 1);
    QCOMPARE(m_journal->entries().size(), 2);
}

void TestAlertJournal::recordsOnlyTheTargetsThatLackIt()
{
    QVERIFY(m_journal->record(u"req-a"_s, u"new"_s, u"{}"_s, {u"webhook:1"_s}, State::Pending));
    const auto written = m_journal->record(u"req-a"_s, u"new"_s, u"{}"_s, {u"webhook:1"_s, u"exec:2"_s}, State::Seen);
    QVERIFY(written);
    QCOMPARE(*written, QStringList {u"exec:2"_s});
    QCOMPARE(only(u"req-a"_s, u"new"_s, u"webhook:1"_s).state, State::Pending);
    QCOMPARE(only(u"req-a"_s, u"new"_s, u"exec:2"_s).state, State::Seen);
}

void TestAlertJournal::refusesAnEventWithoutRequestOrName()
{
    QString error;
    QVERIFY(!m_journal->record(QString(), u"new"_s, u"{}"_s, {u"stdout"_s}, State::Pending, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!m_journal->record(u"req"_s, QString(), u"{}"_s, {u"stdout"_s}, State::Pending));
    QVERIFY(m_journal->entries().isEmpty());
}

void TestAlertJournal::dueInOrderOfTheirAttempts()
{
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"1"_s, {u"t"_s}, State::Pending));
    m_clock->advanceSecs(1);
    QVERIFY(m_journal->record(u"req-2"_s, u"new"_s, u"2"_s, {u"t"_s}, State::Pending));
    QVERIFY(m_journal->record(u"req-3"_s, u"new"_s, u"3"_s, {u"other"_s}, State::Pending));
    QVERIFY(m_journal->record(u"req-4"_s, u"new"_s, u"4"_s, {u"t"_s}, State::Seen));

    auto due = m_journal->nextDue(u"t"_s, m_clock->now());
    QVERIFY(due);
    QCOMPARE(due->requestKey, u"req-1"_s);
    QCOMPARE(m_journal->pendingCount(u"t"_s), 2);
    QCOMPARE(m_journal->nextAttemptAt(u"t"_s), m_clock->now().addMSecs(-1000));
    // Nothing is due before it was written.
    QVERIFY(!m_journal->nextDue(u"t"_s, m_clock->now().addMSecs(-2000)));
    QVERIFY(!m_journal->nextDue(u"nobody"_s, m_clock->now()));
    QVERIFY(!m_journal->nextAttemptAt(u"nobody"_s).isValid());
}

void TestAlertJournal::retriesCountAndWait()
{
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"1"_s, {u"t"_s}, State::Pending));
    QVERIFY(m_journal->record(u"req-2"_s, u"new"_s, u"2"_s, {u"t"_s}, State::Pending));
    AlertJournalEntry first = *m_journal->nextDue(u"t"_s, m_clock->now());
    QCOMPARE(first.requestKey, u"req-1"_s);
    const QDateTime later = m_clock->now().addSecs(30);
    QString error;
    QVERIFY2(m_journal->markRetry(first, later, u"HTTP 500"_s, &error), qPrintable(error));

    // The other one is due now; the first waits for its time.
    QCOMPARE(m_journal->nextDue(u"t"_s, m_clock->now())->requestKey, u"req-2"_s);
    QVERIFY(m_journal->markDelivered(*m_journal->nextDue(u"t"_s, m_clock->now())));
    QVERIFY(!m_journal->nextDue(u"t"_s, m_clock->now()));
    QCOMPARE(m_journal->nextAttemptAt(u"t"_s), later);

    m_clock->advanceSecs(30);
    first = *m_journal->nextDue(u"t"_s, m_clock->now());
    QCOMPARE(first.attempts, 1);
    QCOMPARE(first.lastError, u"HTTP 500"_s);
    QCOMPARE(first.state, State::Pending);
    QVERIFY(m_journal->markRetry(first, m_clock->now(), u"HTTP 503"_s));
    QCOMPARE(only(u"req-1"_s, u"new"_s, u"t"_s).attempts, 2);
}

void TestAlertJournal::deliveredAndFailedAreNoLongerDue()
{
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"1"_s, {u"a"_s, u"b"_s}, State::Pending));
    QVERIFY(m_journal->markDelivered(*m_journal->nextDue(u"a"_s, m_clock->now())));
    QVERIFY(m_journal->markFailed(*m_journal->nextDue(u"b"_s, m_clock->now()), u"HTTP 400: invalid_payload"_s));
    QVERIFY(!m_journal->nextDue(u"a"_s, m_clock->now()));
    QVERIFY(!m_journal->nextDue(u"b"_s, m_clock->now()));
    QCOMPARE(only(u"req-1"_s, u"new"_s, u"a"_s).state, State::Delivered);
    const AlertJournalEntry failed = only(u"req-1"_s, u"new"_s, u"b"_s);
    QCOMPARE(failed.state, State::Failed);
    QCOMPARE(failed.attempts, 1);
    QCOMPARE(failed.lastError, u"HTTP 400: invalid_payload"_s);
    QCOMPARE(m_journal->pendingCount(u"a"_s), 0);
}

void TestAlertJournal::onlyAPendingEntryMoves()
{
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"1"_s, {u"a"_s}, State::Pending));
    const AlertJournalEntry due = *m_journal->nextDue(u"a"_s, m_clock->now());
    QVERIFY(m_journal->markDelivered(due));
    // A late answer of an attempt already settled (by another writer, say) changes nothing.
    QVERIFY(m_journal->markRetry(due, m_clock->now(), u"late"_s));
    QVERIFY(m_journal->markFailed(due, u"late"_s));
    const AlertJournalEntry now = only(u"req-1"_s, u"new"_s, u"a"_s);
    QCOMPARE(now.state, State::Delivered);
    QCOMPARE(now.attempts, 0);
    QVERIFY(now.lastError.isEmpty());
}

void TestAlertJournal::targetsArePrimedOnce()
{
    QString error;
    auto primed = m_journal->registerTarget(u"webhook:abc"_s, u"webhook https://hooks.slack.com"_s, &error);
    QVERIFY2(primed, qPrintable(error));
    QVERIFY(!*primed);
    QVERIFY(!*m_journal->registerTarget(u"webhook:abc"_s, u"webhook https://hooks.slack.com"_s));
    QVERIFY(m_journal->markPrimed(u"webhook:abc"_s));
    QVERIFY(*m_journal->registerTarget(u"webhook:abc"_s, u"renamed"_s));
    QVERIFY(!*m_journal->registerTarget(u"exec:def"_s, u"exec notify"_s));
    QVERIFY(!m_journal->registerTarget(QString(), u"x"_s, &error));
    lockbox::test::RawConnection raw(m_db->filePath());
    QCOMPARE(raw.scalar(u"SELECT label FROM alert_targets WHERE target = 'webhook:abc'"_s).toString(), u"renamed"_s);
}

void TestAlertJournal::survivesReopen()
{
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"{\"kind\":\"new\"}"_s, {u"a"_s}, State::Pending));
    QVERIFY(m_journal->registerTarget(u"a"_s, u"A"_s));
    QVERIFY(m_journal->markPrimed(u"a"_s));
    QVERIFY(m_journal->markRetry(*m_journal->nextDue(u"a"_s, m_clock->now()), m_clock->now(), u"exit 3"_s));
    reopen();
    const AlertJournalEntry e = only(u"req-1"_s, u"new"_s, u"a"_s);
    QCOMPARE(e.payload, u"{\"kind\":\"new\"}"_s);
    QCOMPARE(e.attempts, 1);
    QCOMPARE(e.lastError, u"exit 3"_s);
    QVERIFY(*m_journal->registerTarget(u"a"_s, u"A"_s));
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Pending)->isEmpty());
}

void TestAlertJournal::secondConnectionAddsNothingTwice()
{
    // Another process on the profile (a second writer) sees what the first wrote.
    Database other;
    QVERIFY(other.open(m_dir->path()));
    AlertJournal second(other, *m_clock);
    QVERIFY(m_journal->record(u"req-1"_s, u"new"_s, u"first"_s, {u"a"_s}, State::Pending));
    const auto written = second.record(u"REQ-1"_s, u"new"_s, u"second"_s, {u"a"_s, u"b"_s}, State::Pending);
    QVERIFY(written);
    QCOMPARE(*written, QStringList {u"b"_s});
    QCOMPARE(only(u"req-1"_s, u"new"_s, u"a"_s).payload, u"first"_s);
}

void TestAlertJournal::requestsWithAnEvent()
{
    QVERIFY(m_journal->record(u"Req-1"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Seen));
    m_clock->advanceSecs(60);
    const QDateTime since = m_clock->now();
    QVERIFY(m_journal->record(u"req-2"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Pending));
    QVERIFY(m_journal->record(u"req-3"_s, u"new"_s, u"{}"_s, {u"b"_s}, State::Pending));
    QVERIFY(m_journal->record(u"req-4"_s, u"outcome"_s, u"{}"_s, {u"a"_s}, State::Pending));
    QCOMPARE(*m_journal->requestsWith(u"new"_s, u"a"_s), (QSet<QString> {u"req-1"_s, u"req-2"_s}));
    QCOMPARE(*m_journal->requestsWith(u"new"_s, u"a"_s, since), QSet<QString> {u"req-2"_s});
    QCOMPARE(*m_journal->requestsWith(u"outcome"_s, u"a"_s), QSet<QString> {u"req-4"_s});
}

void TestAlertJournal::pruneKeepsWhatIsPending()
{
    QVERIFY(m_journal->record(u"old-delivered"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Pending));
    QVERIFY(m_journal->markDelivered(*m_journal->nextDue(u"a"_s, m_clock->now())));
    QVERIFY(m_journal->record(u"old-seen"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Seen));
    QVERIFY(m_journal->record(u"old-pending"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Pending));
    m_clock->advanceSecs(31LL * 24 * 3600);
    QVERIFY(m_journal->record(u"recent"_s, u"new"_s, u"{}"_s, {u"a"_s}, State::Seen));
    QString error;
    QCOMPARE(m_journal->prune(m_clock->now().addDays(-30), &error), 2);
    QStringList left;
    for (const AlertJournalEntry &e : m_journal->entries())
        left.append(e.requestKey);
    QCOMPARE(left, (QStringList {u"old-pending"_s, u"recent"_s}));
}

QTEST_GUILESS_MAIN(TestAlertJournal)
#include "tst_alertjournal.moc"
