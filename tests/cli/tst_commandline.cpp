// lockboxctl's help against its own parser, from outside. For every command the general usage
// names, the options its parser takes are exactly those of its line in the usage, of its --help
// page's synopsis and of that page's option table, each with a value or as a flag (and, in the
// synopses, repeatable or not) as the parser takes it; the same for the global options; and the
// README's command table names the same options for each command word. The parser is probed with
// arguments it must refuse before a command does anything, so no probe touches a network or a
// profile that matters.

#include "clitestkit.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;

namespace {

// How an option is taken or shown.
struct OptionUse
{
    bool value = false;      // takes a value (else a flag)
    bool repeatable = false; // may be given more than once
};

using Options = QMap<QString, OptionUse>; // by name without dashes; sorted for messages

// The options a synopsis or an option table's first column names: "--name", "--name ARG",
// "[--name ARG]...", "[--a | --b]". A value is the word after one space; two spaces end a column.
Options optionsIn(const QString &text)
{
    static const QRegularExpression option(
        uR"((?<![\w-])--([a-z][a-z0-9-]*)(?:[ =]([^\s\[\]|.-][^\s\].]*))?(\]?\.\.\.)?)"_s);
    Options options;
    for (auto it = option.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        options.insert(m.captured(1), {m.hasCaptured(2), m.hasCaptured(3)});
    }
    return options;
}

// Every "--name" in `text`, prose included: the candidates to probe the parser with.
QSet<QString> namesIn(const QString &text)
{
    static const QRegularExpression name(uR"((?<![\w-])--([a-z][a-z0-9-]*))"_s);
    QSet<QString> names;
    for (auto it = name.globalMatch(text); it.hasNext();)
        names.insert(it.next().captured(1));
    return names;
}

// A usage or table line's first column: without its indentation, up to two spaces.
QString firstColumn(const QString &line)
{
    const QString text = line.trimmed();
    const qsizetype gap = text.indexOf(u"  "_s);
    return gap < 0 ? text : text.left(gap);
}

// The command words a synopsis starts with ("queue withdraw ID" → queue, withdraw).
QStringList leadingWords(const QString &synopsis)
{
    static const QRegularExpression word(u"^[a-z][a-z-]*$"_s);
    QStringList words;
    for (const QString &token : synopsis.split(u' ', Qt::SkipEmptyParts)) {
        if (!word.match(token).hasMatch())
            break;
        words.append(token);
    }
    return words;
}

QString describe(const Options &options)
{
    QStringList names;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        names.append(u"--"_s + it.key() + (it->value ? u" ARG"_s : QString())
                     + (it->repeatable ? u"..."_s : QString()));
    return names.isEmpty() ? u"(none)"_s : names.join(u", "_s);
}

// Where `shown` differs from what the parser takes; `withRepeats`: whether `shown` says which
// options repeat.
QStringList differences(const Options &taken, const Options &shown, const QString &where, bool withRepeats)
{
    QStringList problems;
    for (auto it = taken.cbegin(); it != taken.cend(); ++it) {
        if (!shown.contains(it.key())) {
            problems.append(u"--%1: the parser takes it, %2 does not show it"_s.arg(it.key(), where));
            continue;
        }
        const OptionUse &s = shown.value(it.key());
        if (s.value != it->value)
            problems.append(u"--%1: the parser takes it %2, %3 shows it %4"_s.arg(
                it.key(), it->value ? u"with a value"_s : u"as a flag"_s, where,
                s.value ? u"with a value"_s : u"as a flag"_s));
        else if (withRepeats && s.repeatable != it->repeatable)
            problems.append(u"--%1: the parser takes it %2, %3 shows it %4"_s.arg(
                it.key(), it->repeatable ? u"repeatedly"_s : u"once"_s, where,
                s.repeatable ? u"as repeatable"_s : u"as taken once"_s));
    }
    for (auto it = shown.cbegin(); it != shown.cend(); ++it) {
        if (!taken.contains(it.key()))
            problems.append(u"--%1: %2 shows it, the parser does not take it"_s.arg(it.key(), where));
    }
    return problems;
}

// One command's line in the general usage.
struct UsageEntry
{
    QStringList words;
    Options options;
};

} // namespace

class TestCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void everyCommandsHelpShowsWhatItsParserTakes_data();
    void everyCommandsHelpShowsWhatItsParserTakes();
    void globalOptionsInTheUsageAreWhatTheParserTakes();
    void readmeTableNamesWhatTheParserTakes();

private:
    CtlResult run(const QStringList &arguments) const;
    // How the parser of `words` takes --name: nothing when it refuses it; `error` says why when
    // the probe did not end in the parser.
    std::optional<OptionUse> probe(const QStringList &words, const QString &name, QString *error) const;
    // The same for the global options: whether --name is one, and how.
    std::optional<OptionUse> probeGlobal(const QString &name) const;
    // What `lockboxctl WORDS --help` says of WORDS: the page from its synopsis to the next page.
    QStringList helpPage(const QStringList &words) const;
    // Options of every command sharing the first word `word`, as the parser takes them.
    Options takenByWord(const QString &word, QString *error) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Ctl> m_ctl;
    QString m_usage;
    QList<UsageEntry> m_entries;
    QSet<QString> m_candidates;
    Options m_globals; // as the parser takes them
    QStringList m_readmeRows;
};

CtlResult TestCommandLine::run(const QStringList &arguments) const
{
    return m_ctl->runRaw(QStringList {u"--profile"_s, m_ctl->profileDir()} + arguments, 20000);
}

std::optional<OptionUse> TestCommandLine::probe(const QStringList &words, const QString &name, QString *error) const
{
    // A flag refuses "=x"; an option taken once refuses a second value; a repeatable one refuses
    // to end without a value. Every answer comes from the parser, before the command runs.
    const QString option = u"--"_s + name;
    const CtlResult r = run(words + QStringList {option + u"=x"_s, option + u"=y"_s, option});
    const QString err = QString::fromUtf8(r.err);
    if (r.code == 1 && err.contains(u"has no option "_s + option))
        return std::nullopt;
    if (r.code == 1 && err.contains(option + u" takes no value"_s))
        return OptionUse {false, false};
    if (r.code == 1 && err.contains(option + u" given twice"_s))
        return OptionUse {true, false};
    if (r.code == 1 && err.contains(option + u" needs a value"_s))
        return OptionUse {true, true};
    *error = u"probing %1 %2 did not end in the parser: %3"_s.arg(words.join(u' '), option, r.describe());
    return std::nullopt;
}

std::optional<OptionUse> TestCommandLine::probeGlobal(const QString &name) const
{
    const QString option = u"--"_s + name;
    if (run({option}).err.contains((option + u" needs a value"_s).toUtf8()))
        return OptionUse {true, false};
    if (run({option + u"=x"_s}).err.contains((option + u" takes no value"_s).toUtf8()))
        return OptionUse {false, false};
    return std::nullopt;
}

QStringList TestCommandLine::helpPage(const QStringList &words) const
{
    const CtlResult r = run(words + QStringList {u"--help"_s});
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n');
    QStringList page;
    bool inPage = false;
    for (const QString &line : lines) {
        if (line.startsWith(u"lockboxctl "_s)) {
            if (inPage)
                break;
            inPage = leadingWords(line.mid(11)) == words;
        }
        if (inPage)
            page.append(line);
    }
    return page;
}

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_ctl = std::make_unique<Ctl>(QUrl(u"http://127.0.0.1:9"_s), QDir(m_dir.path()).filePath(u"profile"_s));

    const CtlResult usage = run({u"help"_s});
    QVERIFY2(usage.code == 0, qPrintable(usage.describe()));
    m_usage = QString::fromUtf8(usage.out);
    // Besides every name the help and the README use, names a parser commonly takes unasked.
    m_candidates = {u"help"_s,   u"version"_s, u"verbose"_s, u"quiet"_s, u"debug"_s,
                    u"output"_s, u"force"_s,   u"yes"_s,     u"all"_s,   u"dry-run"_s};
    m_candidates += namesIn(m_usage);

    // "Commands:" up to the next empty line: an entry at two spaces, its continuation deeper (a
    // summary on a line of its own stands far right and names no option).
    bool inCommands = false;
    for (const QString &line : m_usage.split(u'\n')) {
        if (line.startsWith(u"Commands"_s)) {
            inCommands = true;
            continue;
        }
        if (!inCommands)
            continue;
        if (line.trimmed().isEmpty())
            break;
        const qsizetype depth = line.indexOf(line.trimmed());
        if (depth == 2) {
            const QString synopsis = firstColumn(line);
            m_entries.append({leadingWords(synopsis), optionsIn(synopsis)});
        } else if (depth < 20 && !m_entries.isEmpty()) {
            const Options more = optionsIn(firstColumn(line));
            m_entries.last().options.insert(more);
        }
    }
    QVERIFY2(m_entries.size() > 5, qPrintable(m_usage));
    m_entries.removeIf([](const UsageEntry &e) { return e.words == QStringList {u"help"_s}; });

    // The README's table of commands: its first column, one or more `synopsis` each.
    QFile readme(QStringLiteral(LOCKBOX_SOURCE_DIR "/README.md"));
    QVERIFY2(readme.open(QIODevice::ReadOnly), qPrintable(readme.fileName()));
    const QString text = QString::fromUtf8(readme.readAll());
    const qsizetype from = text.indexOf(u"## The command line: `lockboxctl`"_s);
    QVERIFY(from >= 0);
    const QString section = text.mid(from, text.indexOf(u"\n## "_s, from + 1) - from);
    static const QRegularExpression code(u"`([^`]+)`"_s);
    for (const QString &line : section.split(u'\n')) {
        if (!line.startsWith(u"| `"_s))
            continue;
        const QString cell = line.mid(2, line.indexOf(u" | "_s, 2) - 2);
        for (auto it = code.globalMatch(cell); it.hasNext();) {
            QString synopsis = it.next().captured(1);
            synopsis.replace(u"\\|"_s, u"|"_s);
            m_readmeRows.append(synopsis);
            m_candidates += namesIn(synopsis);
        }
    }
    QVERIFY2(m_readmeRows.size() > 5, qPrintable(section));

    for (const UsageEntry &entry : std::as_const(m_entries)) {
        const CtlResult help = run(entry.words + QStringList {u"--help"_s});
        m_candidates += namesIn(QString::fromUtf8(help.out));
    }
    for (const QString &name : std::as_const(m_candidates)) {
        if (const auto use = probeGlobal(name))
            m_globals.insert(name, *use);
    }
    QVERIFY2(m_globals.contains(u"profile"_s) && m_globals.contains(u"format"_s), qPrintable(describe(m_globals)));
}

void TestCommandLine::everyCommandsHelpShowsWhatItsParserTakes_data()
{
    QTest::addColumn<int>("entry");
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        QTest::newRow(qPrintable(m_entries.at(i).words.join(u' '))) << int(i);
}

void TestCommandLine::everyCommandsHelpShowsWhatItsParserTakes()
{
    QFETCH(int, entry);
    const QStringList words = m_entries.at(entry).words;
    const Options inUsage = m_entries.at(entry).options;
    QStringList problems;
    Options taken;
    for (const QString &name : std::as_const(m_candidates)) {
        if (m_globals.contains(name))
            continue;
        QString error;
        if (const auto use = probe(words, name, &error))
            taken.insert(name, *use);
        else if (!error.isEmpty())
            problems.append(error);
    }
    problems += differences(taken, inUsage, u"the general usage"_s, true);

    const QStringList page = helpPage(words);
    if (page.isEmpty()) {
        problems.append(u"'%1 --help' has no page that starts 'lockboxctl %1'"_s.arg(words.join(u' ')));
    } else {
        // The synopsis: the page's first lines, up to an empty one.
        Options synopsis;
        for (const QString &line : page) {
            if (line.trimmed().isEmpty())
                break;
            synopsis.insert(optionsIn(firstColumn(line)));
        }
        problems += differences(taken, synopsis, u"the --help synopsis"_s, true);
        // The option table: lines at two spaces that start with a dash.
        Options table;
        for (const QString &line : page) {
            if (line.startsWith(u"  -"_s))
                table.insert(optionsIn(firstColumn(line)));
        }
        problems += differences(taken, table, u"the --help option table"_s, false);
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"\n  "_s + problems.join(u"\n  "_s) + u"\n  (the parser takes: "_s + describe(taken) + u')'));
}

void TestCommandLine::globalOptionsInTheUsageAreWhatTheParserTakes()
{
    // "Global options" up to the next empty line; each option at two spaces ("-v, --verbose").
    Options shown;
    bool inGlobals = false;
    for (const QString &line : m_usage.split(u'\n')) {
        if (line.startsWith(u"Global options"_s)) {
            inGlobals = true;
            continue;
        }
        if (!inGlobals)
            continue;
        if (line.trimmed().isEmpty())
            break;
        if (line.startsWith(u"  -"_s))
            shown.insert(optionsIn(firstColumn(line)));
    }
    const QStringList problems = differences(m_globals, shown, u"the usage's global option table"_s, false);
    QVERIFY2(problems.isEmpty(), qPrintable(u"\n  "_s + problems.join(u"\n  "_s)));
}

Options TestCommandLine::takenByWord(const QString &word, QString *error) const
{
    Options taken;
    for (const UsageEntry &entry : m_entries) {
        if (entry.words.value(0) != word)
            continue;
        for (const QString &name : m_candidates) {
            if (m_globals.contains(name))
                continue;
            if (const auto use = probe(entry.words, name, error))
                taken.insert(name, {use->value, false});
        }
    }
    return taken;
}

void TestCommandLine::readmeTableNamesWhatTheParserTakes()
{
    // By command word: the README writes "tenant status|enable|disable [--tenant ID] [--yes]".
    QMap<QString, Options> readme;
    for (const QString &row : std::as_const(m_readmeRows)) {
        const QString word = row.section(u' ', 0, 0);
        Options options = optionsIn(row);
        for (OptionUse &use : options)
            use.repeatable = false;
        readme[word].insert(options);
    }
    QSet<QString> words;
    for (const UsageEntry &entry : std::as_const(m_entries))
        words.insert(entry.words.value(0));
    QStringList problems;
    for (const QString &word : std::as_const(words)) {
        if (!readme.contains(word))
            problems.append(u"'%1': in the usage, not in the README's table"_s.arg(word));
    }
    for (auto it = readme.cbegin(); it != readme.cend(); ++it) {
        if (!words.contains(it.key())) {
            problems.append(u"'%1': in the README's table, not in the usage"_s.arg(it.key()));
            continue;
        }
        QString error;
        const Options taken = takenByWord(it.key(), &error);
        if (!error.isEmpty())
            problems.append(error);
        problems += differences(taken, *it, u"the README's row for '%1'"_s.arg(it.key()), false);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(u"\n  "_s + problems.join(u"\n  "_s)));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
