#pragma once

#include <QHash>
#include <QNetworkAccessManager>
#include <QString>

namespace lockbox::test {

// A QNetworkAccessManager that watches what goes out: how many replies are open at once, in all,
// for Lockbox listings, and per request for decision POSTs. Tests use it to prove a concurrency
// limit and that no request ever has two decisions in flight.
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

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
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
