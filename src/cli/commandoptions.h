#pragma once

#include "commanddescription.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace lockbox::cli {

// The parser of one command's arguments, made from its description: its options (flags and
// options with values) and its positional argument.
class CommandOptions final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::cli::CommandOptions)

public:
    // `description` must outlive this object (the catalogue's do).
    explicit CommandOptions(const CommandDescription &description);

    // On a usage error returns false and sets `error` to a sentence naming the problem.
    bool parse(const QStringList &arguments, QString *error);

    const CommandDescription &description() const { return *m_description; }
    bool isSet(const QString &name) const;
    QString value(const QString &name) const { return values(name).value(0); }
    QStringList values(const QString &name) const;
    QStringList positionals() const { return m_positionals; }

private:
    // Whether the description names the option (a command asking for another is a bug).
    bool isDescribed(const QString &name) const;

    const CommandDescription *m_description;
    QHash<QString, QStringList> m_values;
    QSet<QString> m_flags;
    QStringList m_positionals;
};

} // namespace lockbox::cli
