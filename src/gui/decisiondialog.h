#pragma once

#include "core/accessrequest.h"
#include "core/decision.h"

#include <QDialog>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimer>

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
// not fit scrolls vertically inside it.
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

    DecisionDialog(Verdict verdict, const QList<AccessRequest> &requests,
                   const QHash<QString, QString> &subscriptionNames, const Clock &clock, QWidget *parent = nullptr);
    ~DecisionDialog() override;

    Verdict verdict() const { return m_verdict; }
    // The reason as typed, without surrounding whitespace.
    QString reason() const;
    // The requests this dialog decides: those still Pending and not past their expiry, in the
    // order given.
    QStringList requestIds() const { return m_decidableIds; }

    // How long the dialog must be visible before the confirming button can be used.
    void setArmDelay(int ms);
    int armDelay() const { return m_armTimer.interval(); }

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
    void updateConfirmButton();
    void confirm();

    std::unique_ptr<Ui::DecisionDialog> m_ui;
    const Verdict m_verdict;
    const QList<AccessRequest> m_requests;
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
    QStringList m_decidableIds;
};

} // namespace lockbox::gui
