#pragma once

#include "azure/armerror.h"
#include "azure/requestlistjob.h"
#include "core/accessrequest.h"
#include "store/listedrow.h"

#include <QList>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <memory>
#include <vector>

class QThread;

namespace lockbox {

// Reads a complete listing's pages for its merge, in order, on a thread of its own: each page's
// requests (its bytes parsed where it has only bytes) with each request's row as the merge writes
// it (store::ListedRow::listed: its content hash, its columns as UTF-8). The thread stays a few
// pages ahead of the one that writes them, so parsing, hashing and encoding overlap the writing,
// and at most that many read pages are held at once. Each page's bytes are let go once read.
//
// Used by one thread (the sync engine's); the reading thread stops and is joined when the reader
// is destroyed, whether or not every page was taken.
class ListingReader final
{
public:
    struct Page
    {
        QList<AccessRequest> requests;
        QList<store::ListedRow> rows; // as long as `requests`
        ArmError error;               // a page that cannot be read: no page after it is read
    };

    ListingReader(QString subscriptionId, QList<RequestListJob::Page> pages, qsizetype ahead = 1);
    ~ListingReader();
    Q_DISABLE_COPY_MOVE(ListingReader)

    qsizetype size() const { return m_size; }
    // The next page, waiting until it is read. Call it at most size() times.
    Page next();

    // One page's requests, read now where it has only bytes; false with `error` when it cannot be
    // read. The page is let go either way.
    static bool read(const QString &subscriptionId, RequestListJob::Page *page, QList<AccessRequest> *requests,
                     ArmError *error);

private:
    void run();

    const QString m_subscriptionId;
    const qsizetype m_size;
    const qsizetype m_ahead;
    std::vector<RequestListJob::Page> m_pages; // the reading thread's alone once it started
    QMutex m_mutex;
    QWaitCondition m_changed;
    std::vector<Page> m_read;  // index: page; guarded by m_mutex
    qsizetype m_readCount = 0; // pages read; guarded by m_mutex
    qsizetype m_taken = 0;     // pages taken by next(); guarded by m_mutex
    qsizetype m_failedAt = -1; // the page that could not be read; guarded by m_mutex
    ArmError m_failure;        // why; guarded by m_mutex
    bool m_stop = false;       // guarded by m_mutex
    std::unique_ptr<QThread> m_thread;
};

} // namespace lockbox
