#include "commandoptions.h"

#include "output.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

CommandOptions::CommandOptions(const CommandDescription &description)
    : m_description(&description)
{
}

bool CommandOptions::isDescribed(const QString &name) const
{
    const QList<OptionDescription> &options = m_description->options;
    return std::any_of(options.cbegin(), options.cend(),
                       [&name](const OptionDescription &option) { return option.name == name; });
}

bool CommandOptions::isSet(const QString &name) const
{
    Q_ASSERT_X(isDescribed(name), "CommandOptions::isSet", "the command's description names no such option");
    return m_values.contains(name) || m_flags.contains(name);
}

QStringList CommandOptions::values(const QString &name) const
{
    Q_ASSERT_X(isDescribed(name), "CommandOptions::values", "the command's description names no such option");
    return m_values.value(name);
}

bool CommandOptions::parse(const QStringList &arguments, QString *error)
{
    const QString command = m_description->name();
    const qsizetype maxPositionals = m_description->positional.isEmpty() ? 0 : 1;
    const QList<OptionDescription> &specs = m_description->options;
    bool onlyPositionals = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (!onlyPositionals && arg == u"--") {
            onlyPositionals = true;
            continue;
        }
        if (onlyPositionals || !arg.startsWith(u"--")) {
            if (!onlyPositionals && arg.startsWith(u'-') && arg.size() > 1) {
                *error = tr("'%1 %2': unknown option; see 'lockboxctl help %1'").arg(command, arg);
                return false;
            }
            m_positionals.append(arg);
            continue;
        }
        const qsizetype eq = arg.indexOf(u'=');
        const QString name = arg.mid(2, eq < 0 ? -1 : eq - 2);
        const auto spec =
            std::find_if(specs.cbegin(), specs.cend(), [&name](const OptionDescription &s) { return s.name == name; });
        if (spec == specs.cend()) {
            *error = tr("'%1' has no option --%2; see 'lockboxctl help %1'").arg(command, name);
            return false;
        }
        if (!spec->takesValue()) {
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
    if (m_positionals.size() < maxPositionals) {
        *error = tr("'%1' needs %n argument(s); see 'lockboxctl help %1'", nullptr, int(maxPositionals)).arg(command);
        return false;
    }
    if (m_positionals.size() > maxPositionals) {
        *error = tr("'%1': unexpected argument '%2'; see 'lockboxctl help %1'")
                     .arg(command, m_positionals.at(maxPositionals));
        return false;
    }
    return true;
}

} // namespace lockbox::cli
