// engine::AlertPolicy without a GUI: new Pending requests told once, a sync run as one event per group,
// reminders once on entering the window (the cache at prime too), the end of a decision made here,
// requests decided elsewhere, expired or gone, pauses that neither show nor save up, ids in any case.

#include "core/queueddecision.h"
#include "engine/alertpolicy.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QueuedDecision;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::engine::Alert;
using lockbox::engine::AlertBatch;
using lockbox::engine::AlertPolicy;
using lockbox::engine::AlertSettings;
using lockbox::test::changeOf;
using lockbox::test::ManualClock;
using lockbox::test::queuedDecision;
using lockbox::test::RequestBuilder;
using Kind = lockbox::RequestStatus::Kind;
using Group = lockbox::engine::AlertBatch::Group;

namespace {

constexpr qint64 kHour = 3600;
const QString kSub = u"00000000-0000-0000-0000-0000000000a1"_s;

QString requestId(int n)
{
    return u"5f1b0c2e-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0'));
}

// A request of kSub whose expiry is `secsLeft` after the clock's start.
AccessRequest request(int n, Kind status, qint64 secsLeft = 4 * 24 * kHour)
{
    return RequestBuilder(requestId(n), kSub)
        .status(status)
        .expires(ManualClock::defaultStart().addSecs(secsLeft))
        .resourceType(u"Virtual machine"_s)
        .resourceIds({u"/subscriptions/%1/providers/Microsoft.Compute/virtualMachines/vm-%2"_s.arg(kSub).arg(n)})
        .justification(u"Investigating vm-%1."_s.arg(n))
        .build();
}

AccessRequest withStatus(AccessRequest r, Kind status)
{
    r.status = RequestStatus(status);
    return r;
}

ChangeSet added(const QList<AccessRequest> &rows)
{
    ChangeSet set;
    for (const AccessRequest &r : rows)
        set.added.append(changeOf(r));
    return set;
}

ChangeSet changed(const AccessRequest &r, Kind oldStatus)
{
    ChangeSet set;
    set.changed.append(changeOf(r, RequestStatus(oldStatus)));
    return set;
}

ChangeSet removed(const AccessRequest &r)
{
    ChangeSet set;
    set.removed.append(changeOf(r, r.status));
    return set;
}

QStringList idsOf(const AlertBatch &batch)
{
    QStringList ids;
    for (const Alert &alert : batch.alerts)
        ids.append(alert.request.requestId);
    return ids;
}

} // namespace

class TestAlertPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newPendingToldOnce();
    void primeTellsNothingNew();
    void aBatchMakesOneEvent();
    void reminderOnceEnteringTheWindow();
    void primeRemindsOfDueRequestsOnce();
    void primeInChunksTellsAtItsEnd();
    void outcomeOfADecisionMadeHere();
    void decisionFailuresAreCollected();
    void decidedElsewhere();
    void expiredAndRemoved();
    void pauseSuppressesAndDoesNotSaveUp();
    void idsInAnyCase();
    void settingsChooseWhatIsTold();
    void quietHoursHoldUntilTheyEnd();
    void settingsRoundTrip();
    void quietHoursSpanMidnight();
    void remindersOnlyStillRemindOfArrivalsInsideTheWindow();
    void remindLaterKeepsTheWindowsReminder();
    void quietHoursTellAFailedDecisionAtOnce();

private:
    QList<AlertBatch> m_events;
    ManualClock m_clock;
    AlertPolicy *m_policy = nullptr;
};

void TestAlertPolicy::init()
{
    m_clock.set(ManualClock::defaultStart());
    m_events.clear();
    m_policy = new AlertPolicy(m_clock, this);
    connect(m_policy, &AlertPolicy::alerted, this, [this](const AlertBatch &batch) { m_events.append(batch); });
}

void TestAlertPolicy::cleanup()
{
    delete m_policy;
    m_policy = nullptr;
}

void TestAlertPolicy::newPendingToldOnce()
{
    QSignalSpy counts(m_policy, &AlertPolicy::pendingCountChanged);
    m_policy->setSubscriptionNames({{kSub.toUpper(), u"Contoso Production"_s}});
    const AccessRequest r = request(1, Kind::Pending, 3 * 24 * kHour);
    m_policy->applyChanges(added({r}), {r});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::New);
    QCOMPARE(idsOf(m_events[0]), QStringList {r.requestId});
    const Alert &alert = m_events[0].alerts.first();
    QCOMPARE(alert.kind, Alert::Kind::New);
    QCOMPARE(alert.request.subscriptionId, kSub);
    QCOMPARE(alert.request.subscriptionName, u"Contoso Production"_s);
    QCOMPARE(alert.request.status, RequestStatus(Kind::Pending));
    QCOMPARE(alert.request.resourceType, u"Virtual machine"_s);
    QCOMPARE(alert.request.resourceIds, r.resourceIds);
    QCOMPARE(alert.request.justification, u"Investigating vm-1."_s);
    QCOMPARE(alert.request.deadline, r.expirationDateTime);
    QVERIFY(!alert.verdict);
    QCOMPARE(alert.at, m_clock.now());
    QCOMPARE(m_policy->pendingCount(), 1);
    QCOMPARE(counts.size(), 1);

    // Without an expiry the deadline is the request's lifetime from its creation.
    AccessRequest undated = request(2, Kind::Pending);
    undated.expirationDateTime = QDateTime();
    m_policy->applyChanges(added({undated}), {undated});
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].alerts.first().request.deadline, undated.createdDateTime.addDays(4));

    // A content change of a Pending request is not news, and neither is the same request added again.
    AccessRequest edited = r;
    edited.justification = u"Edited."_s;
    m_policy->applyChanges(changed(edited, Kind::Pending), {edited});
    m_policy->applyChanges(added({r}), {r});
    QCOMPARE(m_events.size(), 2);

    // Gone, then listed again: its end is told, but it is not new a second time.
    m_policy->applyChanges(removed(r), {});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_policy->pendingCount(), 1);
    m_policy->applyChanges(added({r}), {r});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_policy->pendingCount(), 2);

    // Initializing is not yet news; Pending after it is.
    const AccessRequest init = request(3, Kind::Initializing);
    m_policy->applyChanges(added({init}), {init});
    QCOMPARE(m_events.size(), 3);
    const AccessRequest nowPending = withStatus(init, Kind::Pending);
    m_policy->applyChanges(changed(nowPending, Kind::Initializing), {nowPending});
    QCOMPARE(m_events.size(), 4);
    QCOMPARE(idsOf(m_events.last()), QStringList {init.requestId});
}

void TestAlertPolicy::primeTellsNothingNew()
{
    QSignalSpy counts(m_policy, &AlertPolicy::pendingCountChanged);
    const QList<AccessRequest> cache {request(1, Kind::Pending), request(2, Kind::Pending), request(3, Kind::Approved),
                                      request(4, Kind::Expired)};
    m_policy->prime(cache);
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 2);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.last().first().toInt(), 2);

    // A full list after a restart reports a cached request as added: no news either, nor when it
    // is listed again after a sync that missed it.
    m_policy->applyChanges(added({cache[0]}), {cache[0]});
    QCOMPARE(m_events.size(), 0);
    m_policy->applyChanges(removed(cache[1]), {});
    m_policy->applyChanges(added({cache[1]}), {cache[1]});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].alerts.first().kind, Alert::Kind::Removed);
}

void TestAlertPolicy::aBatchMakesOneEvent()
{
    const AccessRequest settled = request(9, Kind::Pending);
    m_policy->prime({settled});
    QSignalSpy counts(m_policy, &AlertPolicy::pendingCountChanged);

    // A sync run in pieces: the news and the count wait for its end.
    m_policy->beginBatch();
    QVERIFY(m_policy->isBatching());
    for (int i = 1; i <= 4; ++i) {
        const AccessRequest r = request(i, Kind::Pending);
        m_policy->applyChanges(added({r}), {r});
    }
    const AccessRequest approved = withStatus(settled, Kind::Approved);
    m_policy->applyChanges(changed(approved, Kind::Pending), {approved});
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(counts.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 1);

    m_policy->endBatch();
    QVERIFY(!m_policy->isBatching());
    QCOMPARE(counts.size(), 1);
    QCOMPARE(m_policy->pendingCount(), 4);
    // One event per group, the ends before the news.
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[0].group, Group::Outcome);
    QCOMPARE(idsOf(m_events[0]), QStringList {settled.requestId});
    QCOMPARE(m_events[1].group, Group::New);
    QCOMPARE(idsOf(m_events[1]), (QStringList {requestId(1), requestId(2), requestId(3), requestId(4)}));

    // An end without a beginning tells nothing; after the batch, changes are told at once.
    m_policy->endBatch();
    QCOMPARE(m_events.size(), 2);
    const AccessRequest later = request(5, Kind::Pending);
    m_policy->applyChanges(added({later}), {later});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(idsOf(m_events.last()), QStringList {later.requestId});

    // Many at once without a batch make one event too.
    const QList<AccessRequest> many {request(6, Kind::Pending), request(7, Kind::Pending), request(8, Kind::Pending)};
    m_policy->applyChanges(added(many), many);
    QCOMPARE(m_events.size(), 4);
    QCOMPARE(m_events.last().alerts.size(), 3);
}

void TestAlertPolicy::reminderOnceEnteringTheWindow()
{
    const AccessRequest r = request(1, Kind::Pending, 13 * kHour);
    m_policy->prime({r});
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 0); // 13 h left: outside the 12 h window

    m_clock.advanceSecs(2 * kHour); // 11 h left
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    QCOMPARE(idsOf(m_events[0]), QStringList {r.requestId});
    const Alert &alert = m_events[0].alerts.first();
    QCOMPARE(alert.kind, Alert::Kind::Reminder);
    QCOMPARE(alert.request.deadline, r.expirationDateTime);
    QCOMPARE(alert.at, m_clock.now());

    m_policy->checkReminders();
    m_clock.advanceSecs(5 * kHour);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 1);

    // A wider window reminds of a request that is now inside it.
    const AccessRequest later = request(2, Kind::Pending, 30 * kHour);
    m_policy->applyChanges(added({later}), {later});
    QCOMPARE(m_events.size(), 2);
    m_policy->setReminderBeforeSecs(24 * kHour);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_events.last().group, Group::Reminder);
    QCOMPARE(idsOf(m_events.last()), QStringList {later.requestId});

    // New inside the window: told as new, and not reminded of right after.
    const AccessRequest soon = request(3, Kind::Pending, 9 * kHour); // 2 h left
    m_policy->applyChanges(added({soon}), {soon});
    QCOMPARE(m_events.last().group, Group::New);
    m_clock.advanceSecs(kHour);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 4);
}

void TestAlertPolicy::primeRemindsOfDueRequestsOnce()
{
    QList<AccessRequest> cache;
    for (int i = 1; i <= 4; ++i)
        cache.append(request(i, Kind::Pending, (10 - i) * kHour)); // 9, 8, 7, 6 h left
    cache.append(request(5, Kind::Pending, 30 * kHour));
    cache.append(request(6, Kind::Pending, -kHour)); // past its expiry, not yet seen as Expired
    m_policy->prime(cache);

    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    // The most urgent first.
    QCOMPARE(idsOf(m_events[0]), (QStringList {requestId(4), requestId(3), requestId(2), requestId(1)}));

    m_policy->checkReminders();
    m_policy->prime(cache); // the cache read again
    QCOMPARE(m_events.size(), 1);
}

void TestAlertPolicy::primeInChunksTellsAtItsEnd()
{
    // The cache as the console takes it, a chunk at a time: nothing is told and the count stays
    // until the last is in; then the count and one batch of reminders, as prime() of the whole.
    QList<AccessRequest> cache;
    for (int i = 1; i <= 4; ++i)
        cache.append(request(i, Kind::Pending, (10 - i) * kHour)); // 9, 8, 7, 6 h left
    cache.append(request(5, Kind::Pending, 30 * kHour));
    cache.append(request(6, Kind::Approved));
    QSignalSpy counts(m_policy, &AlertPolicy::pendingCountChanged);
    m_policy->beginPrime();
    m_policy->primeMore(cache.mid(0, 2));
    // The minute's reminder check, or a pause ended, half way through: nothing yet.
    m_policy->checkReminders();
    m_policy->pauseUntil(m_clock.now().addSecs(60));
    m_policy->resume();
    m_policy->primeMore({});
    m_policy->primeMore(cache.mid(2));
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(counts.size(), 0);
    m_policy->endPrime();
    QCOMPARE(m_policy->pendingCount(), 5);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    QCOMPARE(idsOf(m_events[0]), (QStringList {requestId(4), requestId(3), requestId(2), requestId(1)}));
    // Every primed request is followed: none is news when a sync lists it as added, and one that
    // leaves is told.
    m_policy->applyChanges(added({cache[0], cache[4]}), {cache[0], cache[4]});
    QCOMPARE(m_events.size(), 1);
    m_policy->applyChanges(removed(cache[4]), {});
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].alerts.first().kind, Alert::Kind::Removed);

    // Primed again (the cache read again): what was followed and is no longer in it is dropped.
    m_policy->beginPrime();
    m_policy->primeMore({cache[1]});
    m_policy->endPrime();
    QCOMPARE(m_policy->pendingCount(), 1);
}

void TestAlertPolicy::outcomeOfADecisionMadeHere()
{
    const AccessRequest r = request(1, Kind::Pending);
    const AccessRequest denying = request(2, Kind::Denying); // decided in an earlier run
    const AccessRequest third = request(3, Kind::Pending);
    m_policy->prime({r, denying, third});
    m_policy->noteDecided(r.requestId, Verdict::Approve);
    m_policy->decisionFinished(queuedDecision(r, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approving"_s),
                               QString());
    const AccessRequest approving = withStatus(r, Kind::Approving);
    m_policy->applyChanges(changed(approving, Kind::Pending), {approving});
    QCOMPARE(m_events.size(), 0); // on its way: the end is still to come
    QCOMPARE(m_policy->pendingCount(), 1);

    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_policy->applyChanges(changed(approved, Kind::Approving), {approved});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Outcome);
    const Alert &alert = m_events[0].alerts.first();
    QCOMPARE(alert.kind, Alert::Kind::TookEffect);
    QCOMPARE(alert.verdict, std::optional<Verdict>(Verdict::Approve));
    QCOMPARE(alert.request.status, RequestStatus(Kind::Approved));
    QCOMPARE(alert.request.requestId, r.requestId);
    QCOMPARE(alert.request.resourceIds, r.resourceIds);

    // A later change and a late acknowledgement tell nothing more.
    AccessRequest edited = approved;
    edited.justification = u"changed"_s;
    m_policy->applyChanges(changed(edited, Kind::Approved), {edited});
    m_policy->decisionFinished(queuedDecision(r, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approved"_s),
                               QString());
    QTest::qWait(AlertPolicy::kOutcomeCollectMsecs * 2);
    QCOMPARE(m_events.size(), 1);

    // The earlier run's decision, acknowledged now: told when the request reaches its end.
    m_policy->decisionFinished(
        queuedDecision(denying, Verdict::Deny, QueuedDecision::State::Acknowledged, u"Denying"_s), QString());
    const AccessRequest denied = withStatus(denying, Kind::Denied);
    m_policy->applyChanges(changed(denied, Kind::Denying), {denied});
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].alerts.first().kind, Alert::Kind::TookEffect);
    QCOMPARE(m_events[1].alerts.first().verdict, std::optional<Verdict>(Verdict::Deny));

    // Acknowledged with its final status: told from the decision, after a moment; the sync that
    // follows does not tell it again.
    m_policy->noteDecided(third.requestId, Verdict::Approve);
    m_policy->decisionFinished(
        queuedDecision(third, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approved"_s), QString());
    QCOMPARE(m_events.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(int(m_events.size()), 3, 10000);
    QCOMPARE(m_events[2].group, Group::Outcome);
    QCOMPARE(m_events[2].alerts.first().kind, Alert::Kind::TookEffect);
    QCOMPARE(idsOf(m_events[2]), QStringList {third.requestId});
    QCOMPARE(m_policy->pendingCount(), 0);
    const AccessRequest thirdApproved = withStatus(third, Kind::Approved);
    m_policy->applyChanges(changed(thirdApproved, Kind::Pending), {thirdApproved});
    QCOMPARE(m_events.size(), 3);
}

void TestAlertPolicy::decisionFailuresAreCollected()
{
    QList<AccessRequest> rows;
    for (int i = 1; i <= 4; ++i)
        rows.append(request(i, Kind::Pending));
    m_policy->prime(rows);
    for (const AccessRequest &r : std::as_const(rows)) {
        m_policy->noteDecided(r.requestId, Verdict::Deny);
        m_policy->decisionFinished(queuedDecision(r, Verdict::Deny, QueuedDecision::State::Failed, u"Approved"_s),
                                   u"Already approved."_s);
    }
    QueuedDecision timedOut = queuedDecision(rows[0], Verdict::Deny, QueuedDecision::State::Failed);
    timedOut.lastError = u"Timed out."_s;
    m_policy->decisionFinished(timedOut, QString());
    QTRY_COMPARE_WITH_TIMEOUT(int(m_events.size()), 1, 10000);
    QCOMPARE(m_events[0].group, Group::Outcome);
    QCOMPARE(m_events[0].alerts.size(), 5);
    const Alert &first = m_events[0].alerts.first();
    QCOMPARE(first.kind, Alert::Kind::NotApplied);
    QCOMPARE(first.verdict, std::optional<Verdict>(Verdict::Deny));
    QCOMPARE(first.reason, u"Already approved."_s);
    QCOMPARE(first.request.status, RequestStatus(Kind::Approved));
    // Without a status from the server, the request is taken as still Pending; the reason falls
    // back to the decision's last error.
    QCOMPARE(m_events[0].alerts.last().request.status, RequestStatus(Kind::Pending));
    QCOMPARE(m_events[0].alerts.last().reason, u"Timed out."_s);

    // The failure told how they ended: the sync that brings the new status tells nothing more.
    const AccessRequest approved = withStatus(rows[1], Kind::Approved);
    m_policy->applyChanges(changed(approved, Kind::Pending), {approved});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_policy->pendingCount(), 3);
}

void TestAlertPolicy::decidedElsewhere()
{
    const AccessRequest a = request(1, Kind::Pending);
    const AccessRequest b = request(2, Kind::Pending);
    const AccessRequest c = request(3, Kind::Pending);
    const AccessRequest d = request(4, Kind::Pending);
    m_policy->prime({a, b, c, d});

    // Approving elsewhere is the end already; the Approved that follows is not told again.
    const AccessRequest approving = withStatus(a, Kind::Approving);
    m_policy->applyChanges(changed(approving, Kind::Pending), {approving});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Outcome);
    QCOMPARE(m_events[0].alerts.first().kind, Alert::Kind::DecidedElsewhere);
    QCOMPARE(m_events[0].alerts.first().request.status, RequestStatus(Kind::Approving));
    QVERIFY(!m_events[0].alerts.first().verdict);
    const AccessRequest approved = withStatus(a, Kind::Approved);
    m_policy->applyChanges(changed(approved, Kind::Approving), {approved});
    QCOMPARE(m_events.size(), 1);

    // Denied elsewhere while our approval waits in the queue: ours comes with it.
    m_policy->decisionFinished(queuedDecision(b, Verdict::Approve, QueuedDecision::State::Queued), QString());
    const AccessRequest denied = withStatus(b, Kind::Denied);
    m_policy->applyChanges(changed(denied, Kind::Pending), {denied});
    QCOMPARE(m_events.size(), 2);
    const Alert &alert = m_events[1].alerts.first();
    QCOMPARE(alert.kind, Alert::Kind::DecidedElsewhere);
    QCOMPARE(alert.request.status, RequestStatus(Kind::Denied));
    QCOMPARE(alert.verdict, std::optional<Verdict>(Verdict::Approve));

    // A withdrawn decision is forgotten: the end is someone else's, with no word of ours.
    m_policy->noteDecided(c.requestId, Verdict::Deny);
    m_policy->decisionFinished(queuedDecision(c, Verdict::Deny, QueuedDecision::State::Withdrawn), QString());
    const AccessRequest cApproved = withStatus(c, Kind::Approved);
    m_policy->applyChanges(changed(cApproved, Kind::Pending), {cApproved});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_events[2].alerts.first().kind, Alert::Kind::DecidedElsewhere);
    QVERIFY(!m_events[2].alerts.first().verdict);

    // Withdrawn once it had left Pending: its end is nobody's news.
    m_policy->noteDecided(d.requestId, Verdict::Approve);
    const AccessRequest dApproving = withStatus(d, Kind::Approving);
    m_policy->applyChanges(changed(dApproving, Kind::Pending), {dApproving});
    m_policy->decisionFinished(queuedDecision(d, Verdict::Approve, QueuedDecision::State::Withdrawn), QString());
    const AccessRequest dApproved = withStatus(d, Kind::Approved);
    m_policy->applyChanges(changed(dApproved, Kind::Approving), {dApproved});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_policy->pendingCount(), 0);
}

void TestAlertPolicy::expiredAndRemoved()
{
    const AccessRequest expiring = request(1, Kind::Pending);
    const AccessRequest gone = request(2, Kind::Pending);
    const AccessRequest history = request(3, Kind::Denied);
    const AccessRequest other = request(4, Kind::Pending);
    m_policy->prime({expiring, gone, history, other});

    m_clock.advanceSecs(4 * 24 * kHour + 60);
    const AccessRequest expired = withStatus(expiring, Kind::Expired);
    m_policy->applyChanges(changed(expired, Kind::Pending), {expired});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].alerts.first().kind, Alert::Kind::Expired);
    QCOMPARE(m_events[0].alerts.first().request.status, RequestStatus(Kind::Expired));

    // Gone while Pending is news; history leaving the cache is not.
    ChangeSet set = removed(gone);
    set.removed += removed(history).removed;
    m_policy->applyChanges(set, {});
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].alerts.first().kind, Alert::Kind::Removed);
    QCOMPARE(idsOf(m_events[1]), QStringList {gone.requestId});

    // Another end, said by its status.
    const AccessRequest revoked = withStatus(other, Kind::Revoked);
    m_policy->applyChanges(changed(revoked, Kind::Pending), {revoked});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_events[2].alerts.first().kind, Alert::Kind::Ended);
    QCOMPARE(m_events[2].alerts.first().request.status, RequestStatus(Kind::Revoked));
    QCOMPARE(m_policy->pendingCount(), 0);
}

void TestAlertPolicy::pauseSuppressesAndDoesNotSaveUp()
{
    const AccessRequest settled = request(1, Kind::Pending);
    m_policy->prime({settled});
    QSignalSpy paused(m_policy, &AlertPolicy::pausedChanged);
    m_policy->pauseUntil(ManualClock::defaultStart().addSecs(kHour));
    QVERIFY(m_policy->isPaused());
    QCOMPARE(m_policy->pausedUntil(), ManualClock::defaultStart().addSecs(kHour));
    QCOMPARE(paused.size(), 1);
    QCOMPARE(paused.last().first().toBool(), true);

    // While paused: news of every kind, none told; the count still follows.
    const AccessRequest soon = request(2, Kind::Pending, 3 * kHour);
    const AccessRequest later = request(3, Kind::Pending, 3 * 24 * kHour);
    ChangeSet set = added({soon, later});
    const AccessRequest approved = withStatus(settled, Kind::Approved);
    set.changed += changed(approved, Kind::Pending).changed;
    m_policy->applyChanges(set, {soon, later, approved});
    m_policy->decisionFinished(queuedDecision(later, Verdict::Deny, QueuedDecision::State::Failed), u"Forbidden"_s);
    m_policy->checkReminders();
    QTest::qWait(AlertPolicy::kOutcomeCollectMsecs * 2);
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 2);

    // The pause runs out: only the reminder still due is told, once.
    m_clock.advanceSecs(kHour + 60);
    m_policy->checkReminders();
    QVERIFY(!m_policy->isPaused());
    QVERIFY(!m_policy->pausedUntil().isValid());
    QCOMPARE(paused.size(), 2);
    QCOMPARE(paused.last().first().toBool(), false);
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    QCOMPARE(idsOf(m_events[0]), QStringList {soon.requestId});
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 1);

    // Pausing again and resuming does not remind twice; a pause that ends in the past is none.
    m_policy->pauseUntil(m_clock.now().addSecs(kHour));
    m_policy->resume();
    QVERIFY(!m_policy->isPaused());
    QCOMPARE(paused.size(), 4);
    QCOMPARE(m_events.size(), 1);
    m_policy->pauseUntil(m_clock.now().addSecs(-60));
    QVERIFY(!m_policy->isPaused());
    QCOMPARE(paused.size(), 4);

    // An end seen while paused stays untold when its sync run finishes after the pause.
    const AccessRequest other = request(4, Kind::Pending);
    m_policy->applyChanges(added({other}), {other});
    QCOMPARE(m_events.size(), 2);
    m_policy->pauseUntil(m_clock.now().addSecs(kHour));
    m_policy->beginBatch();
    const AccessRequest denied = withStatus(other, Kind::Denied);
    m_policy->applyChanges(changed(denied, Kind::Pending), {denied});
    m_clock.advanceSecs(2 * kHour);
    m_policy->endBatch();
    QCOMPARE(m_events.size(), 2);
}

void TestAlertPolicy::idsInAnyCase()
{
    const auto spelledUpper = [](AccessRequest r) {
        r.requestId = r.requestId.toUpper();
        return r;
    };
    const AccessRequest lower = request(1, Kind::Pending);
    m_policy->prime({lower});

    // The same request spelled otherwise is no news, and is counted once.
    const AccessRequest upper = spelledUpper(lower);
    m_policy->applyChanges(added({upper}), {upper});
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 1);

    // A decision noted in one spelling is recognised in another.
    m_policy->noteDecided(upper.requestId, Verdict::Deny);
    const AccessRequest denied = withStatus(lower, Kind::Denied);
    m_policy->applyChanges(changed(denied, Kind::Pending), {denied});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].alerts.first().kind, Alert::Kind::TookEffect);

    // A removal in another spelling ends the request it names.
    const AccessRequest second = request(2, Kind::Pending);
    m_policy->applyChanges(added({second}), {second});
    QCOMPARE(m_events.size(), 2);
    m_policy->applyChanges(removed(spelledUpper(second)), {});
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_events[2].alerts.first().kind, Alert::Kind::Removed);
    QCOMPARE(m_policy->pendingCount(), 0);

    // Reminders too are told once per request, however it is spelled.
    const AccessRequest soon = request(3, Kind::Pending, 13 * kHour);
    m_policy->applyChanges(added({soon}), {soon});
    m_clock.advanceSecs(2 * kHour);
    m_policy->prime({soon, spelledUpper(soon)});
    QCOMPARE(m_events.size(), 5);
    QCOMPARE(m_events[4].alerts.size(), 1);
}

void TestAlertPolicy::settingsChooseWhatIsTold()
{
    AlertSettings settings;
    settings.newRequests = false;
    settings.outcomes = false;
    settings.reminderBeforeSecs = 6 * kHour;
    m_policy->setSettings(settings);
    QCOMPARE(m_policy->reminderBeforeSecs(), 6 * kHour);

    // New requests are not told, but still followed: a reminder comes when one is due.
    const AccessRequest r = request(1, Kind::Pending, 8 * kHour);
    const AccessRequest mine = request(2, Kind::Pending);
    m_policy->applyChanges(added({r, mine}), {r, mine});
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 2);
    m_clock.advanceSecs(2 * kHour + 60);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    QCOMPARE(idsOf(m_events[0]), QStringList {r.requestId});

    // Outcomes are not told, except a decision of ours that did not take effect.
    const AccessRequest gone = withStatus(r, Kind::Approved);
    m_policy->applyChanges(changed(gone, Kind::Pending), {gone});
    m_policy->noteDecided(mine.requestId, Verdict::Deny);
    m_policy->decisionFinished(queuedDecision(mine, Verdict::Deny, QueuedDecision::State::Failed), u"Forbidden"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_events.size(), 2, 10000);
    QCOMPARE(m_events[1].group, Group::Outcome);
    QCOMPARE(m_events[1].alerts.size(), 1);
    QCOMPARE(m_events[1].alerts[0].kind, Alert::Kind::NotApplied);

    // With reminders off too, nothing but that is told.
    settings.reminders = false;
    m_policy->setSettings(settings);
    const AccessRequest soon = request(3, Kind::Pending, 10 * kHour);
    m_policy->applyChanges(added({soon}), {soon});
    m_clock.advanceSecs(5 * kHour);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 2);
}

void TestAlertPolicy::quietHoursHoldUntilTheyEnd()
{
    // Quiet from an hour ago for three hours, in local time.
    const QTime now = m_clock.now().toLocalTime().time();
    AlertSettings settings;
    settings.quietFrom = QTime(now.hour(), 0).addSecs(-3600);
    settings.quietUntil = settings.quietFrom.addSecs(3 * 3600);
    QSignalSpy quiet(m_policy, &AlertPolicy::quietChanged);
    const AccessRequest settled = request(1, Kind::Pending);
    m_policy->prime({settled});
    m_policy->setSettings(settings);
    QVERIFY(m_policy->isQuiet());
    QCOMPARE(quiet.size(), 1);
    const QDateTime end = m_policy->quietUntil();
    QVERIFY(end > m_clock.now());
    QVERIFY(end <= m_clock.now().addSecs(2 * kHour));

    // Inside them nothing is told: a request that stays Pending, one decided elsewhere meanwhile,
    // one due for a reminder.
    const AccessRequest stays = request(2, Kind::Pending);
    const AccessRequest leaves = request(3, Kind::Pending);
    const AccessRequest soon = request(4, Kind::Pending, 2 * kHour + kHour / 2);
    m_policy->applyChanges(added({stays, leaves, soon}), {stays, leaves, soon});
    const AccessRequest denied = withStatus(settled, Kind::Denied);
    m_policy->applyChanges(changed(denied, Kind::Pending), {denied});
    const AccessRequest leftEarly = withStatus(leaves, Kind::Approved);
    m_policy->applyChanges(changed(leftEarly, Kind::Pending), {leftEarly});
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 0);
    QCOMPARE(m_policy->pendingCount(), 2);

    // As they end: the outcomes, then the news still true (a request that left Pending meanwhile
    // is told as decided elsewhere, not as new).
    m_clock.set(end.addSecs(30));
    m_policy->checkReminders();
    QVERIFY(!m_policy->isQuiet());
    QCOMPARE(quiet.size(), 2);
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[0].group, Group::Outcome);
    QCOMPARE(m_events[0].alerts.size(), 2);
    QCOMPARE(m_events[0].alerts[0].kind, Alert::Kind::DecidedElsewhere);
    QCOMPARE(m_events[0].alerts[1].kind, Alert::Kind::DecidedElsewhere);
    QCOMPARE(m_events[1].group, Group::New);
    QCOMPARE(idsOf(m_events[1]), (QStringList {stays.requestId, soon.requestId}));
    // The new-request alert of the one now close to expiry says how long is left: no reminder too.
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 2);
}

void TestAlertPolicy::settingsRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(u"lockboxctl.ini"_s);
    {
        QSettings ini(file, QSettings::IniFormat);
        const AlertSettings defaults = AlertSettings::load(ini);
        QCOMPARE(defaults, AlertSettings());
        QVERIFY(!defaults.hasQuietHours());
        QCOMPARE(defaults.describe(), u"new requests, reminders 12 h before expiry, outcomes"_s);

        AlertSettings s;
        s.outcomes = false;
        s.reminderBeforeSecs = 24 * kHour;
        s.quietFrom = QTime(22, 0);
        s.quietUntil = QTime(7, 30);
        s.save(ini);
    }
    {
        QSettings ini(file, QSettings::IniFormat);
        const AlertSettings s = AlertSettings::load(ini);
        QVERIFY(!s.outcomes);
        QCOMPARE(s.reminderBeforeSecs, 24 * kHour);
        QCOMPARE(s.quietFrom, QTime(22, 0));
        QCOMPARE(s.quietUntil, QTime(7, 30));
        QCOMPARE(s.describe(), u"new requests, reminders 24 h before expiry; quiet 22:00-07:30"_s);
        // Out of range and malformed values come back in range, or as the default.
        ini.setValue(u"alerts/reminderHours"_s, 1000);
        ini.setValue(u"alerts/quietFrom"_s, u"25:99"_s);
        const AlertSettings fixed = AlertSettings::load(ini);
        QCOMPARE(fixed.reminderBeforeSecs, 96 * kHour);
        QVERIFY(!fixed.hasQuietHours());
    }
}

void TestAlertPolicy::quietHoursSpanMidnight()
{
    AlertSettings s;
    s.quietFrom = QTime(22, 0);
    s.quietUntil = QTime(7, 0);
    const QDate day(2026, 3, 10);
    QVERIFY(s.isQuietAt(QDateTime(day, QTime(23, 0))));
    QVERIFY(s.isQuietAt(QDateTime(day, QTime(6, 59))));
    QVERIFY(!s.isQuietAt(QDateTime(day, QTime(7, 0))));
    QVERIFY(!s.isQuietAt(QDateTime(day, QTime(21, 59))));
    QCOMPARE(s.quietEndsAfter(QDateTime(day, QTime(23, 0))), QDateTime(day.addDays(1), QTime(7, 0)));
    QCOMPARE(s.quietEndsAfter(QDateTime(day, QTime(3, 0))), QDateTime(day, QTime(7, 0)));
    QVERIFY(!s.quietEndsAfter(QDateTime(day, QTime(12, 0))).isValid());
    s.quietUntil = s.quietFrom;
    QVERIFY(!s.hasQuietHours());
    QVERIFY(!s.isQuietAt(QDateTime(day, QTime(23, 0))));
}

void TestAlertPolicy::remindersOnlyStillRemindOfArrivalsInsideTheWindow()
{
    // New requests are not told: one that arrives with less than the lead time left (the console
    // was off, the laptop asleep) gets its reminder, the only alert it can have.
    AlertSettings settings;
    settings.newRequests = false;
    m_policy->setSettings(settings);
    const AccessRequest late = request(1, Kind::Pending, 5 * kHour);
    m_policy->applyChanges(added({late}), {late});
    QCOMPARE(m_events.size(), 1);
    QCOMPARE(m_events[0].group, Group::Reminder);
    QCOMPARE(idsOf(m_events[0]), QStringList {late.requestId});
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 1);
}

void TestAlertPolicy::remindLaterKeepsTheWindowsReminder()
{
    const AccessRequest r = request(1, Kind::Pending, 3 * 24 * kHour);
    m_policy->applyChanges(added({r}), {r});
    QCOMPARE(m_events.size(), 1);
    m_policy->remindAgainAt({r.requestId}, m_clock.now().addSecs(kHour));
    m_clock.advanceSecs(kHour);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 2);
    QCOMPARE(m_events[1].group, Group::Reminder);
    // Entering the last 12 hours still reminds, once.
    m_clock.advanceSecs(2 * 24 * kHour + 12 * kHour); // 11 h left
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 3);
    QCOMPARE(m_events[2].group, Group::Reminder);
    m_policy->checkReminders();
    QCOMPARE(m_events.size(), 3);
}

void TestAlertPolicy::quietHoursTellAFailedDecisionAtOnce()
{
    const QTime now = m_clock.now().toLocalTime().time();
    AlertSettings settings;
    settings.quietFrom = QTime(now.hour(), 0);
    settings.quietUntil = settings.quietFrom.addSecs(3 * 3600);
    const AccessRequest mine = request(1, Kind::Pending);
    m_policy->prime({mine});
    m_policy->setSettings(settings);
    QVERIFY(m_policy->isQuiet());
    m_policy->noteDecided(mine.requestId, Verdict::Approve);
    m_policy->decisionFinished(queuedDecision(mine, Verdict::Approve, QueuedDecision::State::Failed), u"Forbidden"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_events.size(), 1, 10000);
    QCOMPARE(m_events[0].alerts.size(), 1);
    QCOMPARE(m_events[0].alerts[0].kind, Alert::Kind::NotApplied);
}

QTEST_GUILESS_MAIN(TestAlertPolicy)
#include "tst_alertpolicy.moc"
