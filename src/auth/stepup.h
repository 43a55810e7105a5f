#pragma once

#include "account.h"
#include "autherror.h"
#include "browserflow.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace lockbox {

class RefreshingTokenProvider;

// Sign in again before an Approve (a setting, off by default): a browser sign-in for the same
// user that asks for max_age and insists that the returned auth_time is that recent. On success
// the fresh token (and its refresh token) replace the provider's, so the decision goes out with
// it. The GUI opens the browser on authorizeUrlReady, as for any browser sign-in.
class StepUp final : public QObject
{
    Q_OBJECT

public:
    // Five minutes: long enough to type a password, short enough to mean "just now".
    static constexpr int kDefaultMaxAgeSec = 300;

    // The browser flow options of a step-up for `account`.
    static BrowserFlow::Options flowOptions(const Account &account, int maxAgeSec = kDefaultMaxAgeSec);

    // `provider` (not owned) receives the fresh token; it may be null.
    StepUp(QNetworkAccessManager *manager, const Account &account, RefreshingTokenProvider *provider,
           int maxAgeSec = kDefaultMaxAgeSec, QObject *parent = nullptr);
    ~StepUp() override;

    void start();
    void cancel();
    BrowserFlow *flow() const { return m_flow; }

Q_SIGNALS:
    void authorizeUrlReady(const QUrl &url);
    void passed();
    void failed(const lockbox::AuthError &error);

private:
    void onFinished(const Token &token);

    Account m_account;
    QPointer<RefreshingTokenProvider> m_provider;
    BrowserFlow *m_flow;
};

} // namespace lockbox
