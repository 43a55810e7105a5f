#include "countingnetworkaccessmanager.h"

#include <QNetworkReply>

#include <memory>

using namespace Qt::StringLiterals;

namespace lockbox::test {

void CountingNetworkAccessManager::resetCounts()
{
    m_wire.clear();
    m_maxInFlight = m_inFlight;
    m_paths.clear();
    m_maxLists = m_lists;
    m_listsStarted = 0;
    m_started = 0;
    m_postsStarted = 0;
    m_maxPostsPerRequest = 0;
    for (int n : std::as_const(m_postsInFlight))
        m_maxPostsPerRequest = qMax(m_maxPostsPerRequest, n);
}

int CountingNetworkAccessManager::startedMatching(const QString &fragment) const
{
    int n = 0;
    for (const QString &path : m_paths) {
        if (path.contains(fragment, Qt::CaseInsensitive))
            ++n;
    }
    return n;
}

int CountingNetworkAccessManager::throttledReplies() const
{
    int n = 0;
    for (const WireEvent &e : m_wire)
        n += e.status == 429 ? 1 : 0;
    return n;
}

int CountingNetworkAccessManager::unhonouredThrottles() const
{
    int n = 0;
    for (const WireEvent &t : m_wire) {
        if (t.status != 429)
            continue;
        const qint64 until = t.atNs + qint64(t.retryAfterSec) * 1000000000;
        for (const WireEvent &r : m_wire) {
            if (r.status == -1 && r.seq > t.seq && r.atNs < until)
                ++n;
        }
    }
    return n;
}

qint64 CountingNetworkAccessManager::shortestWaitAfterThrottle() const
{
    qint64 shortest = -1;
    for (const WireEvent &t : m_wire) {
        if (t.status != 429)
            continue;
        for (const WireEvent &r : m_wire) {
            if (r.status == -1 && r.seq > t.seq) {
                const qint64 gap = (r.atNs - t.atNs) / 1000000;
                shortest = shortest < 0 ? gap : qMin(shortest, gap);
                break;
            }
        }
    }
    return shortest;
}

QNetworkReply *CountingNetworkAccessManager::createRequest(Operation op, const QNetworkRequest &request,
                                                           QIODevice *outgoingData)
{
    if (!m_clock.isValid())
        m_clock.start();
    m_wire.append({++m_seq, m_clock.nsecsElapsed(), -1, 0});
    m_maxInFlight = qMax(m_maxInFlight, ++m_inFlight);
    QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, outgoingData);
    const QString path = request.url().path();
    m_paths.append(path);
    ++m_started;
    const QStringList segments = path.toLower().split(u'/', Qt::SkipEmptyParts);
    const bool isList = op == GetOperation && !segments.isEmpty() && segments.last() == u"requests";
    const bool isDecision = op == PostOperation && segments.size() >= 2 && segments.last() == u"updateapproval";
    const QString requestId = isDecision ? segments.at(segments.size() - 2) : QString();

    if (isList) {
        ++m_listsStarted;
        m_maxLists = qMax(m_maxLists, ++m_lists);
    }
    if (isDecision) {
        ++m_postsStarted;
        m_maxPostsPerRequest = qMax(m_maxPostsPerRequest, ++m_postsInFlight[requestId]);
    }
    // finished() or, for a reply deleted unfinished, destroyed(): whichever comes first.
    auto done = std::make_shared<bool>(false);
    const auto close = [this, done, isList, isDecision, requestId] {
        if (std::exchange(*done, true))
            return;
        --m_inFlight;
        if (isList)
            --m_lists;
        if (isDecision)
            --m_postsInFlight[requestId];
    };
    // Connected before the caller's own slots: the log has the 429 before anyone reacts to it.
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_wire.append({++m_seq, m_clock.nsecsElapsed(), status,
                       status == 429 ? reply->rawHeader("Retry-After").trimmed().toInt() : 0});
    });
    connect(reply, &QNetworkReply::finished, this, close);
    connect(reply, &QObject::destroyed, this, close);
    return reply;
}

} // namespace lockbox::test
