// lockboxctl: Lockbox Console's engine from a terminal and scripts.

#include "lockboxctl.h"
#include "output.h"

#include <QCoreApplication>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"lockbox-console"_s);
    QCoreApplication::setApplicationName(u"lockbox-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LOCKBOX_VERSION));

    QString error;
    const auto line = lockbox::cli::parseCommandLine(QCoreApplication::arguments().mid(1), &error);
    if (!line) {
        lockbox::cli::printErr(u"lockboxctl: "_s + error + u"\n"_s);
        return lockbox::cli::ExitUsage;
    }
    // Progress notes are for --verbose; warnings always reach standard error.
    if (!line->global.verbose)
        QLoggingCategory::setFilterRules(u"lockbox.*.debug=false\nlockbox.*.info=false"_s);
    else
        QLoggingCategory::setFilterRules(u"lockbox.*.debug=true\nlockbox.*.info=true"_s);
    lockbox::cli::Lockboxctl ctl(*line);
    ctl.start();
    return QCoreApplication::exec();
}
