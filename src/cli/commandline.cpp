#include "commandline.h"

#include "output.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

struct GlobalSpec
{
    QStringView name;
    bool takesValue;
};

constexpr GlobalSpec kGlobals[] = {
    {u"endpoint", true}, {u"authority", true}, {u"profile", true}, {u"format", true},   {u"token-env", true},
    {u"timeout", true},  {u"verbose", false},  {u"help", false},   {u"version", false}, {u"concurrency", true},
};

// Commands whose second word is a sub-command.
const QHash<QString, QStringList> &subCommands()
{
    static const QHash<QString, QStringList> table = {
        {u"queue"_s, {u"withdraw"_s}},
        {u"tenant"_s, {u"status"_s, u"enable"_s, u"disable"_s}},
    };
    return table;
}

bool applyGlobal(GlobalOptions &g, QStringView name, const QString &value, QString *error)
{
    if (name == u"endpoint") {
        const QUrl url(value, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty()) {
            *error = tr("--endpoint wants an http(s) URL such as https://management.azure.com, not '%1'").arg(value);
            return false;
        }
        g.endpoint = url;
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

std::optional<CommandLine> parseCommandLine(const QStringList &arguments, QString *error)
{
    CommandLine line;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == u"--") {
            line.arguments += arguments.mid(i);
            break;
        }
        if (arg == u"-h")
            line.global.help = true;
        else if (arg == u"-v")
            line.global.verbose = true;
        if (arg == u"-h" || arg == u"-v")
            continue;
        bool global = false;
        if (arg.startsWith(u"--")) {
            const qsizetype eq = arg.indexOf(u'=');
            const QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
            for (const GlobalSpec &spec : kGlobals) {
                if (spec.name != name)
                    continue;
                global = true;
                if (!spec.takesValue) {
                    if (eq >= 0) {
                        *error = tr("--%1 takes no value").arg(name);
                        return std::nullopt;
                    }
                    if (name == u"verbose")
                        line.global.verbose = true;
                    else if (name == u"help")
                        line.global.help = true;
                    else
                        line.global.version = true;
                    break;
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
                if (!applyGlobal(line.global, spec.name, value, error))
                    return std::nullopt;
                break;
            }
        }
        if (global)
            continue;
        if (line.command.isEmpty() && !arg.startsWith(u'-')) {
            line.command.append(arg);
            continue;
        }
        if (line.command.size() == 1 && line.arguments.isEmpty() && !arg.startsWith(u'-')
            && subCommands().value(line.command.first()).contains(arg)) {
            line.command.append(arg);
            continue;
        }
        line.arguments.append(arg);
    }
    return line;
}

CommandOptions::CommandOptions(const QString &command, const QList<Spec> &specs, int minPositionals, int maxPositionals)
    : m_command(command)
    , m_specs(specs)
    , m_minPositionals(minPositionals)
    , m_maxPositionals(maxPositionals)
{
}

bool CommandOptions::parse(const QStringList &arguments, QString *error)
{
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (!onlyPositionals && arg == u"--") {
            onlyPositionals = true;
            continue;
        }
        if (onlyPositionals || !arg.startsWith(u"--")) {
            if (!onlyPositionals && arg.startsWith(u'-') && arg.size() > 1) {
                *error = tr("'%1 %2': unknown option; see 'lockboxctl help %1'").arg(m_command, arg);
                return false;
            }
            m_positionals.append(arg);
            continue;
        }
        const qsizetype eq = arg.indexOf(u'=');
        const QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
        const auto spec =
            std::find_if(m_specs.cbegin(), m_specs.cend(), [&name](const Spec &s) { return s.name == name; });
        if (spec == m_specs.cend()) {
            *error = tr("'%1' has no option --%2; see 'lockboxctl help %1'").arg(m_command, name);
            return false;
        }
        if (!spec->takesValue) {
            if (eq >= 0) {
                *error = tr("--%1 takes no value").arg(name);
                return false;
            }
            m_flags.insert(name);
            continue;
        }
        QString value;
        if (eq >= 0)
            value = arg.mid(eq + 1);
        else if (i + 1 < arguments.size())
            value = arguments.at(++i);
        else {
            *error = tr("--%1 needs a value").arg(name);
            return false;
        }
        if (m_values.contains(name) && !spec->repeatable) {
            *error = tr("--%1 given twice").arg(name);
            return false;
        }
        m_values[name].append(value);
    }
    if (m_positionals.size() < m_minPositionals) {
        *error = tr("'%1' needs %2 argument(s); see 'lockboxctl help %1'").arg(m_command).arg(m_minPositionals);
        return false;
    }
    if (m_positionals.size() > m_maxPositionals) {
        *error = tr("'%1': unexpected argument '%2'; see 'lockboxctl help %1'")
                     .arg(m_command, m_positionals.at(m_maxPositionals));
        return false;
    }
    return true;
}

QString helpText(const QStringList &command)
{
    const QString topic = command.join(u' ');
    if (topic == u"sync")
        return tr("lockboxctl sync [--full] [--subscription S]...\n\n"
                  "Reads Azure's Lockbox requests into the local cache and prints what changed. Without --full only\n"
                  "pending requests are polled, except for subscriptions never fully synced. Decisions still\n"
                  "queued from an earlier failure are sent first.\n");
    if (topic == u"list")
        return tr("lockboxctl list [--status pending|active|history|all|<Status>] [--subscription S]...\n\n"
                  "Lists requests from the local cache (run 'sync' to refresh it). pending (the default): waiting for\n"
                  "a decision; active: approved and still inside the access duration; history: everything else;\n"
                  "<Status>: one of Azure's statuses, e.g. Approved.\n");
    if (topic == u"show")
        return tr("lockboxctl show ID\n\nOne request from the cache, with every field and its timeline.\n");
    if (topic == u"approve")
        return tr("lockboxctl approve ID [--reason R]\n\n"
                  "Approves a pending request. Exit 0 only when Azure accepted the decision; when it could not be\n"
                  "sent, it stays queued (see 'queue') and goes out at the next sync.\n");
    if (topic == u"deny")
        return tr("lockboxctl deny ID --reason R\n\nDenies a pending request; the reason is required.\n");
    if (topic == u"queue" || topic == u"queue withdraw")
        return tr("lockboxctl queue\nlockboxctl queue withdraw ID\n\n"
                  "Shows the decisions not yet acknowledged by Azure, or withdraws a queued one before it is sent.\n");
    if (topic == u"audit")
        return tr("lockboxctl audit [--since T] [--until T] [--request ID] [--verify] [--import-activity-log]\n\n"
                  "Shows the local audit trail (T: ISO 8601 date or date-time, UTC). --verify checks the hash\n"
                  "chain and exits 6 when a record was altered, removed, reordered or inserted.\n"
                  "--import-activity-log first imports the Lockbox events of Azure's Activity Log (last 89 days).\n");
    if (topic == u"subscriptions")
        return tr("lockboxctl subscriptions\n\n"
                  "Lists the subscriptions the signed-in user or application can see. --format json prints an array\n"
                  "of objects with subscriptionId, displayName, state and tenantId.\n");
    if (topic.startsWith(u"tenant"))
        return tr("lockboxctl tenant status [--tenant ID]\n"
                  "lockboxctl tenant enable|disable [--tenant ID] [--yes]\n\n"
                  "status says whether Customer Lockbox is enabled for the tenant. enable and disable switch it for\n"
                  "the whole tenant, which only a Global Administrator may do (exit 3 otherwise). They ask you to\n"
                  "type the tenant id to confirm; where standard input is not a terminal, pass --yes instead.\n");
    if (topic == u"login")
        return tr("lockboxctl login [--device-code | --browser | --az-cli | --client-secret]\n"
                  "                 [--tenant T] [--client-id C] [--cloud public|usgov|china] [--no-browser]\n\n"
                  "Signs the profile in with Microsoft Entra ID; later commands on the profile renew their tokens by\n"
                  "themselves until 'logout'. What renews them (the refresh token; for --client-secret, the secret)\n"
                  "is kept in the system keychain (Secret Service), never in the profile. Without a keychain you have\n"
                  "to sign in each time.\n\n"
                  "  --device-code    (the default) shows a code to enter at a web page, on any device\n"
                  "  --browser        opens the browser; the answer comes back to 127.0.0.1 on this machine\n"
                  "                   (--no-browser only prints the address to open)\n"
                  "  --az-cli         uses the Azure CLI's sign-in ('az login'); asks az for each token\n"
                  "  --client-secret  signs in as an application: --tenant and --client-id are required and the\n"
                  "                   secret is read from the environment variable LOCKBOX_CLIENT_SECRET\n"
                  "  --tenant T       tenant id or domain (default: organizations)\n"
                  "  --client-id C    the application (default: the Azure CLI's public client)\n"
                  "  --cloud NAME     public (default), usgov or china: sets the sign-in authority and ARM\n\n"
                  "The global --authority URL and --endpoint URL override the cloud's authority and ARM endpoint\n"
                  "(for example lockbox-sim's base URL for both).\n");
    if (topic == u"logout")
        return tr("lockboxctl logout\n\nSigns the profile out: removes its secrets from the keychain and forgets the "
                  "account.\nSays what was removed.\n");
    if (topic == u"whoami")
        return tr("lockboxctl whoami\n\n"
                  "Who the profile is signed in as: user or application, tenant, cloud, authority, endpoint, how\n"
                  "it signed in and when the current token expires (it renews the token to find out).\n");
    if (topic == u"watch")
        return tr("lockboxctl watch [--interval S] [--subscription S]...\n\n"
                  "Stays running and prints each new pending request as one line (or a JSON object per line with\n"
                  "--format json). Ctrl+C stops it.\n");
    return tr("Usage: lockboxctl [global options] COMMAND [options]\n\n"
              "Commands:\n"
              "  sync [--full] [--subscription S]       one sync now; prints what changed\n"
              "  list [--status …] [--subscription S]   requests from the cache\n"
              "  show ID                                one request with its timeline\n"
              "  approve ID [--reason R]                approve; exit 0 only when Azure accepted\n"
              "  deny ID --reason R                     deny\n"
              "  queue | queue withdraw ID              decisions not yet acknowledged\n"
              "  audit [--since T] [--until T] [--verify] [--import-activity-log]\n"
              "  subscriptions                          subscriptions the signed-in user can see\n"
              "  tenant status|enable|disable           Customer Lockbox for the whole tenant\n"
              "  watch                                  print each new pending request as it arrives\n"
              "  login [--device-code|--browser|--az-cli|--client-secret] [--tenant T] [--client-id C]\n"
              "        [--cloud public|usgov|china]     sign in; later commands renew tokens by themselves\n"
              "  logout                                 sign out: remove the keychain secrets and the account\n"
              "  whoami                                 who is signed in, where, and until when\n"
              "  help [COMMAND]\n\n"
              "Global options (before or after the command):\n"
              "  --endpoint URL      Azure Resource Manager (default https://management.azure.com;\n"
              "                      remembered in the profile)\n"
              "  --authority URL     Entra ID sign-in authority for login (default per --cloud;\n"
              "                      remembered with the account)\n"
              "  --profile DIR       where the cache, audit trail and settings live\n"
              "  --format F          table (default), json or csv\n"
              "  --token-env VAR     read the bearer token from environment variable VAR (remembered;\n"
              "                      for automation without login)\n"
              "  --timeout S         per-request timeout in seconds (default 30)\n"
              "  --concurrency N     subscriptions synced at once, sharing one ARM read budget (default 4)\n"
              "  -v, --verbose       log what happens on standard error\n\n"
              "Exit codes: 0 ok, 1 usage, 2 not signed in or token rejected, 3 forbidden, 4 not found or not\n"
              "pending, 5 network or server failure after retries, 6 integrity failure.\n");
}

} // namespace lockbox::cli
