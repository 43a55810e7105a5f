#include "requestfeed.h"

#include "enginehost.h"
#include "requesttablemodel.h"
#include "traycontroller.h"

#include "engine/engine.h"
#include "engine/requestrows.h"

#include <QHash>
#include <QSet>
#include <QTimer>

namespace lockbox::gui {

RequestFeed::RequestFeed(EngineHost *engine, RequestTableModel *model, TrayController *tray, QObject *parent)
    : QObject(parent)
    , m_engine(engine->worker())
    , m_model(model)
    , m_tray(tray)
    , m_feedTimer(new QTimer(this))
{
    // The table keeps what it shows; the details pane reads a request whole from the cache.
    m_model->setSummarised(true);
    m_feedTimer->setSingleShot(true);
    m_feedTimer->setInterval(0);
    connect(m_feedTimer, &QTimer::timeout, this, &RequestFeed::feed);
    engine::Engine *w = engine->worker();
    connect(w, &engine::Engine::snapshot, this, &RequestFeed::onSnapshot);
    connect(w, &engine::Engine::snapshotSize, this, [this](int rows) {
        // Room for the whole cache at once, while it loads; a size past any real cache is not
        // trusted with memory.
        constexpr int kMaxReserved = 5'000'000;
        if (!m_loaded && rows <= kMaxReserved)
            m_model->reserve(rows);
    });
    connect(w, &engine::Engine::requestsChanged, this, &RequestFeed::onRequestsChanged);
    connect(w, &engine::Engine::syncRunning, this, &RequestFeed::onSyncRunning);
}

RequestFeed::~RequestFeed() = default;

void RequestFeed::setFirstScreen(QWidget *widget)
{
    m_firstScreen = widget;
}

bool RequestFeed::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_firstScreen && event->type() == QEvent::Paint) {
        m_firstScreen->removeEventFilter(this);
        // After this paint, not before it: the call is queued behind it.
        QMetaObject::invokeMethod(this, &RequestFeed::releaseFirstChunk, Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

void RequestFeed::releaseFirstChunk()
{
    if (m_firstChunkReleased)
        return;
    m_firstChunkReleased = true;
    if (m_firstScreen)
        m_firstScreen->removeEventFilter(this);
    m_engine->snapshotTaken();
}

void RequestFeed::onSnapshot(const QList<AccessRequest> &rows, bool last)
{
    if (!m_snapshotStarted && m_model->rowCount() == 0)
        m_model->setRequests(rows);
    else
        m_model->appendRequests(rows);
    m_snapshotStarted = true;
    // The tray follows the open requests of each chunk as it comes (while the engine reads the
    // next), and tells what it has to tell once the last is in.
    if (!m_priming) {
        m_tray->beginPrime();
        m_priming = true;
    }
    m_tray->primeMore(rows);
    if (!m_firstRowsShown && m_model->rowCount() > 0) {
        m_firstRowsShown = true;
        // The engine reads the rest once the first screen is painted (Engine::open).
        const bool painting = m_firstScreen && m_firstScreen->isVisible();
        if (painting) {
            m_firstScreen->installEventFilter(this); // before anyone told of the rows repaints
            QTimer::singleShot(kFirstPaintWaitMs, this, &RequestFeed::releaseFirstChunk);
        }
        Q_EMIT firstRowsShown();
        if (!painting)
            releaseFirstChunk();
    } else {
        m_engine->snapshotTaken(); // the next chunk may come
    }
    if (!last)
        return;
    m_tray->endPrime();
    m_priming = false;
    m_loaded = true;
    Q_EMIT loaded();
}

void RequestFeed::onRequestsChanged(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    if (m_slices.empty() && rows.size() <= kSliceRows) {
        apply(changes, rows);
        Q_EMIT changed(changes);
        return;
    }
    // In slices, each with its part of the change: removals first (but not of ids that come back
    // in this change), then the rows 500 at a time. Ids match case-insensitively, the last change
    // of an id winning; ids already in lower case (nearly all) are their own key, not copied.
    using engine::RequestRows;
    QHash<QString, const RequestChange *> changeOf;
    changeOf.reserve(changes.added.size() + changes.changed.size());
    for (const QList<RequestChange> *list : {&changes.added, &changes.changed}) {
        for (const RequestChange &c : *list)
            changeOf.insert(RequestRows::idKey(c.requestId), &c);
    }
    if (!changes.removed.isEmpty() || rows.isEmpty()) {
        QSet<QString> incoming;
        incoming.reserve(rows.size());
        for (const AccessRequest &r : rows)
            incoming.insert(RequestRows::idKey(r.requestId));
        Slice first;
        for (const RequestChange &c : changes.removed) {
            if (!incoming.contains(RequestRows::idKey(c.requestId)))
                first.changes.removed.append(c);
        }
        m_slices.push_back(std::move(first));
    }
    for (qsizetype at = 0; at < rows.size(); at += kSliceRows) {
        Slice slice;
        slice.rows = rows.mid(at, kSliceRows);
        for (const AccessRequest &r : std::as_const(slice.rows)) {
            const RequestChange *c = changeOf.value(RequestRows::idKey(r.requestId));
            if (!c)
                continue;
            (c >= changes.added.constData() && c < changes.added.constData() + changes.added.size()
                 ? slice.changes.added
                 : slice.changes.changed)
                .append(*c);
        }
        m_slices.push_back(std::move(slice));
    }
    m_slices.back().whole = changes;
    m_feedTimer->start();
}

void RequestFeed::onSyncRunning(bool running)
{
    if (running && m_loaded) {
        m_tray->beginBatch();
    } else if (!running) {
        // The run's last slices may still be on their way into the model and the tray.
        if (m_slices.empty())
            m_tray->endBatch();
        else
            m_endTrayBatch = true;
    }
}

void RequestFeed::apply(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    m_model->applyChanges(changes, rows);
    // A sync run's changes are told as one (TrayController batches between syncRunning's).
    if (m_loaded)
        m_tray->applyChanges(changes, rows);
}

void RequestFeed::feed()
{
    if (m_slices.empty())
        return;
    Slice slice = std::move(m_slices.front());
    m_slices.pop_front();
    apply(slice.changes, slice.rows);
    if (slice.whole)
        Q_EMIT changed(*slice.whole);
    if (!m_slices.empty()) {
        m_feedTimer->start();
        return;
    }
    if (std::exchange(m_endTrayBatch, false))
        m_tray->endBatch();
    Q_EMIT changesApplied();
}

} // namespace lockbox::gui
