#include "faketraynotifier.h"

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/queueddecision.h"
#include "gui/guiresources.h"
#include "gui/systemtraynotifier.h"
#include "gui/traycontroller.h"
#include "gui/trayicon.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QIcon>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QueuedDecision;
using lockbox::RequestChange;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::gui::SystemTrayNotifier;
using lockbox::gui::TrayController;
using lockbox::gui::TrayIcon;
using lockbox::test::FakeTrayNotifier;
using lockbox::test::ManualClock;
using lockbox::test::queuedDecision;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QDateTime kStart(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC);
constexpr qint64 kHour = 3600;
const QString kSub = u"00000000-0000-0000-0000-0000000000a1"_s;
const QString kSubName = u"Contoso Production"_s;

QString requestId(int n)
{
    return u"5f1b0c2e-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0'));
}

AccessRequest makeRequest(int n, Kind status, qint64 expiresInSecs = 4 * 24 * kHour)
{
    AccessRequest r;
    r.requestId = requestId(n);
    r.subscriptionId = kSub;
    r.name = u"LockboxRequest_"_s + r.requestId;
    r.status = RequestStatus(status);
    r.createdDateTime = kStart.addSecs(-kHour);
    r.expirationDateTime = kStart.addSecs(expiresInSecs);
    r.resourceType = u"Virtual machine"_s;
    r.resourceIds = {
        u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-%2"_s.arg(kSub).arg(n)};
    r.justification = u"Investigating a failed disk attach on vm-%1."_s.arg(n);
    r.duration = u"8"_s;
    return r;
}

RequestChange change(const AccessRequest &r, Kind oldStatus)
{
    return RequestChange {r.requestId, r.subscriptionId, RequestStatus(oldStatus), r.status};
}

// One sync's worth: `added` rows new to the cache, `changed` rows with their previous status.
ChangeSet addedSet(const QList<AccessRequest> &rows)
{
    ChangeSet set;
    for (const AccessRequest &r : rows)
        set.added.append(change(r, Kind::Unknown));
    return set;
}

ChangeSet changedSet(const AccessRequest &r, Kind oldStatus)
{
    ChangeSet set;
    set.changed.append(change(r, oldStatus));
    return set;
}

AccessRequest withStatus(AccessRequest r, Kind status)
{
    r.status = RequestStatus(status);
    return r;
}

} // namespace

class TestTrayController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void primeTellsNothingNew();
    void oneNewPendingIsOneMessage();
    void clickOpensTheRequest();
    void manyNewAreBatched();
    void aBatchTellsOnceAtItsEnd();
    void belowThresholdEachHasItsOwnMessage();
    void initializingToPendingIsNew();
    void noRepeatOfTheSameEvent();
    void reminderOnceWhenThresholdPassed();
    void primeRemindsOfDueRequestsBatched();
    void newInsideWindowIsNotRemindedAgain();
    void decidedHereApprovedTellsOnce();
    void decidedHereDeniedFromEarlierRun();
    void decidedHereFailedTellsReason();
    void batchDecisionFailuresMakeOneMessage();
    void withdrawnDecisionTellsNothing();
    void approvedElsewhere();
    void approvingElsewhereTellsOnce();
    void deniedElsewhereWhileOursQueued();
    void expiredWithoutDecision();
    void removedWhilePending();
    void pauseSuppressesAndDoesNotFlood();
    void resumeShowsOnlyDueReminders();
    void toolTipAndCountFollow();
    void bodiesArePlainText();
    void worksWithoutTray();
    void noticesNameTheirSlotAndUrgency();
    void remindLaterRemindsOnceAnHourOn();
    void settingsAndQuietHours();

    void trayIconBadge();
    void trayIconRendersEverySize();

private:
    void waitForMessages(int count);

    ManualClock m_clock;
    FakeTrayNotifier *m_tray = nullptr;
    TrayController *m_controller = nullptr;
};

void TestTrayController::initTestCase()
{
    lockbox::gui::initResources();
}

void TestTrayController::init()
{
    m_clock.set(kStart);
    m_tray = new FakeTrayNotifier(this);
    m_controller = new TrayController(m_tray, m_clock, this);
    m_controller->setSubscriptionNames({{kSub, kSubName}});
}

void TestTrayController::cleanup()
{
    delete m_controller;
    m_controller = nullptr;
    delete m_tray;
    m_tray = nullptr;
}

void TestTrayController::waitForMessages(int count)
{
    // Decision outcomes are collected for a moment before they are shown.
    QTRY_COMPARE_WITH_TIMEOUT(int(m_tray->messages.size()), count, 10000);
}

void TestTrayController::primeTellsNothingNew()
{
    const QList<AccessRequest> cache {makeRequest(1, Kind::Pending), makeRequest(2, Kind::Pending),
                                      makeRequest(3, Kind::Pending), makeRequest(4, Kind::Approved),
                                      makeRequest(5, Kind::Expired)};
    QSignalSpy counts(m_controller, &TrayController::pendingCountChanged);
    m_controller->prime(cache);
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(m_controller->pendingCount(), 3);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.last().first().toInt(), 3);

    // A later sync that reports a primed request as added (a full list after a restart) is no news.
    m_controller->applyChanges(addedSet({cache[0]}), {cache[0]});
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(m_controller->pendingCount(), 3);
}

void TestTrayController::oneNewPendingIsOneMessage()
{
    m_controller->prime({makeRequest(1, Kind::Pending)});
    const AccessRequest fresh = makeRequest(7, Kind::Pending, 3 * 24 * kHour + 4 * kHour);
    m_controller->applyChanges(addedSet({fresh}), {fresh});

    QCOMPARE(m_tray->messages.size(), 1);
    const auto &m = m_tray->messages.first();
    QCOMPARE(m.title, u"New Lockbox request"_s);
    QCOMPARE(m.requestIds, QStringList {fresh.requestId});
    QVERIFY2(m.body.contains(kSubName), qPrintable(m.body));
    QVERIFY2(m.body.contains(u"Virtual machine"_s), qPrintable(m.body));
    QVERIFY2(m.body.contains(u"vm-7"_s), qPrintable(m.body));
    QVERIFY2(m.body.contains(u"Expires in 3 d 4 h"_s), qPrintable(m.body));
    QCOMPARE(m_controller->pendingCount(), 2);
}

void TestTrayController::clickOpensTheRequest()
{
    QSignalSpy open(m_controller, &TrayController::openRequested);
    const AccessRequest fresh = makeRequest(7, Kind::Pending);
    m_controller->applyChanges(addedSet({fresh}), {fresh});
    QCOMPARE(m_tray->messages.size(), 1);

    m_tray->clickLastMessage();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.last().first().toString(), fresh.requestId);

    // The icon itself: just the window.
    m_tray->clickIcon();
    QCOMPARE(open.size(), 2);
    QCOMPARE(open.last().first().toString(), QString());
}

void TestTrayController::manyNewAreBatched()
{
    QSignalSpy open(m_controller, &TrayController::openRequested);
    QList<AccessRequest> rows;
    for (int i = 1; i <= 5; ++i)
        rows.append(makeRequest(i, Kind::Pending));
    m_controller->applyChanges(addedSet(rows), rows);

    QCOMPARE(m_tray->messages.size(), 1);
    const auto &m = m_tray->messages.first();
    QCOMPARE(m.title, u"5 new Lockbox requests"_s);
    QCOMPARE(m.requestIds.size(), 5);
    const QStringList lines = m.body.split(u'\n');
    QCOMPARE(lines.size(), 4); // three named, then how many more
    QVERIFY2(lines[0].contains(u"vm-1"_s) && lines[2].contains(u"vm-3"_s), qPrintable(m.body));
    QCOMPARE(lines[3], u"and 2 more"_s);
    QCOMPARE(m_controller->pendingCount(), 5);

    // A batch opens the window without choosing a request.
    m_tray->clickLastMessage();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.last().first().toString(), QString());
}

void TestTrayController::aBatchTellsOnceAtItsEnd()
{
    // A sync run arrives in pieces: one new request per piece, one message for the run.
    QSignalSpy counted(m_controller, &TrayController::pendingCountChanged);
    m_controller->beginBatch();
    QVERIFY(m_controller->isBatching());
    QList<AccessRequest> all;
    for (int i = 1; i <= 4; ++i) {
        const AccessRequest r = makeRequest(i, Kind::Pending);
        all.append(r);
        m_controller->applyChanges(addedSet({r}), {r});
    }
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(counted.size(), 0); // the badge waits too
    m_controller->endBatch();
    QVERIFY(!m_controller->isBatching());
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"4 new Lockbox requests"_s);
    QCOMPARE(m_tray->messages.first().requestIds.size(), 4);
    QCOMPARE(m_controller->pendingCount(), 4);
    QCOMPARE(counted.size(), 1);

    // An end without a beginning tells nothing again; after the batch, changes are told at once.
    m_controller->endBatch();
    QCOMPARE(m_tray->messages.size(), 1);
    const AccessRequest later = makeRequest(9, Kind::Pending);
    m_controller->applyChanges(addedSet({later}), {later});
    QCOMPARE(m_tray->messages.size(), 2);
    QCOMPARE(m_tray->messages.last().requestIds, QStringList {later.requestId});
}

void TestTrayController::belowThresholdEachHasItsOwnMessage()
{
    const QList<AccessRequest> rows {makeRequest(1, Kind::Pending), makeRequest(2, Kind::Pending)};
    m_controller->applyChanges(addedSet(rows), rows);
    QCOMPARE(m_tray->messages.size(), 2);
    QCOMPARE(m_tray->messages[0].requestIds, QStringList {rows[0].requestId});
    QCOMPARE(m_tray->messages[1].requestIds, QStringList {rows[1].requestId});

    // A lower threshold batches two.
    TrayController::Options options;
    options.batchThreshold = 2;
    m_controller->setOptions(options);
    const QList<AccessRequest> more {makeRequest(3, Kind::Pending), makeRequest(4, Kind::Pending)};
    m_controller->applyChanges(addedSet(more), more);
    QCOMPARE(m_tray->messages.size(), 3);
    QCOMPARE(m_tray->messages.last().title, u"2 new Lockbox requests"_s);
}

void TestTrayController::initializingToPendingIsNew()
{
    const AccessRequest init = makeRequest(1, Kind::Initializing);
    m_controller->applyChanges(addedSet({init}), {init});
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(m_controller->pendingCount(), 0);

    const AccessRequest pending = withStatus(init, Kind::Pending);
    m_controller->applyChanges(changedSet(pending, Kind::Initializing), {pending});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"New Lockbox request"_s);
    QCOMPARE(m_controller->pendingCount(), 1);
}

void TestTrayController::noRepeatOfTheSameEvent()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->applyChanges(addedSet({r}), {r});
    QCOMPARE(m_tray->messages.size(), 1);

    // A content change of a Pending request (its justification was edited) is not news.
    AccessRequest edited = r;
    edited.justification = u"Edited."_s;
    m_controller->applyChanges(changedSet(edited, Kind::Pending), {edited});
    QCOMPARE(m_tray->messages.size(), 1);

    // Gone, then listed again: told it is gone, but not that it is new a second time.
    ChangeSet removed;
    removed.removed.append(change(r, Kind::Pending));
    m_controller->applyChanges(removed, {});
    QCOMPARE(m_tray->messages.size(), 2);
    m_controller->applyChanges(addedSet({r}), {r});
    QCOMPARE(m_tray->messages.size(), 2);
    QCOMPARE(m_controller->pendingCount(), 1);
}

void TestTrayController::reminderOnceWhenThresholdPassed()
{
    const AccessRequest r = makeRequest(1, Kind::Pending, 13 * kHour);
    m_controller->prime({r});
    QCOMPARE(m_tray->messages.size(), 0);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 0); // 13 h left: outside the 12 h window

    m_clock.advanceSecs(2 * kHour); // 11 h left
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
    const auto &m = m_tray->messages.first();
    QCOMPARE(m.title, u"Lockbox request expires soon"_s);
    QCOMPARE(m.requestIds, QStringList {r.requestId});
    QVERIFY2(m.body.contains(u"Expires in 11 h"_s), qPrintable(m.body));

    m_controller->checkReminders();
    m_clock.advanceSecs(5 * kHour);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestTrayController::primeRemindsOfDueRequestsBatched()
{
    QList<AccessRequest> cache;
    for (int i = 1; i <= 4; ++i)
        cache.append(makeRequest(i, Kind::Pending, (10 - i) * kHour)); // 9, 8, 7, 6 h left
    cache.append(makeRequest(5, Kind::Pending, 30 * kHour));
    cache.append(makeRequest(6, Kind::Pending, -kHour)); // past its expiry, not yet seen as Expired
    m_controller->prime(cache);

    QCOMPARE(m_tray->messages.size(), 1);
    const auto &m = m_tray->messages.first();
    QCOMPARE(m.title, u"4 Lockbox requests expire soon"_s);
    QCOMPARE(m.requestIds.size(), 4);
    // The most urgent first.
    QCOMPARE(m.requestIds.first(), requestId(4));
    QVERIFY(!m.requestIds.contains(requestId(5)));
    QVERIFY(!m.requestIds.contains(requestId(6)));

    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestTrayController::newInsideWindowIsNotRemindedAgain()
{
    const AccessRequest r = makeRequest(1, Kind::Pending, 2 * kHour);
    m_controller->applyChanges(addedSet({r}), {r});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"New Lockbox request"_s);
    m_clock.advanceSecs(kHour);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestTrayController::decidedHereApprovedTellsOnce()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    m_controller->noteDecided(r.requestId, Verdict::Approve);

    m_controller->decisionFinished(
        queuedDecision(r, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approving"_s), QString());
    const AccessRequest approving = withStatus(r, Kind::Approving);
    m_controller->applyChanges(changedSet(approving, Kind::Pending), {approving});
    QCOMPARE(m_tray->messages.size(), 0); // on its way: the message waits for the end
    QCOMPARE(m_controller->pendingCount(), 0);

    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Approving), {approved});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Your approval took effect"_s);
    QCOMPARE(m_tray->messages.first().requestIds, QStringList {r.requestId});
    QVERIFY(m_tray->messages.first().body.contains(u"vm-1"_s));

    // A later change of the same request, and a late acknowledgement, tell nothing more. A
    // failure on another request is the marker that every queued outcome has been shown.
    AccessRequest edited = approved;
    edited.justification = u"changed"_s;
    m_controller->applyChanges(changedSet(edited, Kind::Approved), {edited});
    m_controller->decisionFinished(
        queuedDecision(r, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approved"_s), QString());
    const AccessRequest other = makeRequest(2, Kind::Pending);
    m_controller->decisionFinished(queuedDecision(other, Verdict::Deny, QueuedDecision::State::Failed), u"Forbidden"_s);
    waitForMessages(2);
    QCOMPARE(m_tray->messages.last().title, u"Your denial was not applied"_s);
}

void TestTrayController::decidedHereDeniedFromEarlierRun()
{
    // The decision was queued by an earlier run; the cache already shows Denying.
    const AccessRequest denying = makeRequest(1, Kind::Denying);
    m_controller->prime({denying});
    m_controller->decisionFinished(
        queuedDecision(denying, Verdict::Deny, QueuedDecision::State::Acknowledged, u"Denying"_s), QString());
    const AccessRequest denied = withStatus(denying, Kind::Denied);
    m_controller->applyChanges(changedSet(denied, Kind::Denying), {denied});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Your denial took effect"_s);

    // Acknowledged with the final status straight away: told from the outcome itself.
    const AccessRequest second = makeRequest(2, Kind::Pending);
    m_controller->applyChanges(addedSet({second}), {second});
    QCOMPARE(m_tray->messages.size(), 2);
    m_controller->noteDecided(second.requestId, Verdict::Approve);
    m_controller->decisionFinished(
        queuedDecision(second, Verdict::Approve, QueuedDecision::State::Acknowledged, u"Approved"_s), QString());
    waitForMessages(3);
    QCOMPARE(m_tray->messages.last().title, u"Your approval took effect"_s);
    QCOMPARE(m_tray->messages.last().requestIds, QStringList {second.requestId});
    // The sync that follows does not tell it again.
    const AccessRequest approved = withStatus(second, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Pending), {approved});
    QCOMPARE(m_tray->messages.size(), 3);
    QCOMPARE(m_controller->pendingCount(), 0);
}

void TestTrayController::decidedHereFailedTellsReason()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    m_controller->noteDecided(r.requestId, Verdict::Approve);
    const QString reason = u"Conflict (409): RequestNotPending: the request was already approved by someone else."_s;
    m_controller->decisionFinished(queuedDecision(r, Verdict::Approve, QueuedDecision::State::Failed, u"Approved"_s),
                                   reason);
    waitForMessages(1);
    const auto &m = m_tray->messages.first();
    QCOMPARE(m.title, u"Your approval was not applied"_s);
    QCOMPARE(m.requestIds, QStringList {r.requestId});
    QVERIFY2(m.body.contains(u"already approved by someone else"_s), qPrintable(m.body));
    QVERIFY2(m.body.contains(u"Status now: Approved"_s), qPrintable(m.body));

    // The sync that brings the new status does not tell the same end again.
    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Pending), {approved});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_controller->pendingCount(), 0);
}

void TestTrayController::batchDecisionFailuresMakeOneMessage()
{
    QList<AccessRequest> rows;
    for (int i = 1; i <= 4; ++i)
        rows.append(makeRequest(i, Kind::Pending));
    m_controller->prime(rows);
    for (const AccessRequest &r : std::as_const(rows)) {
        m_controller->noteDecided(r.requestId, Verdict::Deny);
        m_controller->decisionFinished(queuedDecision(r, Verdict::Deny, QueuedDecision::State::Failed, u"Approved"_s),
                                       u"Already approved."_s);
    }
    waitForMessages(1);
    QCOMPARE(m_tray->messages.first().title, u"Updates on 4 Lockbox requests"_s);
    QCOMPARE(m_tray->messages.first().requestIds.size(), 4);
    QVERIFY(m_tray->messages.first().body.startsWith(u"Denial not applied: "_s));
}

void TestTrayController::withdrawnDecisionTellsNothing()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    m_controller->noteDecided(r.requestId, Verdict::Approve);
    m_controller->decisionFinished(queuedDecision(r, Verdict::Approve, QueuedDecision::State::Withdrawn), QString());
    // Then someone else approves it: told as theirs, with no word about ours.
    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Pending), {approved});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Approved by someone else"_s);
    QVERIFY(!m_tray->messages.first().body.contains(u"Your"_s));
}

void TestTrayController::approvedElsewhere()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Pending), {approved});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Approved by someone else"_s);
    QCOMPARE(m_tray->messages.first().requestIds, QStringList {r.requestId});
    QCOMPARE(m_controller->pendingCount(), 0);
}

void TestTrayController::approvingElsewhereTellsOnce()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    const AccessRequest approving = withStatus(r, Kind::Approving);
    m_controller->applyChanges(changedSet(approving, Kind::Pending), {approving});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Approved by someone else"_s);
    const AccessRequest approved = withStatus(r, Kind::Approved);
    m_controller->applyChanges(changedSet(approved, Kind::Approving), {approved});
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestTrayController::deniedElsewhereWhileOursQueued()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    m_controller->prime({r});
    m_controller->noteDecided(r.requestId, Verdict::Approve); // queued, not sent yet (offline)
    const AccessRequest denied = withStatus(r, Kind::Denied);
    m_controller->applyChanges(changedSet(denied, Kind::Pending), {denied});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Denied by someone else"_s);
    QVERIFY2(m_tray->messages.first().body.contains(u"Your approval was not applied."_s),
             qPrintable(m_tray->messages.first().body));
}

void TestTrayController::expiredWithoutDecision()
{
    const AccessRequest r = makeRequest(1, Kind::Pending, 4 * 24 * kHour);
    m_controller->prime({r});
    m_clock.advanceSecs(4 * 24 * kHour + 60);
    const AccessRequest expired = withStatus(r, Kind::Expired);
    m_controller->applyChanges(changedSet(expired, Kind::Pending), {expired});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Expired without a decision"_s);
    QVERIFY(m_tray->messages.first().body.contains(kSubName));
    QCOMPARE(m_controller->pendingCount(), 0);
}

void TestTrayController::removedWhilePending()
{
    const AccessRequest r = makeRequest(1, Kind::Pending);
    const AccessRequest old = makeRequest(2, Kind::Denied);
    m_controller->prime({r, old});
    ChangeSet removed;
    removed.removed.append(change(r, Kind::Pending));
    removed.removed.append(change(old, Kind::Denied)); // history leaving the cache is not news
    m_controller->applyChanges(removed, {});
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Lockbox request no longer listed"_s);
    QCOMPARE(m_tray->messages.first().requestIds, QStringList {r.requestId});
    QVERIFY(m_tray->messages.first().body.contains(u"vm-1"_s));
    QCOMPARE(m_controller->pendingCount(), 0);
}

void TestTrayController::pauseSuppressesAndDoesNotFlood()
{
    const AccessRequest settled = makeRequest(1, Kind::Pending);
    m_controller->prime({settled});
    QSignalSpy paused(m_controller, &TrayController::pausedChanged);
    const int iconsBefore = m_tray->iconUpdates;
    m_controller->pauseUntil(kStart.addSecs(kHour));
    QVERIFY(m_controller->isPaused());
    QCOMPARE(m_controller->pausedUntil(), kStart.addSecs(kHour));
    QCOMPARE(paused.size(), 1);
    QVERIFY(m_tray->iconUpdates > iconsBefore); // the icon shows the pause
    QVERIFY2(m_tray->toolTip.contains(u"Alerts paused until"_s), qPrintable(m_tray->toolTip));

    // While paused: news of every kind, none shown; the count still follows.
    const AccessRequest soon = makeRequest(2, Kind::Pending, 3 * kHour);
    const AccessRequest later = makeRequest(3, Kind::Pending, 3 * 24 * kHour);
    ChangeSet set = addedSet({soon, later});
    const AccessRequest approved = withStatus(settled, Kind::Approved);
    set.changed.append(change(approved, Kind::Pending));
    m_controller->applyChanges(set, {soon, later, approved});
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(m_controller->pendingCount(), 2);
    QVERIFY2(m_tray->toolTip.startsWith(u"2 pending Lockbox request"_s), qPrintable(m_tray->toolTip));

    // The pause runs out: only the reminder still due is shown.
    m_clock.advanceSecs(kHour + 60);
    m_controller->checkReminders();
    QVERIFY(!m_controller->isPaused());
    QCOMPARE(paused.size(), 2);
    QCOMPARE(paused.last().first().toBool(), false);
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().title, u"Lockbox request expires soon"_s);
    QCOMPARE(m_tray->messages.first().requestIds, QStringList {soon.requestId});
    QVERIFY(!m_tray->toolTip.contains(u"paused"_s));

    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestTrayController::resumeShowsOnlyDueReminders()
{
    m_controller->pauseUntil(kStart.addDays(1));
    const AccessRequest soon = makeRequest(1, Kind::Pending, 5 * kHour);
    const AccessRequest later = makeRequest(2, Kind::Pending, 3 * 24 * kHour);
    const AccessRequest gone = makeRequest(3, Kind::Pending, 2 * kHour);
    m_controller->applyChanges(addedSet({soon, later, gone}), {soon, later, gone});
    ChangeSet removed;
    removed.removed.append(change(gone, Kind::Pending));
    m_controller->applyChanges(removed, {});
    // A decision settled while paused is not saved up either.
    m_controller->decisionFinished(queuedDecision(later, Verdict::Approve, QueuedDecision::State::Failed),
                                   u"Forbidden"_s);
    QTest::qWait(TrayController::kOutcomeCollectMsecs * 3);
    QCOMPARE(m_tray->messages.size(), 0);

    m_controller->resume();
    QVERIFY(!m_controller->isPaused());
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().requestIds, QStringList {soon.requestId});
    QCOMPARE(m_tray->messages.first().title, u"Lockbox request expires soon"_s);

    // Pausing again and resuming does not remind twice.
    m_controller->pauseUntil(kStart.addSecs(kHour));
    m_controller->resume();
    QCOMPARE(m_tray->messages.size(), 1);

    // A pause that ends in the past is no pause.
    m_controller->pauseUntil(kStart.addSecs(-60));
    QVERIFY(!m_controller->isPaused());
    QVERIFY(!m_controller->pausedUntil().isValid());
}

void TestTrayController::toolTipAndCountFollow()
{
    QSignalSpy counts(m_controller, &TrayController::pendingCountChanged);
    QCOMPARE(m_tray->toolTip, u"No pending Lockbox requests"_s);
    QVERIFY(!m_tray->lastIcon.isNull());

    const AccessRequest a = makeRequest(1, Kind::Pending);
    m_controller->applyChanges(addedSet({a}), {a});
    QCOMPARE(m_controller->pendingCount(), 1);
    QCOMPARE(m_tray->toolTip, u"1 pending Lockbox request"_s);
    const int icons = m_tray->iconUpdates;

    QList<AccessRequest> more;
    for (int i = 2; i <= 6; ++i)
        more.append(makeRequest(i, Kind::Pending));
    m_controller->applyChanges(addedSet(more), more);
    QCOMPARE(m_controller->pendingCount(), 6);
    QCOMPARE(m_tray->toolTip, u"6 pending Lockbox requests"_s);
    QCOMPARE(m_tray->iconUpdates, icons + 1);

    // A change that leaves the count alone redraws nothing.
    AccessRequest edited = more.first();
    edited.justification = u"x"_s;
    m_controller->applyChanges(changedSet(edited, Kind::Pending), {edited});
    QCOMPARE(m_tray->iconUpdates, icons + 1);

    const AccessRequest expired = withStatus(a, Kind::Expired);
    m_controller->applyChanges(changedSet(expired, Kind::Pending), {expired});
    QCOMPARE(m_controller->pendingCount(), 5);
    QCOMPARE(m_tray->toolTip, u"5 pending Lockbox requests"_s);

    QList<int> seen;
    for (const auto &args : std::as_const(counts))
        seen.append(args.first().toInt());
    QCOMPARE(seen, (QList<int> {1, 6, 5}));
}

void TestTrayController::bodiesArePlainText()
{
    AccessRequest r = makeRequest(1, Kind::Pending);
    r.resourceIds = {u"/subscriptions/x/providers/Microsoft.Compute/virtualMachines/<img src=x onerror=alert(1)>"_s};
    r.resourceType = u"<i>VM</i> & co"_s;
    // A second line and a right-to-left override must not shape the message either.
    r.justification = u"<b>x</b> urgent \u202Etxt.exe\nsecond line"_s;
    m_controller->setSubscriptionNames({{kSub, u"<a href=\"http://evil.example\">Prod</a>"_s}});
    m_controller->applyChanges(addedSet({r}), {r});
    QCOMPARE(m_tray->messages.size(), 1);
    const QString body = m_tray->messages.first().body;

    // The controller hands the tray the text as typed: nothing stripped, nothing interpreted.
    QVERIFY2(body.contains(u"<img src=x onerror=alert(1)>"_s), qPrintable(body));
    QVERIFY2(body.contains(u"<i>VM</i> & co"_s), qPrintable(body));
    QVERIFY2(body.contains(u"<a href=\"http://evil.example\">Prod</a>"_s), qPrintable(body));
    // The override is shown, not obeyed nor hidden: the reader sees someone tried.
    QVERIFY2(body.contains(u"<b>x</b> urgent \\u202Etxt.exe…"_s), qPrintable(body));
    QVERIFY(!body.contains(QChar(0x202E)));
    QVERIFY(!body.contains(u"second line"_s));

    // And the real tray escapes it for a notification server that reads markup.
    const QString platform = SystemTrayNotifier::platformBody(body, true);
    QVERIFY2(platform.contains(u"&lt;b&gt;x&lt;/b&gt; urgent"_s), qPrintable(platform));
    QVERIFY2(platform.contains(u"&lt;img src=x onerror=alert(1)&gt;"_s), qPrintable(platform));
    QVERIFY2(platform.contains(u"&lt;i&gt;VM&lt;/i&gt; &amp; co"_s), qPrintable(platform));
    QVERIFY(!platform.contains(u'<'));
    QVERIFY(!platform.contains(u'>'));
    QCOMPARE(platform.count(u'\n'), body.count(u'\n'));
    // Qt's own balloon shows plain text: there the body goes as it is.
    QCOMPARE(SystemTrayNotifier::platformBody(body, false), body);
}

void TestTrayController::worksWithoutTray()
{
    TrayController bare(nullptr, m_clock);
    QSignalSpy counts(&bare, &TrayController::pendingCountChanged);
    QSignalSpy open(&bare, &TrayController::openRequested);
    const AccessRequest r = makeRequest(1, Kind::Pending, 2 * kHour);
    bare.prime({makeRequest(2, Kind::Pending)});
    bare.applyChanges(addedSet({r}), {r});
    bare.checkReminders();
    bare.decisionFinished(queuedDecision(r, Verdict::Approve, QueuedDecision::State::Failed, u"Approved"_s), u"no"_s);
    QCOMPARE(bare.pendingCount(), 2);
    QCOMPARE(counts.size(), 2);
    QCOMPARE(bare.toolTip(), u"2 pending Lockbox requests"_s);
    QTest::qWait(TrayController::kOutcomeCollectMsecs * 2); // the flush must not touch a missing tray
    QCOMPARE(open.size(), 0);
}

void TestTrayController::trayIconBadge()
{
    QCOMPARE(TrayIcon::badgeText(0), QString());
    QCOMPARE(TrayIcon::badgeText(-3), QString());
    QCOMPARE(TrayIcon::badgeText(1), u"1"_s);
    QCOMPARE(TrayIcon::badgeText(99), u"99"_s);
    QCOMPARE(TrayIcon::badgeText(100), u"99+"_s);
    QCOMPARE(TrayIcon::badgeText(123456), u"99+"_s);
}

void TestTrayController::trayIconRendersEverySize()
{
    const TrayIcon painter;
    QVERIFY(painter.isValid());
    const QIcon icon = painter.pendingIcon(7, false);
    QVERIFY(!icon.isNull());
    QList<int> sizes;
    for (const QSize &s : icon.availableSizes())
        sizes.append(s.width());
    std::sort(sizes.begin(), sizes.end());
    QCOMPARE(sizes, (QList<int> {16, 22, 24, 32, 48, 64}));

    for (const int size : TrayIcon::kSizes) {
        const QImage plain = painter.render(size, 0, false);
        const QImage badged = painter.render(size, 7, false);
        const QImage many = painter.render(size, 250, false);
        const QImage paused = painter.render(size, 0, true);
        QCOMPARE(plain.size(), QSize(size, size));
        // The shield itself is drawn (its centre is opaque), and every state looks different.
        QVERIFY(qAlpha(plain.pixel(size / 2, size / 2)) > 200);
        QVERIFY(plain != badged);
        QVERIFY(badged != many);
        QVERIFY(plain != paused);
        // The badge sits in the bottom-right corner, where the plain icon is empty or shield edge.
        QVERIFY(badged.pixel(size - 2, size - size / 4) != plain.pixel(size - 2, size - size / 4));
    }

    // A missing SVG gives a null icon rather than an empty square.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Cannot open file"_s));
    const TrayIcon missing(u":/icons/does-not-exist.svg"_s);
    QVERIFY(!missing.isValid());
    QVERIFY(missing.pendingIcon(3, false).isNull());
}

void TestTrayController::noticesNameTheirSlotAndUrgency()
{
    using lockbox::gui::Notice;
    // Plenty of time left: normal; less than 12 hours: critical. Pending requests can be
    // reminded of later; a request's notices share its slot, so its end replaces its news.
    const AccessRequest calm = makeRequest(1, Kind::Pending, 3 * 24 * kHour);
    m_controller->applyChanges(addedSet({calm}), {calm});
    const AccessRequest hurry = makeRequest(2, Kind::Pending, 11 * kHour);
    m_controller->applyChanges(addedSet({hurry}), {hurry});
    QCOMPARE(m_tray->messages.size(), 2);
    QCOMPARE(m_tray->messages[0].slot, u"request:"_s + calm.requestId.toLower());
    QCOMPARE(m_tray->messages[0].urgency, Notice::Urgency::Normal);
    QVERIFY(m_tray->messages[0].remindable);
    QCOMPARE(m_tray->messages[1].urgency, Notice::Urgency::Critical);

    const AccessRequest elsewhere = withStatus(calm, Kind::Approved);
    m_controller->applyChanges(changedSet(elsewhere, Kind::Pending), {elsewhere});
    QCOMPARE(m_tray->messages.size(), 3);
    QCOMPARE(m_tray->messages[2].title, u"Approved by someone else"_s);
    QCOMPARE(m_tray->messages[2].slot, m_tray->messages[0].slot);
    QCOMPARE(m_tray->messages[2].urgency, Notice::Urgency::Normal);
    QVERIFY(!m_tray->messages[2].remindable);

    // A batch has the slot of its group, and is urgent when any of its requests is.
    QList<AccessRequest> many;
    for (int i = 10; i < 14; ++i)
        many.append(makeRequest(i, Kind::Pending, i == 13 ? 5 * kHour : 3 * 24 * kHour));
    m_controller->applyChanges(addedSet(many), many);
    QCOMPARE(m_tray->messages.size(), 4);
    QCOMPARE(m_tray->messages[3].slot, u"batch:new"_s);
    QCOMPARE(m_tray->messages[3].urgency, Notice::Urgency::Critical);
    QCOMPARE(m_tray->messages[3].requestIds.size(), 4);
    QVERIFY(m_tray->messages[3].remindable);

    // The count goes to the dock's badge too.
    QCOMPARE(m_tray->pendingCount, 5);
}

void TestTrayController::remindLaterRemindsOnceAnHourOn()
{
    const AccessRequest r = makeRequest(1, Kind::Pending, 3 * 24 * kHour);
    const AccessRequest other = makeRequest(2, Kind::Pending, 3 * 24 * kHour);
    m_controller->applyChanges(addedSet({r}), {r});
    m_controller->applyChanges(addedSet({other}), {other});
    QCOMPARE(m_tray->messages.size(), 2);

    // "Remind me in 1 hour" on the first: nothing before the hour, a reminder at it, once.
    m_tray->messages.removeLast();
    m_tray->remindLastMessage();
    m_clock.advanceSecs(TrayController::kRemindLaterSecs - 60);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 1);
    m_clock.advanceSecs(61);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 2);
    QCOMPARE(m_tray->messages[1].title, u"Lockbox request expires soon"_s);
    QCOMPARE(m_tray->messages[1].requestIds, QStringList {r.requestId});
    QVERIFY(m_tray->messages[1].remindable);
    m_clock.advanceSecs(TrayController::kRemindLaterSecs);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), 2);

    // A request decided before its hour is not reminded of.
    m_tray->remindLastMessage();
    const AccessRequest denied = withStatus(r, Kind::Denied);
    m_controller->applyChanges(changedSet(denied, Kind::Pending), {denied});
    const int told = int(m_tray->messages.size());
    m_clock.advanceSecs(2 * TrayController::kRemindLaterSecs);
    m_controller->checkReminders();
    QCOMPARE(m_tray->messages.size(), told);
}

void TestTrayController::settingsAndQuietHours()
{
    lockbox::engine::AlertSettings settings;
    settings.newRequests = false;
    settings.reminderBeforeSecs = 2 * kHour;
    m_controller->setAlertSettings(settings);
    QCOMPARE(m_controller->options().reminderBeforeSec, 2 * kHour);
    const AccessRequest r = makeRequest(1, Kind::Pending, 10 * kHour);
    m_controller->applyChanges(addedSet({r}), {r});
    QCOMPARE(m_tray->messages.size(), 0);
    QCOMPARE(m_controller->pendingCount(), 1);

    // Quiet now: the tooltip says until when; what comes up is told as they end.
    const QTime now = m_clock.now().toLocalTime().time();
    settings.newRequests = true;
    settings.quietFrom = QTime(now.hour(), 0);
    settings.quietUntil = settings.quietFrom.addSecs(2 * 3600);
    QSignalSpy quiet(m_controller, &TrayController::quietChanged);
    m_controller->setAlertSettings(settings);
    QVERIFY(m_controller->isQuiet());
    QCOMPARE(quiet.size(), 1);
    QVERIFY2(m_tray->toolTip.contains(u"Quiet hours until"_s), qPrintable(m_tray->toolTip));
    const AccessRequest fresh = makeRequest(2, Kind::Pending);
    m_controller->applyChanges(addedSet({fresh}), {fresh});
    QCOMPARE(m_tray->messages.size(), 0);
    m_clock.set(m_controller->quietUntil().addSecs(1));
    m_controller->checkReminders();
    QVERIFY(!m_controller->isQuiet());
    QVERIFY(!m_tray->toolTip.contains(u"Quiet hours"_s));
    QCOMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages[0].requestIds, QStringList {fresh.requestId});
}

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
