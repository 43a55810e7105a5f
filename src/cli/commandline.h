#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace lockbox::cli {

enum class OutputFormat { Table, Json, Csv };

// Options every command takes, before or after the command word.
struct GlobalOptions final
{
    std::optional<QUrl> endpoint;  // ARM base URL; remembered in the profile once given
    std::optional<QUrl> authority; // Entra authority (login); remembered with the account
    QString profileDir;            // empty: the default profile
    OutputFormat format = OutputFormat::Table;
    std::optional<QString> tokenEnv; // environment variable holding a bearer token
    int timeoutSec = 30;
    int concurrency = 4; // subscriptions synced at once
    bool verbose = false;
    bool help = false;
    bool version = false;
};

// The command line split into global options, the command words and the command's own
// arguments, in their original order.
struct CommandLine final
{
    GlobalOptions global;
    QStringList command;   // e.g. {"queue", "withdraw"}
    QStringList arguments; // what follows, global options removed
};

// Why `url` cannot be talked to, or an empty string when it can: plain http goes only to this
// machine (127.0.0.1, ::1, localhost), where a simulator runs. `what` names it ("--endpoint").
QString plainHttpProblem(const QString &what, const QUrl &url);

// Splits `arguments` (without the program name). On a usage error returns nothing and sets
// `error` to a sentence naming the problem and the fix.
std::optional<CommandLine> parseCommandLine(const QStringList &arguments, QString *error);

} // namespace lockbox::cli
