// lockbox-console-probe: the console as users run it (app::runConsole), with the benchmark probes
// of QUALITY P4, P5 and P7 hooked in; bench/console-bench.sh runs it. Each probe prints one JSON
// line and quits:
//   --quit-when-loaded     launch to the window's first paint, to the first painted rows (the end
//                          of the first paint of the table that shows them, not the moment they
//                          reach the model) and to the whole cache in the table (every row
//                          sortable and searchable), then the first search over all of them and
//                          the first sort by a free-text column (which ranks every row once), and
//                          the peak RSS so far; on an empty profile the "first rows" are the end
//                          of the table's first paint once the profile is loaded. "ms" (every row
//                          in) is the moment the last chunk is in the model (repainted then when
//                          the window is exposed); the window's first paint is its start;
//   --measure-sync-stall   the longest gap between two turns of the GUI thread's event loop (a
//                          10 ms timer, the raw gap, nothing subtracted) until the first sync's
//                          changes are all in the table, and how many gaps were over 50 ms;
//   --measure-alert        QUALITY P8: after the first sync, a request is created in the simulator
//                          (its control API at --endpoint); the time from its creation to the
//                          console's alert (the pending count and the notification go out in the
//                          same turn), with the pending poll interval the console runs with.

#include "app/consoleapp.h"
#include "core/allocator.h"
#include "engine/engine.h"
#include "gui/enginehost.h"
#include "gui/mainwindow.h"
#include "gui/requestfilterproxy.h"
#include "gui/requesttablemodel.h"
#include "gui/traycontroller.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

const QCommandLineOption kQuitLoaded(u"quit-when-loaded"_s, u"Print the time to the first painted table and quit."_s);
const QCommandLineOption kMeasureStall(u"measure-sync-stall"_s,
                                       u"Measure the longest GUI stall during the first sync, print it and quit."_s);
const QCommandLineOption kMeasureAlert(u"measure-alert"_s,
                                       u"After the first sync, create a request in the simulator at --endpoint and "
                                       "measure the time until the console alerts; print it and quit."_s);

// The first paint of the window, whatever it shows.
class FirstPaint final : public QObject
{
public:
    FirstPaint(QObject *parent, const QElapsedTimer &sinceStart)
        : QObject(parent)
        , m_sinceStart(sinceStart)
    {
    }
    qint64 ms = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && ms < 0)
            ms = m_sinceStart.elapsed();
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_sinceStart;
};

double peakRssMb()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// Paints of the table's viewport: `whenPainted` runs `done` once the viewport has been painted
// after the call: at once when a synchronous repaint could paint it (the window is exposed), else
// right after the paint the window's exposure brings, through an event posted at high priority
// from that paint (so the rows are on screen, not about to be, and nothing already queued behind
// the paint is counted with it).
class ViewportPaints final : public QObject
{
public:
    ViewportPaints(QWidget *window, QWidget *viewport)
        : QObject(window)
        , m_window(window)
        , m_viewport(viewport)
    {
        viewport->installEventFilter(this);
    }

    void whenPainted(std::function<void()> done)
    {
        Q_ASSERT(!m_done); // one wait at a time
        const int before = m_paints;
        m_window->repaint();
        if (m_paints > before) {
            done();
            return;
        }
        m_done = std::move(done);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_viewport && event->type() == QEvent::Paint) {
            ++m_paints;
            if (m_done)
                QCoreApplication::postEvent(this, new QEvent(kPainted), Qt::HighEventPriority);
        }
        return QObject::eventFilter(watched, event);
    }

    bool event(QEvent *event) override
    {
        if (event->type() != kPainted)
            return QObject::event(event);
        if (m_done)
            std::exchange(m_done, {})();
        return true;
    }

private:
    static constexpr QEvent::Type kPainted = QEvent::User;
    QWidget *m_window;
    QWidget *m_viewport;
    int m_paints = 0;
    std::function<void()> m_done;
};

void probeLaunch(gui::MainWindow *window, const QElapsedTimer &sinceStart)
{
    auto *firstPaint = new FirstPaint(window, sinceStart);
    window->installEventFilter(firstPaint);
    auto *table = window->findChild<QAbstractItemView *>(u"requestTable"_s);
    Q_ASSERT(table);
    auto *paints = new ViewportPaints(window, table->viewport());
    auto firstMs = std::make_shared<qint64>(-1);  // the newest rows painted
    auto loadedMs = std::make_shared<qint64>(-1); // every row in the table
    // A launch that never paints its rows (a window never exposed) says so rather than hang.
    auto *watchdog = new QTimer(window);
    watchdog->setSingleShot(true);
    QObject::connect(watchdog, &QTimer::timeout, qApp, [window] {
        std::printf("{\"bench\":\"console_launch\",\"rows\":%d,\"errors\":1,"
                    "\"error\":\"the rows were not painted within 60 s\"}\n",
                    window->requestModel()->rowCount());
        std::fflush(stdout);
        QApplication::exit(1);
    });
    watchdog->start(60'000);
    // Once every row is in and the first rows were painted: the first search over all of them,
    // then the first sort by a free-text column, each until the table has repainted; the figures.
    auto finish = [window, firstMs, loadedMs, firstPaint, watchdog] {
        watchdog->stop();
        const double loadedRssMb = peakRssMb(); // the launch's own, before the searching and sorting below
        gui::RequestFilterProxy *proxy = window->requestProxy();
        QElapsedTimer step;
        step.start();
        proxy->setSearchText(u"kubelet"_s);
        const int found = proxy->rowCount();
        window->repaint();
        proxy->setSearchText(QString());
        window->repaint();
        const qint64 searchMs = step.restart();
        proxy->sort(gui::RequestTableModel::Justification, Qt::AscendingOrder);
        window->repaint();
        const qint64 sortMs = step.elapsed();
        proxy->sort(gui::RequestTableModel::Requested, Qt::DescendingOrder);
        std::printf("{\"bench\":\"console_launch\",\"rows\":%d,\"first_paint_ms\":%lld,\"first_rows_ms\":%lld,"
                    "\"ms\":%lld,\"first_search_ms\":%lld,\"search_hits\":%d,\"first_text_sort_ms\":%lld,"
                    "\"peak_rss_mb\":%.1f,\"peak_rss_after_sort_mb\":%.1f}\n",
                    window->requestModel()->rowCount(), qint64(firstPaint->ms), qint64(*firstMs), qint64(*loadedMs),
                    qint64(searchMs), found, qint64(sortMs), loadedRssMb, peakRssMb());
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, &QApplication::quit);
    };
    QObject::connect(window, &gui::MainWindow::firstRowsShown, window,
                     [paints, firstMs, loadedMs, finish, &sinceStart] {
                         paints->whenPainted([firstMs, loadedMs, finish, &sinceStart] {
                             *firstMs = sinceStart.elapsed();
                             if (*loadedMs >= 0)
                                 finish();
                         });
                     });
    QObject::connect(window, &gui::MainWindow::loaded, window,
                     [window, paints, firstMs, loadedMs, finish, &sinceStart] {
                         if (window->requestModel()->rowCount() == 0) {
                             // An empty profile: its first rows are the table painted once loaded,
                             // timed as the rows of a full one are.
                             paints->whenPainted([firstMs, loadedMs, finish, &sinceStart] {
                                 *firstMs = *loadedMs = sinceStart.elapsed();
                                 finish();
                             });
                             return;
                         }
                         window->repaint();
                         *loadedMs = sinceStart.elapsed();
                         if (*firstMs >= 0)
                             finish(); // else the first rows' paint is on its way, and finishes
                     });
}

void probeSyncStall(gui::MainWindow *window, engine::Engine *engine)
{
    // A 10 ms watchdog on the GUI thread: the longest gap between two ticks is the longest stall.
    auto *watchdog = new QTimer(window);
    auto since = std::make_shared<QElapsedTimer>();
    auto worst = std::make_shared<qint64>(0);
    auto over50 = std::make_shared<int>(0);
    auto last = std::make_shared<qint64>(0);
    watchdog->setInterval(10);
    watchdog->setTimerType(Qt::PreciseTimer);
    since->start();
    QObject::connect(watchdog, &QTimer::timeout, watchdog, [since, worst, over50, last] {
        const qint64 now = since->elapsed();
        const qint64 gap = now - *last; // raw: the timer's own 10 ms are part of it
        *worst = std::max(*worst, gap);
        *over50 += gap > 50;
        *last = now;
    });
    watchdog->start();
    QObject::connect(engine, &engine::Engine::syncFinished, window,
                     [window, since, worst, over50](int changed, const QStringList &errors) {
                         // Measured until the last of the change is in the table.
                         const auto report = [window, since, worst, over50, changed, errors] {
                             std::printf("{\"bench\":\"gui_stall_during_sync\",\"requests\":%d,"
                                         "\"rows_changed\":%d,\"seconds\":%.3f,\"max_event_loop_gap_ms\":%lld,"
                                         "\"stalls_over_50ms\":%d,\"errors\":%d}\n",
                                         window->requestModel()->rowCount(), changed, double(since->elapsed()) / 1000.0,
                                         qint64(*worst), *over50, int(errors.size()));
                             std::fflush(stdout);
                             QTimer::singleShot(0, qApp, &QApplication::quit);
                         };
                         if (window->isApplyingChanges())
                             QObject::connect(window, &gui::MainWindow::changesApplied, window, report);
                         else
                             report();
                     });
}

void probeAlert(gui::MainWindow *window, engine::Engine *engine, const QUrl &endpoint, int pollSec)
{
    auto *network = new QNetworkAccessManager(window);
    auto created = std::make_shared<QElapsedTimer>();
    auto started = std::make_shared<bool>(false);
    auto baseline = std::make_shared<int>(0);
    // Once the first sync's rows are all in the table and the tray (a large sync reaches them in
    // slices after syncFinished): one request is created in the simulator, and the clock runs
    // until the tray counts one more pending request than it did then.
    const auto create = [=] {
        if (*started || window->requestModel()->rowCount() == 0)
            return;
        *started = true;
        *baseline = window->trayController()->pendingCount();
        const QString subscription = window->requestModel()->requestAt(0)->subscriptionId;
        QNetworkRequest request(endpoint.resolved(QUrl(u"/_sim/requests"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = network->post(
            request, QJsonDocument(QJsonObject {{u"subscriptionId"_s, subscription}}).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, window, [=] {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                std::printf("{\"bench\":\"alert_latency\",\"errors\":1}\n");
                std::fflush(stdout);
                QTimer::singleShot(0, qApp, &QApplication::quit);
                return;
            }
            created->start(); // the request exists in the simulator from now on
            // Not told within three polls: a failure, not a wait without end.
            QTimer::singleShot((3 * pollSec + 10) * 1000, window, [] {
                std::printf("{\"bench\":\"alert_latency\",\"errors\":1}\n");
                std::fflush(stdout);
                QTimer::singleShot(0, qApp, &QApplication::quit);
            });
        });
    };
    QObject::connect(engine, &engine::Engine::syncFinished, window, [=](int, const QStringList &) {
        if (window->isApplyingChanges())
            QObject::connect(window, &gui::MainWindow::changesApplied, window, create, Qt::SingleShotConnection);
        else
            create();
    });
    QObject::connect(window->trayController(), &gui::TrayController::pendingCountChanged, window, [=](int count) {
        if (!created->isValid() || count <= *baseline)
            return;
        std::printf("{\"bench\":\"alert_latency\",\"poll_interval_s\":%d,\"seconds\":%.3f,"
                    "\"target_s\":%d,\"errors\":0}\n",
                    pollSec, double(created->elapsed()) / 1000.0, pollSec + 1);
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, &QApplication::quit);
    });
}

} // namespace

int main(int argc, char *argv[])
{
    static QElapsedTimer sinceStart;
    sinceStart.start();
    lockbox::core::tuneAllocator(); // as lockbox-console's main() does
    QApplication app(argc, argv);
    app::LaunchHooks hooks;
    hooks.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions({kQuitLoaded, kMeasureStall, kMeasureAlert});
    };
    hooks.built = [](const QCommandLineParser &parser, app::Console &console) {
        if (parser.isSet(kQuitLoaded))
            probeLaunch(console.window.get(), sinceStart);
        if (parser.isSet(kMeasureStall))
            probeSyncStall(console.window.get(), console.engine->worker());
        if (parser.isSet(kMeasureAlert)) {
            const QString profile = parser.value(u"profile"_s);
            const QSettings prefs(QDir(profile).filePath(u"console.ini"_s), QSettings::IniFormat);
            probeAlert(console.window.get(), console.engine->worker(), QUrl(parser.value(u"endpoint"_s)),
                       prefs.value(u"sync/pendingPollSec"_s, 60).toInt());
        }
    };
    return app::runConsole(app, hooks);
}
