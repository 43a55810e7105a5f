#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QString>

namespace lockbox::test {

// A QNetworkAccessManager that watches what goes out: how many replies are open at once, in all,
// for Lockbox listings, and per request for decision POSTs. Tests use it to prove a concurrency
// limit and that no request ever has two decisions in flight. It also keeps a wire log (when
// each request was made, when each reply came back with which status and Retry-After) to prove
// that no request left while a 429 said to wait.
class CountingNetworkAccessManager final : public QNetworkAccessManager
{
public:
    using QNetworkAccessManager::QNetworkAccessManager;

    void resetCounts();

    int listsInFlight() const { return m_lists; }
    int maxListsInFlight() const { return m_maxLists; }
    int listsStarted() const { return m_listsStarted; }
    int requestsStarted() const { return m_started; }
    int decisionPostsStarted() const { return m_postsStarted; }
    // The most decision POSTs ever open at once for one request.
    int maxPostsInFlightForOneRequest() const { return m_maxPostsPerRequest; }
    // Requests started whose path contains `fragment` (case-insensitive).
    int startedMatching(const QString &fragment) const;
    int maxInFlight() const { return m_maxInFlight; }

    // 429 replies seen since the last resetCounts().
    int throttledReplies() const;
    // Requests made after a 429 arrived and before its Retry-After had passed (any request of
    // this manager, not only the throttled call's). Must be 0.
    int unhonouredThrottles() const;
    // The smallest gap between a 429 and the next request made after it, in ms (-1: none).
    qint64 shortestWaitAfterThrottle() const;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    struct WireEvent
    {
        qint64 seq = 0;
        qint64 atNs = 0;
        int status = -1;       // -1: a request was made; otherwise a reply's HTTP status
        int retryAfterSec = 0; // of a 429
    };

    QElapsedTimer m_clock;
    QList<WireEvent> m_wire;
    qint64 m_seq = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    QStringList m_paths;
    QHash<QString, int> m_postsInFlight; // lower-case request id
    int m_lists = 0;
    int m_maxLists = 0;
    int m_listsStarted = 0;
    int m_started = 0;
    int m_postsStarted = 0;
    int m_maxPostsPerRequest = 0;
};

} // namespace lockbox::test
