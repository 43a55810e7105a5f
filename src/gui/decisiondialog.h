#pragma once

#include "core/accessrequest.h"
#include "core/decision.h"

#include <QDialog>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <memory>

class QPushButton;

namespace lockbox {
class Clock;
}

namespace lockbox::gui {

namespace Ui {
class DecisionDialog;
}

// Asks the user to confirm an approval or a denial of one request, or of a multi-selection
// (each still its own decision; one reason for all). It only collects the verdict, the reason
// and the ids: the caller queues the decisions.
//
// A confirmation must be deliberate: Cancel is the default button and has focus at open; the
// confirming button is enabled only after the dialog has been visible for the arm delay (again
// after the window was switched away from and back), never answers Enter/Return, and responds to a
// click or its mnemonic. Requests that are no longer Pending, or whose expiry passed, are shown
// with a warning and left out. The dialog never raises or activates itself: open it only from a
// user action. Until it arms, the confirming button counts down the seconds left ("Approve (2)").
//
// Every value wraps to the dialog's width (ids and URLs break after '/', '-', '.'), each resource
// shows its own name before its full id, and the dialog is never taller than kMaxHeight: what does
// not fit scrolls vertically inside it. A batch lists, for each request, every field that decides
// what is granted: every resource id in full, the subscription's name and id, type, access level,
// duration, time left and the justification.
//
// A second confirmation is asked for when more than kConfirmCountAbove requests would be decided
// at once (the number of requests typed) and before approving access to a whole subscription (a
// resource id that is just "/subscriptions/<id>": a box to tick). The confirming button stays
// disabled until it is given, and the arm delay still applies.
//
// The dialog follows the cache while it is open (updateRequests, removeRequests): a request that
// changed or left is marked, the second confirmation is cleared and the arm delay starts again.
// decidableRequests() is what the user saw last, and what the decisions are bound to.
class DecisionDialog final : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kDefaultArmDelayMs = 1500;
    // The tallest the dialog opens, so that it fits a 1280 × 800 screen with its panels.
    static constexpr int kMaxHeight = 720;
    // The resources and justification boxes grow with their text up to these heights, then scroll.
    static constexpr int kMaxResourcesHeight = 180;
    static constexpr int kMaxJustificationHeight = 160;
    // Deciding more requests than this at once needs their number typed.
    static constexpr int kConfirmCountAbove = 10;

    // A resource id naming a whole subscription ("/subscriptions/<id>", any case, a trailing '/').
    static bool isWholeSubscription(const QString &resourceId);

    DecisionDialog(Verdict verdict, const QList<AccessRequest> &requests,
                   const QHash<QString, QString> &subscriptionNames, const Clock &clock, QWidget *parent = nullptr);
    ~DecisionDialog() override;

    Verdict verdict() const { return m_verdict; }
    // The reason as typed, without surrounding whitespace.
    QString reason() const;
    // The requests this dialog decides: those still Pending and not past their expiry, in the
    // order given.
    QStringList requestIds() const { return m_decidableIds; }
    // The same requests as the dialog shows them now: what each decision is bound to.
    QList<AccessRequest> decidableRequests() const;

    // A sync brought the current content of some requests (others are ignored). Those shown here
    // whose content differs are replaced and marked as changed, and the confirmation starts over.
    void updateRequests(const QList<AccessRequest> &rows);
    // Requests the cache no longer holds: marked and left out; the confirmation starts over.
    void removeRequests(const QStringList &requestIds);

    // How long the dialog must be visible before the confirming button can be used.
    void setArmDelay(int ms);
    int armDelay() const { return m_armTimer.interval(); }
    // The arm delay has passed since the dialog was shown (or last changed): the confirming
    // button is usable once everything else it asks for is given.
    bool isArmed() const { return m_armed; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isBatch() const { return m_requests.size() != 1; }
    void fillSingle(const AccessRequest &request);
    void fillResources(const QStringList &resourceIds);
    // The resources and justification boxes as tall as their wrapped text, within their limits.
    void fitBoxes();
    // The dialog's first size: its content's height, at most kMaxHeight and the screen's.
    void fitToScreen();
    void startArming();
    // Re-evaluates which requests can still be decided (expiry moves with the clock) and the
    // texts that depend on time.
    void refresh();
    void rebuildBatchList(const QStringList &excludedReasons);
    // The second confirmation's texts and visibility for the requests decidable now.
    void updateSecondConfirmation();
    bool secondConfirmationGiven() const;
    // After a change while open: the second confirmation is cleared and arming starts again.
    void startOver();
    void updateConfirmButton();
    void confirm();
    qsizetype indexOf(const QString &requestId) const;

    std::unique_ptr<Ui::DecisionDialog> m_ui;
    const Verdict m_verdict;
    QList<AccessRequest> m_requests;
    QList<bool> m_changed;             // per request: its content changed while the dialog was open
    QList<bool> m_removed;             // per request: it left the cache while the dialog was open
    QHash<QString, qsizetype> m_index; // lower-case request id → position
    const QHash<QString, QString> m_subscriptionNames;
    const Clock &m_clock;
    QPushButton *m_confirmButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QTimer m_armTimer;
    QTimer m_countdownTimer; // redraws the seconds left on the confirming button while arming
    QTimer m_refreshTimer;
    QString m_confirmText; // the confirming button's text without the countdown
    bool m_armed = false;
    bool m_refreshedOnce = false;
    bool m_fitted = false;
    bool m_countNeeded = false; // the number of requests must be typed
    bool m_scopeNeeded = false; // access to a whole subscription must be ticked
    QStringList m_decidableIds;
    QUrl m_caseUrl; // the single request's support case link, when it is https
};

} // namespace lockbox::gui
