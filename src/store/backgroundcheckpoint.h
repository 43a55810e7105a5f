#pragma once

#include <QByteArray>
#include <QMutex>
#include <QWaitCondition>

#include <memory>

class QThread;
struct sqlite3;

namespace lockbox::store {

// Copies a database's write-ahead log into its file on a thread of its own, through a connection
// of its own, whenever the writer asks (nudge(): the writer's WAL hook, after a commit that left
// the log long). The writer then does not wait for a checkpoint after its commits, and when it
// closes only what was committed since the last one (and a checkpoint under way) is left. A PASSIVE
// checkpoint: it copies what no reader still needs and never waits for readers or writers.
//
// The thread starts at the first nudge; the destructor stops and joins it and closes its
// connection (before the writer's own connection closes, which then checkpoints the rest).
class BackgroundCheckpoint final
{
public:
    explicit BackgroundCheckpoint(QByteArray path);
    ~BackgroundCheckpoint();
    Q_DISABLE_COPY_MOVE(BackgroundCheckpoint)

    // Asks for a checkpoint as soon as the thread is free. Cheap; callable from any thread.
    void nudge();
    // Checkpoints run so far (for tests).
    int runs() const;

private:
    void run();

    const QByteArray m_path;
    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_due = false;  // guarded by m_mutex
    bool m_stop = false; // guarded by m_mutex
    int m_runs = 0;      // guarded by m_mutex
    std::unique_ptr<QThread> m_thread;
};

} // namespace lockbox::store
