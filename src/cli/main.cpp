// lockboxctl: Lockbox Console's engine from a terminal and scripts.

#include "lockboxctl.h"
#include "output.h"

#include "core/allocator.h"
#include "core/translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <csignal>
#include <cstdlib>
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

// `watch` runs until Ctrl+C or SIGTERM, which then end it normally (exit 0).
void stopCleanlyOnSignals()
{
    if (::pipe(g_signalPipe) != 0)
        return;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(0); });
}

// Log lines (warnings, and everything under --verbose) carry server text too: they reach the
// terminal through the same rule as every other line lockboxctl prints.
void logToStandardError(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    lockbox::cli::printErr(qFormatLogMessage(type, context, message) + u'\n');
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

int main(int argc, char *argv[])
{
    lockbox::core::tuneAllocator(lockbox::core::kCommandLineAllocator);
    qInstallMessageHandler(logToStandardError);
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"lockbox-console"_s);
    QCoreApplication::setApplicationName(u"lockbox-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LOCKBOX_VERSION));
    // Messages follow the locale (a command line it cannot read is told in the user's language).
    lockbox::core::installTranslations(app);

    QString error;
    const auto line = lockbox::cli::parseCommandLine(QCoreApplication::arguments().mid(1), &error);
    if (!line) {
        lockbox::cli::printErr(u"lockboxctl: "_s + error + u"\n"_s);
        return lockbox::cli::ExitUsage;
    }
    // What scripts read never depends on the locale: with --format json or csv, lockboxctl speaks
    // English throughout, its values, summaries and messages alike.
    if (line->global.format != lockbox::cli::OutputFormat::Table)
        lockbox::core::removeTranslations(app);
    // Progress notes are for --verbose; warnings always reach standard error.
    if (!line->global.verbose)
        QLoggingCategory::setFilterRules(u"lockbox.*.debug=false\nlockbox.*.info=false\nlockbox.azure.warning=false"_s);
    else
        QLoggingCategory::setFilterRules(u"lockbox.*.debug=true\nlockbox.*.info=true"_s);
    if (line->command.value(0) == u"watch")
        stopCleanlyOnSignals();
    lockbox::cli::Lockboxctl ctl(*line);
    ctl.start();
    return QCoreApplication::exec();
}
