#pragma once

#include "simhttp.h"

#include <QHash>
#include <QString>

namespace lockbox::sim {

class SimWorld;
class TokenAuthority;
struct SimOptions;
struct TokenClaims;

// Azure Resource Manager as the console sees it: the Microsoft.CustomerLockbox provider, the
// subscriptions list and the Activity Log, with ARM's authentication, api-version checks,
// paging, error bodies, request ids and throttling.
class ArmService final
{
public:
    ArmService(SimWorld &world, TokenAuthority &tokens, SimOptions &options);

    HttpResponse handle(const HttpRequest &request);

    static bool isDecisionPost(const HttpRequest &request);
    // The request id a decision POST names (as written in the path), or an empty string.
    static QString decisionPostRequestId(const HttpRequest &request);
    static QString lockboxApiVersion() { return QStringLiteral("2018-02-28-preview"); }

private:
    struct Caller
    {
        QString key; // for the rate limit
        QString oid;
        QString name; // upn, app id or "static-token"
        bool isStatic = false;
        bool globalAdmin = false;
    };

    // Authentication, throttling, routing and the checks every route makes (armservice.cpp).
    HttpResponse route(const HttpRequest &request, const Caller &caller);
    // 401 with WWW-Authenticate, in ARM's words for each problem.
    HttpResponse unauthorized(int problem) const;
    // Checks the subscription exists and the caller may act on it; an error response otherwise.
    std::optional<HttpResponse> checkAccess(const Caller &caller, const QString &subscriptionId,
                                            const QString &action) const;
    std::optional<HttpResponse> checkApiVersion(const HttpRequest &request, const QStringList &accepted,
                                                bool optional) const;
    // Counts the request against the caller's budget; a 429 when it is spent.
    std::optional<HttpResponse> throttle(const Caller &caller, bool write, HttpResponse &headersOut);

    // The tenant and its subscriptions (armtenant.cpp).
    HttpResponse listSubscriptions(const HttpRequest &request, const Caller &caller);
    HttpResponse tenantOptedIn(const HttpRequest &request, const QString &tenantId);
    HttpResponse setLockbox(const HttpRequest &request, const Caller &caller, bool enable);
    HttpResponse operations(const HttpRequest &request);

    // Lockbox requests (armrequests.cpp) and decisions on them (armapproval.cpp).
    HttpResponse listRequests(const HttpRequest &request, const Caller &caller, const QString &subscriptionId);
    HttpResponse getRequest(const HttpRequest &request, const Caller &caller, const QString &subscriptionId,
                            const QString &requestId);
    HttpResponse updateApproval(const HttpRequest &request, const Caller &caller, const QString &subscriptionId,
                                const QString &requestId);

    // The Activity Log (armactivitylog.cpp).
    HttpResponse activityLog(const HttpRequest &request, const Caller &caller, const QString &subscriptionId);

    SimWorld &m_world;
    TokenAuthority &m_tokens;
    SimOptions &m_options;

    struct Budget
    {
        qint64 windowStartMs = 0;
        int used = 0;
        qint64 hourStartMs = 0;
        int hourReads = 0;
        int hourWrites = 0;
    };
    QHash<QString, Budget> m_budgets;

    // Pages of the request lists served while the world is unchanged, by everything their bytes
    // depend on (the URL, the page size): a client that lists again gets the same bytes without
    // the page being assembled again, as from a server's cache. Dropped whole by the first list
    // served after the world's generation moved on, or once past kPageCacheBytes.
    struct PageCache
    {
        quint64 generation = 0;
        qsizetype bytes = 0;
        QHash<QString, QByteArray> bodies;
    };
    static constexpr qsizetype kPageCacheBytes = qsizetype(256) << 20;
    PageCache m_pages;
};

} // namespace lockbox::sim
