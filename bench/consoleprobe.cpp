// lockbox-console-probe: the console as users run it (app::runConsole), with the benchmark probes
// of QUALITY P4, P5 and P7 hooked in; bench/console-bench.sh runs it. Each probe prints one JSON
// line and quits:
//   --quit-when-loaded     launch to the first painted rows and to the whole cache in the table;
//   --measure-sync-stall   the longest gap of a 10 ms GUI-thread timer until the first sync's
//                          changes are all in the table.

#include "app/consoleapp.h"
#include "engine/engine.h"
#include "gui/enginehost.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

const QCommandLineOption kQuitLoaded(u"quit-when-loaded"_s, u"Print the time to the first painted table and quit."_s);
const QCommandLineOption kMeasureStall(u"measure-sync-stall"_s,
                                       u"Measure the longest GUI stall during the first sync, print it and quit."_s);

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
    since->start();
    QObject::connect(watchdog, &QTimer::timeout, watchdog, [since, worst, over50, last] {
        const qint64 now = since->elapsed();
        const qint64 gap = now - *last - 10;
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
                                         "\"rows_changed\":%d,\"seconds\":%.3f,\"max_stall_ms\":%lld,"
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

} // namespace

int main(int argc, char *argv[])
{
    static QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    app::LaunchHooks hooks;
    hooks.addOptions = [](QCommandLineParser &parser) { parser.addOptions({kQuitLoaded, kMeasureStall}); };
    hooks.built = [](const QCommandLineParser &parser, app::Console &console) {
        if (parser.isSet(kQuitLoaded))
            probeLaunch(console.window.get(), sinceStart);
        if (parser.isSet(kMeasureStall))
            probeSyncStall(console.window.get(), console.engine->worker());
    };
    return app::runConsole(app, hooks);
}
