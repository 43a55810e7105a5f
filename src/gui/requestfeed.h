#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

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
    // The widget that shows the first rows (the table's viewport): the engine reads the rest of
    // the cache once it has painted them, so that the first screen does not share the processor
    // with that reading (QUALITY P4). Not shown, or not painted within a moment: read on at once.
    void setFirstScreen(QWidget *widget);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

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
    // How long the engine waits for the first rows' paint at most.
    static constexpr int kFirstPaintWaitMs = 250;

    struct Slice
    {
        ChangeSet changes;
        QList<AccessRequest> rows;
        // The last slice carries the whole change, for what follows it.
        std::optional<ChangeSet> whole;
    };

    void onSnapshot(const QList<AccessRequest> &rows, bool last);
    // The first chunk is taken: the engine may read on (once).
    void releaseFirstChunk();
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
    bool m_firstChunkReleased = false;
    QPointer<QWidget> m_firstScreen; // painted the first rows: see setFirstScreen()
    bool m_endTrayBatch = false;     // the sync run ended while its changes were still being applied
};

} // namespace lockbox::gui
