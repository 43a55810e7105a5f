#pragma once

#include <QCommandLineParser>

#include <functional>
#include <memory>

class QApplication;

namespace lockbox::gui {
class EngineHost;
class MainWindow;
class SystemTrayNotifier;
} // namespace lockbox::gui

namespace lockbox::app {

// What the composition root built: the engine (on its own thread), the tray and the window.
struct Console final
{
    std::unique_ptr<gui::EngineHost> engine;
    std::unique_ptr<gui::SystemTrayNotifier> tray;
    std::unique_ptr<gui::MainWindow> window;
};

// Where a benchmark probe (bench/consoleprobe.cpp) hooks into a launch: options of its own on
// the command line, and a look at the console once built, before its window shows. The product
// passes none.
struct LaunchHooks final
{
    std::function<void(QCommandLineParser &parser)> addOptions;
    std::function<void(const QCommandLineParser &parser, Console &console)> built;
};

// lockbox-console's composition root: names the application, reads the command line, picks the
// profile, makes sure one console runs per profile, builds the engine, the tray and the window,
// wires them and runs the event loop. Returns the exit code. Nothing else in the project builds
// this graph (lockboxctl builds its engine parts through the same engine::Profile and
// engine::ArmServices).
int runConsole(QApplication &app, const LaunchHooks &hooks = {});

} // namespace lockbox::app
