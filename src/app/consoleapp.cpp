#include "consoleapp.h"

#include "demosimulator.h"
#include "demotokenprovider.h"

#include "auth/account.h"
#include "auth/cloud.h"
#include "auth/tokenprovider.h"
#include "core/clock.h"
#include "core/translations.h"
#include "engine/engine.h"
#include "engine/profile.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/settingsdialog.h"
#include "gui/singleinstance.h"
#include "gui/systemtraynotifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
namespace lockbox::app {

namespace {

void printErr(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stderr);
}

// Tokens go to an endpoint that is not a Microsoft cloud's (engine::Profile::endpointNotice): said
// for as long as the window is open, in the status bar.
void showEndpointNotice(QMainWindow &window, const QString &notice)
{
    auto *label = new QLabel(notice, &window);
    label->setObjectName(u"endpointNotice"_s);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(u"QLabel { color: palette(highlighted-text); background: palette(highlight); "
                         "padding: 0 6px; }"_s);
    window.statusBar()->addPermanentWidget(label);
}

} // namespace

int runConsole(QApplication &app, const LaunchHooks &hooks)
{
    // First: every word after this follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
    core::installTranslations(app);
    QApplication::setOrganizationName(u"lockbox-console"_s);
    QApplication::setApplicationName(u"lockbox-console"_s);
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Lockbox Console"));
    QApplication::setApplicationVersion(QStringLiteral(LOCKBOX_VERSION));
    // The app id (packaging/): names the desktop entry, the icon, the notifications' desktop-entry
    // hint and the Wayland app id.
    QApplication::setDesktopFileName(u"io.github.lockboxconsole.LockboxConsole"_s);
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
    parser.addOptions({demoOption, profileOption, endpointOption, tokenEnvOption, minimizedOption});
    if (hooks.addOptions)
        hooks.addOptions(parser);
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
    engine::Profile profile;
    if (QString error; !profile.create(profileDir, &error)) {
        printErr(error);
        return 1;
    }
    profileDir = profile.dir();

    gui::SingleInstance instance(profileDir);
    switch (instance.claim()) {
    case gui::SingleInstance::Claim::Primary:
        break;
    case gui::SingleInstance::Claim::Raised:
        printErr(QApplication::translate("main", "Lockbox Console already runs on this profile; showing it."));
        return 0;
    case gui::SingleInstance::Claim::Refused:
        printErr(instance.problem());
        return 1;
    }

    QSettings settings(QDir(profileDir).filePath(u"console.ini"_s), QSettings::IniFormat);
    // The connection is the profile's, shared with lockboxctl (engine::Profile): what is given here
    // is remembered there.
    for (const QString &dropped : profile.adoptConsoleConnection(settings))
        printErr(dropped);
    std::optional<QUrl> givenEndpoint;
    if (parser.isSet(endpointOption)) {
        givenEndpoint = engine::Profile::parseEndpoint(parser.value(endpointOption));
        if (!givenEndpoint) {
            // The same words as lockboxctl's for an http:// endpoint that is not this machine.
            QString problem = engine::Profile::plainHttpProblem(
                u"--endpoint"_s, QUrl(parser.value(endpointOption).trimmed(), QUrl::StrictMode));
            if (problem.isEmpty())
                problem =
                    QApplication::translate("main",
                                            "--endpoint wants an http(s) URL such as https://management.azure.com, "
                                            "not '%1'")
                        .arg(parser.value(endpointOption));
            printErr(problem);
            return 1;
        }
        profile.setEndpoint(*givenEndpoint);
    }
    if (parser.isSet(tokenEnvOption))
        profile.setTokenEnv(parser.value(tokenEnvOption));
    profile.saveAccountSettings();
    // Before anything can start a child (az, the browser): secrets leave the environment.
    profile.takeSecretVariables(parser.value(tokenEnvOption));
    settings.sync();
    QFile::setPermissions(settings.fileName(), QFile::ReadOwner | QFile::WriteOwner);
    const gui::SettingsDialog::Values prefs = gui::SettingsDialog::load(settings);

    Console console;
    const bool minimized = parser.isSet(minimizedOption);

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
        config.accountSettingsFile = QDir(profileDir).filePath(QString::fromLatin1(engine::Profile::kAccountFile));
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
        if (hooks.built)
            hooks.built(parser, console);
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
        config.pendingPollSec = prefs.pendingPollSec;
        // A token variable named on this command line wins over the profile's sign-in; one
        // remembered from before is the profile's sign-in (as for lockboxctl) when nobody has
        // signed in since.
        const QString tokenEnv = parser.value(tokenEnvOption);
        // Where to talk to, by the rule lockboxctl follows too: an endpoint remembered from an
        // earlier --endpoint never receives a signed-in account's tokens.
        const std::optional<Account> account = Account::load(*profile.accountSettings());
        const bool accountsCloud =
            !givenEndpoint && tokenEnv.isEmpty() && account && account->kind != Account::Kind::TokenEnv;
        config.endpoint = profile.armEndpoint(givenEndpoint, account, !tokenEnv.isEmpty());
        if (!tokenEnv.isEmpty()) {
            config.makeTokens = [tokenEnv](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
                return std::make_unique<EnvironmentTokenProvider>(tokenEnv);
            };
            config.tokensDescription = QApplication::translate("main", "token from $%1").arg(tokenEnv);
        }
        // A custom endpoint (a simulator, a proxy) signs in at the same place unless told otherwise;
        // a signed-in account's own cloud leaves the saved sign-in settings alone.
        std::optional<engine::SignInRequest> signIn;
        if (!accountsCloud && config.endpoint.isValid() && !config.endpoint.isEmpty()
            && Cloud::resolve(std::nullopt, std::nullopt, config.endpoint).kind() == Cloud::Kind::Custom) {
            bool preset = false;
            for (const Cloud::Kind kind : {Cloud::Kind::USGov, Cloud::Kind::China})
                preset = preset || Cloud::preset(kind).armEndpoint() == config.endpoint;
            if (!preset) {
                signIn.emplace();
                signIn->cloud = Cloud::custom(config.endpoint, config.endpoint);
            }
        }
        const QString notice = profile.endpointNotice(givenEndpoint, account, !tokenEnv.isEmpty());
        build(std::move(config), std::make_shared<SystemClock>(), std::move(signIn));
        if (!notice.isEmpty()) {
            printErr(notice);
            showEndpointNotice(*console.window, notice);
        }
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

} // namespace lockbox::app
