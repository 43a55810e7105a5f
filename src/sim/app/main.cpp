// lockbox-sim: the Azure Customer Lockbox and Entra ID simulator as a command-line server.

#include "sim/simulator.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: the event loop reads the pipe and quits.
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"lockbox-sim"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LOCKBOX_VERSION));

    QString error;
    QString help;
    const auto options = lockbox::sim::SimOptions::fromArguments(QCoreApplication::arguments(), &error, &help);
    if (!options) {
        if (error == u"help") {
            std::fputs(qPrintable(help), stdout);
            return 0;
        }
        if (error == u"version") {
            std::printf("lockbox-sim %s\n", LOCKBOX_VERSION);
            return 0;
        }
        std::fprintf(stderr, "lockbox-sim: %s\nRun 'lockbox-sim --help' for the options.\n", qPrintable(error));
        return 1;
    }

    if (::pipe(g_signalPipe) != 0) {
        std::perror("lockbox-sim: pipe");
        return 1;
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });

    lockbox::sim::Simulator simulator(*options);
    if (!simulator.start(&error)) {
        std::fprintf(stderr, "lockbox-sim: %s\n", qPrintable(error));
        return 1;
    }
    // The first line is the base URL, for scripts that start the simulator on port 0.
    std::printf("%s\n", qPrintable(simulator.baseUrl().toString()));
    std::fflush(stdout);
    if (!options->staticToken.isEmpty() || !options->clients.isEmpty()) {
        std::fprintf(stderr, "lockbox-sim: %d subscriptions, %d requests each; control API at %s/_sim/info\n",
                     options->subscriptions, options->requestsPerSubscription,
                     qPrintable(simulator.baseUrl().toString()));
    }

    const int rc = QCoreApplication::exec();
    simulator.stop();
    return rc;
}
