// DecisionController: the decision dialog (one at a time, requests with a live decision left out,
// the subscriptions' names), the live queue that the model and the window's actions follow, and
// what the window is told when a decision is queued, refused or settled. The engine is never
// started: the test speaks for it by emitting its signals.

#include "guitestkit.h"
#include "idleengine.h"

#include "core/queueddecision.h"
#include "gui/decisioncontroller.h"
#include "gui/decisiondialog.h"
#include "gui/guiresources.h"
#include "gui/plaintextlabel.h"
#include "gui/requestpresentation.h"
#include "gui/requesttablemodel.h"
#include "gui/traycontroller.h"
#include "support/requestbuilder.h"

#include <QAbstractItemModelTester>
#include <QListWidget>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::QueuedDecision;
using lockbox::Verdict;
using lockbox::gui::DecisionController;
using lockbox::gui::DecisionDialog;
using lockbox::gui::PlainTextLabel;
using lockbox::gui::RequestTableModel;
using lockbox::gui::TrayController;
using lockbox::test::child;
using lockbox::test::IdleEngine;
using lockbox::test::makeRequest;
using Kind = lockbox::RequestStatus::Kind;
using State = lockbox::QueuedDecision::State;

namespace {

const QString kSub = u"00000000-0000-0000-0000-0000000000d1"_s;

// What the controller reads of a decision: its request, verdict and state.
QueuedDecision decision(const AccessRequest &r, Verdict verdict, State state)
{
    QueuedDecision d;
    d.requestId = r.requestId;
    d.verdict = verdict;
    d.state = state;
    return d;
}

} // namespace

class TestDecisionController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void liveQueueReachesTheModelAndTheActions();
    void dialogLeavesOutWhatWasDecidedHere();
    void oneDialogAtATime();
    void dialogNamesTheSubscription();
    void whatTheWindowIsTold();
    void theOpenDialogFollowsTheCache();

private:
    lockbox::engine::Engine *engine() const { return m_idle->engine(); }
    QVariant queuedVerdict(const AccessRequest &r) const
    {
        return m_model->index(m_model->rowOf(r.requestId), 0).data(RequestTableModel::QueuedVerdictRole);
    }

    std::unique_ptr<IdleEngine> m_idle; // a profile, a clock and an engine of its own for each test
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<QWidget> m_window;
    DecisionController *m_decisions = nullptr; // a child of m_window
    AccessRequest m_pending1;
    AccessRequest m_pending2;
    AccessRequest m_approved;
};

void TestDecisionController::initTestCase()
{
    lockbox::gui::initResources();
    qRegisterMetaType<DecisionDialog *>();
}

void TestDecisionController::init()
{
    m_idle = std::make_unique<IdleEngine>();
    m_model = std::make_unique<RequestTableModel>(m_idle->clock());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_pending1 = makeRequest(kSub, 1, Kind::Pending, m_idle->clock().now().addSecs(-3600));
    m_pending2 = makeRequest(kSub, 2, Kind::Pending, m_idle->clock().now().addSecs(-3600));
    m_approved = makeRequest(kSub, 3, Kind::Approved, m_idle->clock().now().addSecs(-3600));
    m_model->setRequests({m_pending1, m_pending2, m_approved});
    m_tray = std::make_unique<TrayController>(nullptr, m_idle->clock());
    m_window = std::make_unique<QWidget>();
    m_decisions = new DecisionController(m_idle->host(), m_model.get(), m_tray.get(), m_idle->clock(), m_window.get());
}

void TestDecisionController::cleanup()
{
    m_window.reset(); // and the controller and its dialogs with it
    m_decisions = nullptr;
    m_tray.reset();
    m_tester.reset();
    m_model.reset();
    m_idle.reset();
}

void TestDecisionController::liveQueueReachesTheModelAndTheActions()
{
    QSignalSpy changed(m_decisions, &DecisionController::queueChanged);
    QVERIFY(m_decisions->canDecide(m_pending1.requestId));
    QVERIFY(!m_decisions->canDecide(m_approved.requestId)); // no longer Pending
    QVERIFY(!m_decisions->canDecide(u"not-in-the-table"_s));

    Q_EMIT engine()->queueChanged(
        {decision(m_pending1, Verdict::Approve, State::Queued), decision(m_pending2, Verdict::Deny, State::Sending)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_decisions->liveCount(), 2);
    QCOMPARE(queuedVerdict(m_pending1), QVariant(int(Verdict::Approve)));
    QVERIFY(!m_decisions->canDecide(m_pending1.requestId));
    QVERIFY(!m_decisions->canDecide(m_pending2.requestId));
    QVERIFY(m_decisions->canWithdraw(m_pending1.requestId));
    QVERIFY(m_decisions->canWithdraw(m_pending1.requestId.toUpper())); // ids are case-insensitive
    QVERIFY(!m_decisions->canWithdraw(m_pending2.requestId));          // being sent: too late
    QCOMPARE(m_decisions->liveDecision(m_pending2.requestId)->state, State::Sending);
    QVERIFY(!m_decisions->liveDecision(m_approved.requestId));

    Q_EMIT engine()->queueChanged({});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(m_decisions->liveCount(), 0);
    QVERIFY(!queuedVerdict(m_pending1).isValid());
    QVERIFY(m_decisions->canDecide(m_pending1.requestId));
    QVERIFY(!m_decisions->canWithdraw(m_pending1.requestId));
}

void TestDecisionController::dialogLeavesOutWhatWasDecidedHere()
{
    Q_EMIT engine()->queueChanged({decision(m_pending1, Verdict::Approve, State::Queued)});
    QSignalSpy opened(m_decisions, &DecisionController::dialogOpened);

    m_decisions->decide(Verdict::Deny, {m_pending1.requestId});
    QCOMPARE(opened.size(), 0); // already decided here: withdraw it first

    m_decisions->decide(Verdict::Approve,
                        {m_pending1.requestId, m_pending2.requestId, m_approved.requestId, u"not-in-the-table"_s});
    QCOMPARE(opened.size(), 1);
    auto *dialog = opened.first().first().value<DecisionDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->parentWidget(), m_window.get());
    QCOMPARE(dialog->verdict(), Verdict::Approve);
    QCOMPARE(dialog->windowTitle(), u"Approve 2 Lockbox requests"_s); // pending2 and the approved one
    QCOMPARE(dialog->requestIds(), QStringList {m_pending2.requestId});
    QVERIFY(dialog->isVisible());
}

void TestDecisionController::oneDialogAtATime()
{
    QSignalSpy opened(m_decisions, &DecisionController::dialogOpened);
    m_decisions->decide(Verdict::Approve, {m_pending1.requestId});
    QCOMPARE(opened.size(), 1);
    QPointer<DecisionDialog> first = opened.first().first().value<DecisionDialog *>();

    m_decisions->decide(Verdict::Deny, {m_pending2.requestId});
    QCOMPARE(opened.size(), 2);
    auto *second = opened.last().first().value<DecisionDialog *>();
    QCOMPARE(second->verdict(), Verdict::Deny);
    QTRY_VERIFY(!first); // closed, and deleted once closed
    QVERIFY(second->isVisible());
}

void TestDecisionController::dialogNamesTheSubscription()
{
    m_decisions->setSubscriptionNames({{kSub, u"Contoso Production"_s}});
    QSignalSpy opened(m_decisions, &DecisionController::dialogOpened);
    m_decisions->decide(Verdict::Approve, {m_pending1.requestId});
    QCOMPARE(opened.size(), 1);
    auto *dialog = opened.first().first().value<DecisionDialog *>();
    auto *subscription = child<PlainTextLabel>(*dialog, u"subscriptionValue"_s);
    QVERIFY(subscription);
    QVERIFY2(subscription->text().contains(u"Contoso Production"_s), qPrintable(subscription->text()));
}

void TestDecisionController::whatTheWindowIsTold()
{
    QSignalSpy messages(m_decisions, &DecisionController::message);
    QSignalSpy status(m_decisions, &DecisionController::statusMessage);
    // Each message names the request by its resource and subscription, as the table shows them.
    m_decisions->setSubscriptionNames({{kSub, u"Contoso Production"_s}});
    const QString first = u"vm-1 (Contoso Production)"_s;
    QCOMPARE(lockbox::gui::RequestPresentation::resourceText(m_pending1.resourceIds), u"vm-1"_s);

    Q_EMIT engine()->decisionQueued(decision(m_pending1, Verdict::Approve, State::Queued));
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.last().at(0).toString(), u"Approval of %1 queued; sending…"_s.arg(first));
    QCOMPARE(status.last().at(1).toInt(), 4000);

    Q_EMIT engine()->decisionRefused(m_pending2.requestId, u"The sign-in was cancelled."_s);
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.last().at(0).toString(), u"Request for vm-2 (Contoso Production): The sign-in was cancelled."_s);
    QCOMPARE(messages.last().at(1).toBool(), true);

    Q_EMIT engine()->decisionFinished(decision(m_pending1, Verdict::Deny, State::Acknowledged), QString());
    QCOMPARE(status.last().at(0).toString(), u"Denial of %1 accepted by Azure."_s.arg(first));
    QCOMPARE(status.last().at(1).toInt(), 6000);

    Q_EMIT engine()->decisionFinished(decision(m_pending1, Verdict::Approve, State::Failed), u"409 Conflict"_s);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.last().at(0).toString(), u"Approval of %1 failed: 409 Conflict"_s.arg(first));
    QCOMPARE(messages.last().at(1).toBool(), true);

    Q_EMIT engine()->decisionFinished(decision(m_pending1, Verdict::Approve, State::Sending), u"timed out"_s);
    QCOMPARE(status.size(), 3);
    QCOMPARE(status.last().at(0).toString(),
             u"Approval of %1 stays queued: timed out. It will be sent when Azure can be reached."_s.arg(first));
    QCOMPARE(status.last().at(1).toInt(), 8000);

    // A request the window no longer holds is named by its id.
    QueuedDecision gone = decision(m_pending1, Verdict::Deny, State::Acknowledged);
    gone.requestId = u"0c0ffee0-0000-4000-8000-000000000000"_s;
    Q_EMIT engine()->decisionFinished(gone, QString());
    QCOMPARE(status.last().at(0).toString(),
             u"Denial of request 0c0ffee0-0000-4000-8000-000000000000 accepted by Azure."_s);
    QCOMPARE(status.size(), 4);

    Q_EMIT engine()->decisionFinished(decision(m_pending1, Verdict::Approve, State::Withdrawn), QString());
    QCOMPARE(status.size(), 4);
    QCOMPARE(messages.size(), 2);
}

void TestDecisionController::theOpenDialogFollowsTheCache()
{
    // No dialog open: a change set is nothing to the controller.
    Q_EMIT engine()->requestsChanged({}, {m_pending1});

    m_decisions->setSubscriptionNames({{kSub, u"Contoso Production"_s}});
    QSignalSpy opened(m_decisions, &DecisionController::dialogOpened);
    m_decisions->decide(Verdict::Approve, {m_pending1.requestId, m_pending2.requestId});
    QCOMPARE(opened.size(), 1);
    QPointer<DecisionDialog> dialog = opened.first().first().value<DecisionDialog *>();
    dialog->setArmDelay(200);
    QTRY_VERIFY(child<QAbstractButton>(*dialog, u"confirmButton"_s)->isEnabled());

    // A sync widens pending1 to its whole subscription.
    AccessRequest wider = m_pending1;
    wider.resourceIds << u"/subscriptions/"_s + kSub;
    lockbox::ChangeSet changes;
    changes.changed.append(lockbox::test::changeOf(wider, wider.status));
    Q_EMIT engine()->requestsChanged(changes, {wider});
    auto *list = child<QListWidget>(*dialog, u"batchList"_s);
    QVERIFY2(list->item(0)->text().startsWith(u"Changed on the server"_s), qPrintable(list->item(0)->text()));
    QVERIFY(!child<QAbstractButton>(*dialog, u"confirmButton"_s)->isEnabled()); // armed again, and asks more
    QCOMPARE(dialog->decidableRequests().constFirst(), wider);                  // what the decision will be bound to

    // pending2 leaves the cache: left out.
    lockbox::ChangeSet removal;
    removal.removed.append(lockbox::test::changeOf(m_pending2, m_pending2.status));
    Q_EMIT engine()->requestsChanged(removal, {});
    QCOMPARE(dialog->requestIds(), QStringList {m_pending1.requestId});

    // The refusal of a decision on what changed reaches the window in words.
    QSignalSpy messages(m_decisions, &DecisionController::message);
    const QString why = u"vm-1 changed on the server since you reviewed it; nothing was sent. Review it again."_s;
    Q_EMIT engine()->decisionFinished(decision(m_pending1, Verdict::Approve, State::Failed), why);
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.last().at(0).toString(), u"Approval of vm-1 (Contoso Production) failed: "_s + why);
}

QTEST_MAIN(TestDecisionController)
#include "tst_decisioncontroller.moc"
