#include "listingreader.h"

#include <QMutexLocker>
#include <QThread>

namespace lockbox {

ListingReader::ListingReader(QString subscriptionId, QList<RequestListJob::Page> pages, qsizetype ahead)
    : m_subscriptionId(std::move(subscriptionId))
    , m_size(pages.size())
    , m_ahead(qMax<qsizetype>(1, ahead))
    , m_read(size_t(pages.size()))
{
    m_pages.reserve(size_t(pages.size()));
    for (RequestListJob::Page &page : pages)
        m_pages.push_back(std::move(page));
    pages.clear();
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("listing reader"));
    m_thread->start();
}

ListingReader::~ListingReader()
{
    {
        const QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_changed.wakeAll();
    }
    m_thread->wait();
}

bool ListingReader::read(const QString &subscriptionId, RequestListJob::Page *page, QList<AccessRequest> *requests,
                         ArmError *error)
{
    if (page->known || page->kept) {
        // Bytes only: known ones read now that the listing as a whole changed, kept ones (checked
        // as they arrived) now that they are used.
        const ArmParseResult parsed = RequestListJob::parsePage(page->body, subscriptionId);
        if (!parsed.error.isEmpty()) {
            // As ArmCall tells a page it cannot read as it arrives, with that reply's request id.
            *error = ArmError::make(ArmError::Kind::BadReply, parsed.error, true);
            error->httpStatus = 200;
            error->armRequestId = page->armRequestId;
            *page = RequestListJob::Page();
            return false;
        }
        *requests = parsed.value.value<QList<AccessRequest>>();
    } else {
        *requests = page->requests;
    }
    *page = RequestListJob::Page(); // each page's copy goes as soon as it is read
    return true;
}

void ListingReader::run()
{
    for (qsizetype i = 0; i < m_size; ++i) {
        {
            QMutexLocker lock(&m_mutex);
            while (!m_stop && i - m_taken >= m_ahead)
                m_changed.wait(&m_mutex);
            if (m_stop)
                return;
        }
        Page page;
        const bool ok = read(m_subscriptionId, &m_pages[size_t(i)], &page.requests, &page.error);
        if (ok) {
            page.rows.reserve(page.requests.size());
            for (const AccessRequest &request : std::as_const(page.requests))
                page.rows.append(store::ListedRow::listed(m_subscriptionId, request));
        }
        const QMutexLocker lock(&m_mutex);
        if (!ok) {
            m_failedAt = i;
            m_failure = page.error;
        }
        m_read[size_t(i)] = std::move(page);
        m_readCount = i + 1;
        m_changed.wakeAll();
        if (!ok)
            return; // nothing after it is read
    }
}

ListingReader::Page ListingReader::next()
{
    QMutexLocker lock(&m_mutex);
    Q_ASSERT(m_taken < m_size);
    const qsizetype index = m_taken++;
    while (m_readCount <= index && m_failedAt < 0)
        m_changed.wait(&m_mutex);
    Page page;
    if (m_failedAt >= 0 && index >= m_failedAt)
        page.error = m_failure; // that page, or one after it that is not read
    else
        page = std::move(m_read[size_t(index)]);
    m_changed.wakeAll();
    return page;
}

} // namespace lockbox
