// lockbox-console-probe: the console as users run it (app::runConsole), with the benchmark probes
// of QUALITY P4, P5 and P7 hooked in; bench/console-bench.sh runs it. Each probe prints one JSON
// line and quits:
//   --quit-when-loaded     launch to the first painted rows and to the whole cache in the table;
//   --measure-sync-stall   the longest gap between two turns of the GUI thread's event loop (a
//                          10 ms timer, the raw gap, nothing subtracted) until the first sync's
//                          changes are all in the table, and how many gaps were over 50 ms;
//   --measure-alert        QUALITY P8: after the first sync, a request is created in the simulator
//                          (its control API at --endpoint); the time from its creation to the
//                          console's alert (the pending count and the notification go out in the
//                          same turn), with the pending poll interval the console runs with.

#include "app/consoleapp.h"
#include "engine/engine.h"
#include "gui/enginehost.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"
#include "gui/traycontroller.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

const QCommandLineOption kQuitLoaded(u"quit-when-loaded"_s, u"Print the time to the first painted table and quit."_s);
const QCommandLineOption kMeasureStall(u"measure-sync-stall"_s,
                                       u"Measure the longest GUI stall during the first sync, print it and quit."_s);
const QCommandLineOption kMeasureAlert(u"measure-alert"_s,
                                       u"After the first sync, create a request in the simulator at --endpoint and "
                                       "measure the time until the console alerts; print it and quit."_s);

void probeLaunch(gui::MainWindow *window, const QElapsedTimer &sinceStart)
{
    auto firstMs = std::make_shared<qint64>(-1);
    QObject::connect(window, &gui::MainWindow::firstRowsShown, window, [window, firstMs, &sinceStart] {
        window->repaint(); // painted now, with the newest rows
        *firstMs = sinceStart.elapsed();
    });
    QObject::connect(window, &gui::MainWindow::loaded, window, [window, firstMs, &sinceStart] {
        window->repaint();
        std::printf("{\"bench\":\"console_launch\",\"rows\":%d,\"first_rows_ms\":%lld,\"ms\":%lld}\n",
                    window->requestModel()->rowCount(), qint64(*firstMs), qint64(sinceStart.elapsed()));
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, &QApplication::quit);
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
    QObject::connect(engine, &engine::Engine::syncFinished, window, [=](int, const QStringList &) {
        if (*started || window->requestModel()->rowCount() == 0)
            return;
        *started = true;
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
        });
    });
    QObject::connect(window->trayController(), &gui::TrayController::pendingCountChanged, window, [=](int) {
        if (!created->isValid())
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
