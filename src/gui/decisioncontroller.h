#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

class DecisionDialog;
class EngineHost;
class RequestTableModel;
class TrayController;

// Owns the decisions made from the window: the DecisionDialog (one at a time; a request with a
// decision already queued here is left out), withdrawing decisions still queued, the live queue
// (decisions queued or being sent, by request id) that the table, the actions and the details
// follow, and what the window says when a decision is queued, refused or settled. The open dialog
// follows the engine's change sets, and each decision is bound to the request as it showed it.
class DecisionController final : public QObject
{
    Q_OBJECT

public:
    // `window`: the dialog's parent, and this object's.
    DecisionController(EngineHost *engine, RequestTableModel *model, TrayController *tray, const Clock &clock,
                       QWidget *window);
    ~DecisionController() override;

    // Opens the decision dialog for `requestIds` (closing one still open); the engine queues the
    // decisions once the user confirms.
    void decide(Verdict verdict, const QStringList &requestIds);
    // Withdraws the decisions of `requestIds` that are still queued (not being sent).
    void withdrawQueued(const QStringList &requestIds);
    // What the dialog calls each subscription.
    void setSubscriptionNames(const QHash<QString, QString> &idToName) { m_subscriptionNames = idToName; }

    // The decision queued or being sent for the request, if any.
    std::optional<QueuedDecision> liveDecision(const QString &requestId) const;
    // The request can be decided and has no live decision.
    bool canDecide(const QString &requestId) const;
    // The request's decision is queued and can still be withdrawn.
    bool canWithdraw(const QString &requestId) const;
    int liveCount() const { return int(m_live.size()); }

Q_SIGNALS:
    void dialogOpened(lockbox::gui::DecisionDialog *dialog);
    // The live queue changed (the model already shows it).
    void queueChanged();
    // For the window's message banner (a failure, a refusal) and its status bar (progress).
    void message(const QString &text, bool warning);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void onQueueChanged(const QList<QueuedDecision> &live);
    void onDecisionFinished(const QueuedDecision &decision, const QString &errorText);
    void onRequestsChanged(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // "vm-sap-app-uat-07 (Contoso Energy – Production)": which request a message is about.
    QString describe(const QString &requestId) const;

    EngineHost *m_engine;
    RequestTableModel *m_model;
    TrayController *m_tray;
    const Clock &m_clock;
    QWidget *m_window;
    QHash<QString, QString> m_subscriptionNames;
    QHash<QString, QueuedDecision> m_live; // by lower-case request id
    QPointer<DecisionDialog> m_dialog;
};

} // namespace lockbox::gui
