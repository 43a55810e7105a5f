#pragma once

#include <QHash>
#include <QSet>
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

// Splits `arguments` (without the program name). On a usage error returns nothing and sets
// `error` to a sentence naming the problem and the fix.
std::optional<CommandLine> parseCommandLine(const QStringList &arguments, QString *error);

// The option parser of one command: flags and options with values, positionals counted.
class CommandOptions final
{
public:
    struct Spec
    {
        QString name; // without dashes
        bool takesValue;
        bool repeatable = false;
    };

    CommandOptions(const QString &command, const QList<Spec> &specs, int minPositionals, int maxPositionals);

    bool parse(const QStringList &arguments, QString *error);
    bool isSet(const QString &name) const { return m_values.contains(name) || m_flags.contains(name); }
    QString value(const QString &name) const { return m_values.value(name).value(0); }
    QStringList values(const QString &name) const { return m_values.value(name); }
    QStringList positionals() const { return m_positionals; }

private:
    QString m_command;
    QList<Spec> m_specs;
    int m_minPositionals;
    int m_maxPositionals;
    QHash<QString, QStringList> m_values;
    QSet<QString> m_flags;
    QStringList m_positionals;
};

// The help text of lockboxctl, or of one command when `command` names one.
QString helpText(const QStringList &command = {});

} // namespace lockbox::cli
