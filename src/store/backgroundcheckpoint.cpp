#include "backgroundcheckpoint.h"

#include "storelogging.h"

#include <QMutexLocker>
#include <QScopeGuard>
#include <QThread>

#include <sqlite3.h>

namespace lockbox::store {

namespace {
constexpr int kBusyTimeoutMs = 2000; // the schema's read at open; a PASSIVE checkpoint never waits
} // namespace

BackgroundCheckpoint::BackgroundCheckpoint(QByteArray path)
    : m_path(std::move(path))
{
}

BackgroundCheckpoint::~BackgroundCheckpoint()
{
    {
        const QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    if (m_thread)
        m_thread->wait();
}

void BackgroundCheckpoint::nudge()
{
    const QMutexLocker lock(&m_mutex);
    if (m_stop)
        return;
    m_due = true;
    if (!m_thread) {
        m_thread.reset(QThread::create([this] { run(); }));
        m_thread->setObjectName(QStringLiteral("checkpoint"));
        m_thread->start(QThread::LowPriority);
    }
    m_wake.wakeAll();
}

int BackgroundCheckpoint::runs() const
{
    const QMutexLocker lock(&m_mutex);
    return m_runs;
}

void BackgroundCheckpoint::run()
{
    sqlite3 *db = nullptr;
    const auto closeDb = qScopeGuard([&db] { sqlite3_close(db); });
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (!m_due && !m_stop)
            m_wake.wait(&m_mutex);
        if (m_stop)
            return;
        m_due = false;
        lock.unlock();
        if (!db) {
            // The writer's file, never created here: the writer made it. The pragma also reads the
            // schema, which opens the write-ahead log: a checkpoint on a connection that has not
            // yet opened it copies nothing. Tried again at the next nudge when it fails (busy
            // while another process recovers the log, say); nothing is lost meanwhile: the
            // writer checkpoints past SQLite's own mark and when it closes.
            int rc = sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
            if (rc == SQLITE_OK) {
                sqlite3_busy_timeout(db, kBusyTimeoutMs);
                rc = sqlite3_exec(db, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
            }
            if (rc != SQLITE_OK) {
                qCDebug(lcStore) << "cannot open" << m_path << "to checkpoint it in the background:"
                                 << (db ? sqlite3_errmsg(db) : "out of memory");
                sqlite3_close(db);
                db = nullptr;
            }
        }
        if (db) {
            int logFrames = 0;
            int copied = 0;
            // PASSIVE: the frames of committed transactions that no reader still needs.
            const int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied);
            if (rc != SQLITE_OK && rc != SQLITE_BUSY)
                qCWarning(lcStore) << "background checkpoint of" << m_path << "failed:" << sqlite3_errmsg(db);
            else
                qCDebug(lcStore) << "background checkpoint of" << m_path << ":" << copied << "of" << logFrames
                                 << "frames copied";
        }
        lock.relock();
        ++m_runs;
    }
}

} // namespace lockbox::store
