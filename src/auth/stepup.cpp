#include "stepup.h"

#include "authlogging.h"
#include "refreshingtokenprovider.h"

namespace lockbox {

BrowserFlow::Options StepUp::flowOptions(const Account &account, int maxAgeSec)
{
    BrowserFlow::Options options;
    options.cloud = account.cloud;
    options.tenant = account.tokenTenant();
    options.clientId = account.clientId.isEmpty() ? Cloud::defaultClientId() : account.clientId;
    options.maxAgeSec = qMax(0, maxAgeSec);
    options.loginHint = account.userName;
    return options;
}

StepUp::StepUp(QNetworkAccessManager *manager, const Account &account, RefreshingTokenProvider *provider, int maxAgeSec,
               QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_provider(provider)
    , m_flow(new BrowserFlow(manager, flowOptions(account, maxAgeSec), this))
{
    connect(m_flow, &BrowserFlow::authorizeUrlReady, this, &StepUp::authorizeUrlReady);
    connect(m_flow, &BrowserFlow::finished, this, &StepUp::onFinished);
    connect(m_flow, &BrowserFlow::failed, this, &StepUp::failed);
}

StepUp::~StepUp() = default;

void StepUp::start()
{
    if (!m_account.keepsRefreshToken()) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                Q_EMIT failed(AuthError::make(AuthError::Kind::Config,
                                              tr("Signing in again before approving needs a user sign-in (device "
                                                 "code or browser), not %1.")
                                                  .arg(Account::kindDescription(m_account.kind))));
            },
            Qt::QueuedConnection);
        return;
    }
    m_flow->start();
}

void StepUp::cancel()
{
    m_flow->cancel();
}

void StepUp::onFinished(const Token &token)
{
    // The same person, or it is no step-up at all.
    const QString expected = m_provider && !m_provider->claims().oid.isEmpty() ? m_provider->claims().oid : QString();
    if (!expected.isEmpty() && token.claims.oid != expected) {
        Q_EMIT failed(AuthError::make(AuthError::Kind::Rejected,
                                      tr("You signed in as %1, not as %2; the decision was not sent.")
                                          .arg(token.claims.displayName(), m_account.userName)));
        return;
    }
    if (expected.isEmpty() && !m_account.userName.isEmpty()
        && token.claims.userName().compare(m_account.userName, Qt::CaseInsensitive) != 0) {
        Q_EMIT failed(AuthError::make(AuthError::Kind::Rejected,
                                      tr("You signed in as %1, not as %2; the decision was not sent.")
                                          .arg(token.claims.userName(), m_account.userName)));
        return;
    }
    if (m_provider)
        m_provider->adopt(token);
    qCInfo(lcAuth) << "step-up sign-in passed";
    Q_EMIT passed();
}

} // namespace lockbox
