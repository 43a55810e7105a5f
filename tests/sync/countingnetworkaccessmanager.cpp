#include "countingnetworkaccessmanager.h"

#include <QNetworkReply>

#include <memory>

using namespace Qt::StringLiterals;

namespace lockbox::test {

void CountingNetworkAccessManager::resetCounts()
{
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

QNetworkReply *CountingNetworkAccessManager::createRequest(Operation op, const QNetworkRequest &request,
                                                           QIODevice *outgoingData)
{
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
        if (isList)
            --m_lists;
        if (isDecision)
            --m_postsInFlight[requestId];
    };
    connect(reply, &QNetworkReply::finished, this, close);
    connect(reply, &QObject::destroyed, this, close);
    return reply;
}

} // namespace lockbox::test
