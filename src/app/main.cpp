// lockbox-console: the composition root. It reads the command line, picks the profile, makes
// sure one console runs per profile, builds the engine (on its own thread), the tray and the
// window, and wires them. Nothing else in the project constructs this graph.

#include "demosimulator.h"
#include "demotokenprovider.h"

#include "auth/cloud.h"
#include "auth/tokenprovider.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"
#include "gui/settingsdialog.h"
#include "gui/singleinstance.h"
#include "gui/systemtraynotifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

struct Console
{
    std::unique_ptr<gui::EngineHost> engine;
    std::unique_ptr<gui::SystemTrayNotifier> tray;
    std::unique_ptr<gui::MainWindow> window;
};

void printErr(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"lockbox-console"_s);
    QApplication::setApplicationName(u"lockbox-console"_s);
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Lockbox Console"));
    QApplication::setApplicationVersion(QStringLiteral(LOCKBOX_VERSION));
    QApplication::setDesktopFileName(u"lockbox-console"_s);
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps it running
    gui::initResources();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Approve or deny Azure Customer Lockbox requests from your desktop."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        u"demo"_s,
        QApplication::translate(
            "main", "Run against an embedded Azure simulator with a temporary profile (nothing real is touched)."));
    const QCommandLineOption profileOption(
        u"profile"_s, QApplication::translate("main", "Profile directory (database, settings)."), u"dir"_s);
    const QCommandLineOption endpointOption(
        u"endpoint"_s, QApplication::translate("main", "Azure Resource Manager endpoint (remembered)."), u"url"_s);
    const QCommandLineOption tokenEnvOption(
        u"token-env"_s,
        QApplication::translate("main", "Read the bearer token from this environment variable (remembered)."),
        u"var"_s);
    const QCommandLineOption minimizedOption(u"minimized"_s,
                                             QApplication::translate("main", "Start in the tray (at login)."));
    const QCommandLineOption quitLoadedOption(
        u"quit-when-loaded"_s,
        QApplication::translate("main", "Print the time to the first painted table and quit (benchmarks)."));
    const QCommandLineOption stallOption(
        u"measure-sync-stall"_s,
        QApplication::translate("main",
                                "Measure the longest GUI stall during the first sync, print it and quit "
                                "(benchmarks)."));
    parser.addOptions(
        {demoOption, profileOption, endpointOption, tokenEnvOption, minimizedOption, quitLoadedOption, stallOption});
    parser.process(app);

    const bool demo = parser.isSet(demoOption);
    std::unique_ptr<QTemporaryDir> demoProfile;
    QString profileDir = parser.value(profileOption);
    if (demo && profileDir.isEmpty()) {
        demoProfile = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"lockbox-demo-XXXXXX"_s));
        if (!demoProfile->isValid()) {
            printErr(QApplication::translate("main", "Cannot create a temporary profile: %1")
                         .arg(demoProfile->errorString()));
            return 1;
        }
        profileDir = demoProfile->path();
    }
    if (profileDir.isEmpty())
        profileDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(profileDir)) {
        printErr(QApplication::translate("main", "Cannot create the profile directory %1").arg(profileDir));
        return 1;
    }
    QFile::setPermissions(profileDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    gui::SingleInstance instance(profileDir);
    if (!instance.claim()) {
        printErr(QApplication::translate("main", "Lockbox Console already runs on this profile; showing it."));
        return 0;
    }

    QSettings settings(QDir(profileDir).filePath(u"console.ini"_s), QSettings::IniFormat);
    if (parser.isSet(endpointOption))
        settings.setValue(u"connection/endpoint"_s, parser.value(endpointOption));
    if (parser.isSet(tokenEnvOption))
        settings.setValue(u"connection/tokenEnv"_s, parser.value(tokenEnvOption));
    settings.sync();
    QFile::setPermissions(settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
    const gui::SettingsDialog::Values prefs = gui::SettingsDialog::load(settings);

    Console console;
    const bool quitWhenLoaded = parser.isSet(quitLoadedOption);
    const bool minimized = parser.isSet(minimizedOption);
    const bool measureStall = parser.isSet(stallOption);

    // Builds the engine, the tray and the window once the endpoint and clock are known. `config`
    // says where tokens come from; the rest is filled in here.
    const auto build = [&](engine::EngineConfig config, std::shared_ptr<const Clock> clock,
                           std::optional<engine::SignInRequest> signInDefaults) {
        config.profileDir = profileDir;
        config.clock = clock;
        config.subscriptions = prefs.subscriptions;
        config.concurrency = prefs.concurrency;
        config.stepUpMaxAgeSec = prefs.stepUp ? prefs.stepUpMaxAgeSec : 0;
        // The sign-in is the profile's: lockboxctl on the same profile shares it.
        config.accountSettingsFile = QDir(profileDir).filePath(u"lockboxctl.ini"_s);
        console.engine = std::make_unique<gui::EngineHost>(config);
        console.tray = std::make_unique<gui::SystemTrayNotifier>();
        gui::MainWindowOptions options;
        options.demo = demo;
        options.profileDir = profileDir;
        options.signInDefaults = std::move(signInDefaults);
        console.window =
            std::make_unique<gui::MainWindow>(console.engine.get(), console.tray.get(), std::move(clock), options);
        QObject::connect(&instance, &gui::SingleInstance::activationRequested, console.window.get(),
                         &gui::MainWindow::raiseWindow);
        if (quitWhenLoaded) {
            auto firstMs = std::make_shared<qint64>(-1);
            QObject::connect(console.window.get(), &gui::MainWindow::firstRowsShown, console.window.get(),
                             [&, firstMs] {
                                 console.window->repaint(); // painted now, with the newest rows
                                 *firstMs = sinceStart.elapsed();
                             });
            QObject::connect(console.window.get(), &gui::MainWindow::loaded, console.window.get(), [&, firstMs] {
                console.window->repaint();
                std::printf("{\"bench\":\"console_launch\",\"rows\":%d,\"first_rows_ms\":%lld,\"ms\":%lld}\n",
                            console.window->requestModel()->rowCount(), qint64(*firstMs), qint64(sinceStart.elapsed()));
                std::fflush(stdout);
                QTimer::singleShot(0, &app, &QApplication::quit);
            });
        }
        if (measureStall) {
            // A 10 ms watchdog on the GUI thread: the longest gap between two ticks is the longest stall.
            auto *watchdog = new QTimer(console.window.get());
            auto *since = new QElapsedTimer;
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
            QObject::connect(watchdog, &QObject::destroyed, [since] { delete since; });
            watchdog->start();
            QObject::connect(console.engine->worker(), &engine::Engine::syncFinished, console.window.get(),
                             [&, since, worst, over50](int changed, const QStringList &errors) {
                                 // Measured until the last of the change is in the table.
                                 const auto report = [&, since, worst, over50, changed, errors] {
                                     std::printf("{\"bench\":\"gui_stall_during_sync\",\"requests\":%d,"
                                                 "\"rows_changed\":%d,\"seconds\":%.3f,\"max_stall_ms\":%lld,"
                                                 "\"stalls_over_50ms\":%d,\"errors\":%d}\n",
                                                 console.window->requestModel()->rowCount(), changed,
                                                 double(since->elapsed()) / 1000.0, qint64(*worst), *over50,
                                                 int(errors.size()));
                                     std::fflush(stdout);
                                     QTimer::singleShot(0, &app, &QApplication::quit);
                                 };
                                 if (console.window->isApplyingChanges())
                                     QObject::connect(console.window.get(), &gui::MainWindow::changesApplied,
                                                      console.window.get(), report);
                                 else
                                     report();
                             });
        }
        if (!minimized || !console.tray->isAvailable())
            console.window->show();
        console.engine->start();
    };

    std::unique_ptr<app::DemoSimulator> simulator;
    if (demo) {
        simulator = std::make_unique<app::DemoSimulator>();
        QObject::connect(simulator.get(), &app::DemoSimulator::failed, &app, [](const QString &error) {
            printErr(QApplication::translate("main", "The demo simulator could not start: %1").arg(error));
            QApplication::exit(1);
        });
        QObject::connect(simulator.get(), &app::DemoSimulator::ready, &app,
                         [&](const QUrl &url, std::shared_ptr<const Clock> clock) {
                             engine::EngineConfig config;
                             config.endpoint = url;
                             config.makeTokens = [](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
                                 return std::make_unique<app::DemoTokenProvider>(
                                     QByteArray(app::DemoSimulator::kToken));
                             };
                             config.tokensDescription = QApplication::translate("main", "the demo's token");
                             config.pendingPollSec = 10;
                             // Signing in works against the simulator's own Entra ID; in memory only.
                             config.keepSignIn = false;
                             engine::SignInRequest signIn;
                             signIn.cloud = Cloud::custom(url, url);
                             build(std::move(config), std::move(clock), signIn);
                         });
        simulator->start(app::DemoSimulator::demoOptions());
    } else {
        engine::EngineConfig config;
        // An endpoint given (or remembered from) the command line wins; otherwise the signed-in
        // account's cloud says which Resource Manager to use.
        config.endpoint = QUrl(settings.value(u"connection/endpoint"_s).toString());
        config.pendingPollSec = prefs.pendingPollSec;
        const QString tokenEnv = settings.value(u"connection/tokenEnv"_s).toString();
        if (!tokenEnv.isEmpty()) {
            config.makeTokens = [tokenEnv](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
                return std::make_unique<EnvironmentTokenProvider>(tokenEnv);
            };
            config.tokensDescription = QApplication::translate("main", "token from $%1").arg(tokenEnv);
        }
        // A custom endpoint (a simulator, a proxy) signs in at the same place unless told otherwise.
        std::optional<engine::SignInRequest> signIn;
        if (config.endpoint.isValid() && !config.endpoint.isEmpty()
            && Cloud::resolve(std::nullopt, std::nullopt, config.endpoint).kind() == Cloud::Kind::Custom) {
            bool preset = false;
            for (const Cloud::Kind kind : {Cloud::Kind::USGov, Cloud::Kind::China})
                preset = preset || Cloud::preset(kind).armEndpoint() == config.endpoint;
            if (!preset) {
                signIn.emplace();
                signIn->cloud = Cloud::custom(config.endpoint, config.endpoint);
            }
        }
        build(std::move(config), std::make_shared<SystemClock>(), std::move(signIn));
    }

    const int code = QApplication::exec();
    // Stop the engine (it closes the database) before the window and the simulator go.
    if (console.engine)
        console.engine->stop();
    console.window.reset();
    console.tray.reset();
    console.engine.reset();
    simulator.reset();
    return code;
}
