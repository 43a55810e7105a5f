#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"

#include <QList>
#include <QObject>

#include <deque>
#include <optional>

class QTimer;

namespace lockbox::engine {
class Engine;
} // namespace lockbox::engine

namespace lockbox::gui {

class EngineHost;
class RequestTableModel;
class TrayController;

// Owns the way requests reach the request table and the tray: the cache at start (in chunks; the
// tray follows each chunk and tells what it has to tell once the last is in), then each ChangeSet from the engine. A
// large change is cut into slices of rows, each with its part of the change, and the model and the tray take one slice
// an event-loop turn. A sync run's tray batch ends once the run's last slice is in.
class RequestFeed final : public QObject
{
    Q_OBJECT

public:
    // Rows given to the model and the tray in one event-loop turn; a first sync of a subscription
    // brings 10,000.
    static constexpr qsizetype kSliceRows = 500;

    RequestFeed(EngineHost *engine, RequestTableModel *model, TrayController *tray, QObject *parent = nullptr);
    ~RequestFeed() override;

    // The whole cache is in the model.
    bool isLoaded() const { return m_loaded; }
    // Changes received and not yet all in the model and the tray.
    bool isApplyingChanges() const { return !m_slices.empty(); }

Q_SIGNALS:
    // The first rows of the cache are in the model (the rest may still be arriving).
    void firstRowsShown();
    // The whole cache is in the model and the tray is primed.
    void loaded();
    // `changes` (a whole change, however many slices it took) is in the model and the tray.
    void changed(const lockbox::ChangeSet &changes);
    // Every change received so far is in, after one that needed slices.
    void changesApplied();

private:
    struct Slice
    {
        ChangeSet changes;
        QList<AccessRequest> rows;
        // The last slice carries the whole change, for what follows it.
        std::optional<ChangeSet> whole;
    };

    void onSnapshot(const QList<AccessRequest> &rows, bool last);
    void onRequestsChanged(const ChangeSet &changes, const QList<AccessRequest> &rows);
    void onSyncRunning(bool running);
    void apply(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // Applies the next slice; the rest waits for the event loop.
    void feed();

    engine::Engine *m_engine; // lives on the engine thread: only its thread-safe snapshotTaken()
    RequestTableModel *m_model;
    TrayController *m_tray;
    QTimer *m_feedTimer;
    std::deque<Slice> m_slices;
    bool m_priming = false; // the tray takes the cache's chunks (TrayController::beginPrime())
    bool m_snapshotStarted = false;
    bool m_loaded = false;
    bool m_firstRowsShown = false;
    bool m_endTrayBatch = false; // the sync run ended while its changes were still being applied
};

} // namespace lockbox::gui
