#include "decisioncontroller.h"

#include "decisiondialog.h"
#include "enginehost.h"
#include "requestpresentation.h"
#include "requesttablemodel.h"
#include "traycontroller.h"

#include "engine/engine.h"

#include <QWidget>

namespace lockbox::gui {

DecisionController::DecisionController(EngineHost *engine, RequestTableModel *model, TrayController *tray,
                                       const Clock &clock, QWidget *window)
    : QObject(window)
    , m_engine(engine)
    , m_model(model)
    , m_tray(tray)
    , m_clock(clock)
    , m_window(window)
{
    engine::Engine *w = engine->worker();
    connect(w, &engine::Engine::queueChanged, this, &DecisionController::onQueueChanged);
    connect(w, &engine::Engine::decisionQueued, this, [this](const QueuedDecision &d) {
        m_tray->noteDecided(d.requestId, d.verdict);
        const QString subject = describe(d.requestId);
        Q_EMIT statusMessage(d.verdict == Verdict::Approve ? tr("Approval of %1 queued; sending…").arg(subject)
                                                           : tr("Denial of %1 queued; sending…").arg(subject),
                             4000);
    });
    connect(w, &engine::Engine::decisionRefused, this, [this](const QString &id, const QString &text) {
        Q_EMIT message(tr("Request for %1: %2").arg(describe(id), text), true);
    });
    connect(w, &engine::Engine::decisionFinished, this, &DecisionController::onDecisionFinished);
    // The dialog is not a snapshot: what a sync (or another process) changes reaches it.
    connect(w, &engine::Engine::requestsChanged, this, &DecisionController::onRequestsChanged);
}

DecisionController::~DecisionController() = default;

void DecisionController::decide(Verdict verdict, const QStringList &requestIds)
{
    QList<AccessRequest> requests;
    for (const QString &id : requestIds) {
        if (m_live.contains(id.toLower()))
            continue; // already decided here; withdraw it first
        if (auto r = m_model->request(id))
            requests.append(*r);
    }
    if (requests.isEmpty())
        return;
    if (m_dialog)
        m_dialog->close();
    auto *dialog = new DecisionDialog(verdict, requests, m_subscriptionNames, m_clock, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    // Each decision is bound to the request as the dialog showed it last.
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, verdict] { m_engine->decide(dialog->decidableRequests(), verdict, dialog->reason()); });
    Q_EMIT dialogOpened(dialog);
    dialog->open();
}

void DecisionController::onRequestsChanged(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    if (!m_dialog)
        return;
    m_dialog->updateRequests(rows);
    QStringList removed;
    removed.reserve(changes.removed.size());
    for (const RequestChange &change : changes.removed)
        removed.append(change.requestId);
    if (!removed.isEmpty())
        m_dialog->removeRequests(removed);
}

void DecisionController::withdrawQueued(const QStringList &requestIds)
{
    for (const QString &id : requestIds) {
        if (canWithdraw(id))
            m_engine->withdraw(id);
    }
}

std::optional<QueuedDecision> DecisionController::liveDecision(const QString &requestId) const
{
    const auto live = m_live.find(requestId.toLower());
    return live == m_live.end() ? std::nullopt : std::optional<QueuedDecision>(*live);
}

bool DecisionController::canDecide(const QString &requestId) const
{
    const auto request = m_model->request(requestId);
    return request && request->status.isDecidable() && !m_live.contains(requestId.toLower());
}

bool DecisionController::canWithdraw(const QString &requestId) const
{
    const auto live = m_live.find(requestId.toLower());
    return live != m_live.end() && live->state == QueuedDecision::State::Queued;
}

void DecisionController::onQueueChanged(const QList<QueuedDecision> &live)
{
    m_live.clear();
    for (const QueuedDecision &d : live)
        m_live.insert(d.requestId.toLower(), d);
    m_model->setQueuedDecisions(live);
    Q_EMIT queueChanged();
}

void DecisionController::onDecisionFinished(const QueuedDecision &decision, const QString &errorText)
{
    m_tray->decisionFinished(decision, errorText);
    const bool approve = decision.verdict == Verdict::Approve;
    const QString subject = describe(decision.requestId);
    switch (decision.state) {
    case QueuedDecision::State::Acknowledged:
        Q_EMIT statusMessage(approve ? tr("Approval of %1 accepted by Azure.").arg(subject)
                                     : tr("Denial of %1 accepted by Azure.").arg(subject),
                             6000);
        break;
    case QueuedDecision::State::Failed:
        Q_EMIT message(approve ? tr("Approval of %1 failed: %2").arg(subject, errorText)
                               : tr("Denial of %1 failed: %2").arg(subject, errorText),
                       true);
        break;
    case QueuedDecision::State::Queued:
    case QueuedDecision::State::Sending:
        Q_EMIT statusMessage(approve ? tr("Approval of %1 stays queued: %2. It will be sent when Azure can be reached.")
                                           .arg(subject, errorText)
                                     : tr("Denial of %1 stays queued: %2. It will be sent when Azure can be reached.")
                                           .arg(subject, errorText),
                             8000);
        break;
    case QueuedDecision::State::Withdrawn:
        break;
    }
}

QString DecisionController::describe(const QString &requestId) const
{
    // The resource and the subscription, as the table shows them; the id when the request is gone.
    const auto request = m_model->request(requestId);
    if (!request)
        return tr("request %1").arg(RequestPresentation::singleLine(requestId, 80));
    const QString name = m_subscriptionNames.value(request->subscriptionId.toLower(),
                                                   m_subscriptionNames.value(request->subscriptionId));
    const QString subscription = RequestPresentation::singleLine(name.isEmpty() ? request->subscriptionId : name, 80);
    const QString resource = RequestPresentation::resourceText(request->resourceIds);
    if (resource.isEmpty())
        return tr("request %1 (%2)").arg(RequestPresentation::singleLine(requestId, 80), subscription);
    return tr("%1 (%2)").arg(resource, subscription);
}

} // namespace lockbox::gui
