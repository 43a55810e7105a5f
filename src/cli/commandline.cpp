#include "commandline.h"

#include "commandcatalogue.h"
#include "output.h"

#include "auth/cloud.h"
#include "engine/profile.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

void setGlobalFlag(GlobalOptions &g, QStringView name)
{
    if (name == u"verbose")
        g.verbose = true;
    else if (name == u"help")
        g.help = true;
    else if (name == u"version")
        g.version = true;
}

bool applyGlobal(GlobalOptions &g, QStringView name, const QString &value, QString *error)
{
    if (name == u"endpoint") {
        const std::optional<QUrl> url = engine::Profile::parseEndpoint(value);
        if (!url) {
            *error = plainHttpProblem(u"--endpoint"_s, QUrl(value.trimmed(), QUrl::StrictMode));
            if (error->isEmpty())
                *error =
                    tr("--endpoint wants an http(s) URL such as https://management.azure.com, not '%1'").arg(value);
            return false;
        }
        g.endpoint = *url;
    } else if (name == u"authority") {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty()
            || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
            *error =
                tr("--authority wants an http(s) URL such as https://login.microsoftonline.com, not '%1'").arg(value);
            return false;
        }
        g.authority = url;
    } else if (name == u"profile") {
        if (value.isEmpty()) {
            *error = tr("--profile wants a directory");
            return false;
        }
        g.profileDir = value;
    } else if (name == u"format") {
        if (value == u"table")
            g.format = OutputFormat::Table;
        else if (value == u"json")
            g.format = OutputFormat::Json;
        else if (value == u"csv")
            g.format = OutputFormat::Csv;
        else {
            *error = tr("--format wants table, json or csv, not '%1'").arg(value);
            return false;
        }
    } else if (name == u"token-env") {
        if (value.isEmpty()) {
            *error = tr("--token-env wants the name of an environment variable, such as LOCKBOX_TOKEN");
            return false;
        }
        g.tokenEnv = value;
    } else if (name == u"timeout") {
        bool ok = false;
        const int seconds = value.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            *error = tr("--timeout wants seconds from 1 to 3600, not '%1'").arg(value);
            return false;
        }
        g.timeoutSec = seconds;
    } else if (name == u"concurrency") {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < 1 || n > 32) {
            *error = tr("--concurrency wants a number of subscriptions from 1 to 32, not '%1'").arg(value);
            return false;
        }
        g.concurrency = n;
    }
    return true;
}

} // namespace

QString plainHttpProblem(const QString &what, const QUrl &url)
{
    return engine::Profile::plainHttpProblem(what, url);
}

std::optional<CommandLine> parseCommandLine(const QStringList &arguments, QString *error)
{
    const QList<OptionDescription> &globals = globalOptionDescriptions();
    CommandLine line;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == u"--") {
            line.arguments += arguments.mid(i);
            break;
        }
        if (arg.size() == 2 && arg.startsWith(u'-')) {
            const auto spec = std::find_if(globals.cbegin(), globals.cend(),
                                           [&arg](const OptionDescription &s) { return s.shortName == arg.at(1); });
            if (spec != globals.cend() && !spec->takesValue()) {
                setGlobalFlag(line.global, spec->name);
                continue;
            }
        }
        if (arg.startsWith(u"--")) {
            const qsizetype eq = arg.indexOf(u'=');
            const QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
            const auto spec = std::find_if(globals.cbegin(), globals.cend(),
                                           [&name](const OptionDescription &s) { return s.name == name; });
            if (spec != globals.cend()) {
                if (!spec->takesValue()) {
                    if (eq >= 0) {
                        *error = tr("--%1 takes no value").arg(name);
                        return std::nullopt;
                    }
                    setGlobalFlag(line.global, spec->name);
                    continue;
                }
                QString value;
                if (eq >= 0) {
                    value = arg.mid(eq + 1);
                } else if (i + 1 < arguments.size()) {
                    value = arguments.at(++i);
                } else {
                    *error = tr("--%1 needs a value").arg(name);
                    return std::nullopt;
                }
                if (!applyGlobal(line.global, spec->name, value, error))
                    return std::nullopt;
                continue;
            }
        }
        if (line.command.isEmpty() && !arg.startsWith(u'-')) {
            line.command.append(arg);
            continue;
        }
        if (line.command.size() == 1 && line.arguments.isEmpty() && !arg.startsWith(u'-')
            && subCommandsOf(line.command.first()).contains(arg)) {
            line.command.append(arg);
            continue;
        }
        line.arguments.append(arg);
    }
    return line;
}

} // namespace lockbox::cli
