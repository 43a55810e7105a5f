#pragma once

#include "commandline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace lockbox::cli {

// lockboxctl's words outside its classes: lupdate files a tr() in a function of this namespace
// under the namespace's name, and so does this.
inline QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("lockbox::cli", text, disambiguation, n);
}

// A time for scripts: ISO 8601 in UTC (with milliseconds unless `withMs` is false); empty when
// unknown.
inline QString iso(const QDateTime &t, bool withMs = true)
{
    return t.isValid() ? t.toUTC().toString(withMs ? Qt::ISODateWithMs : Qt::ISODate) : QString();
}

// A time for people: "2026-11-02 09:30" in UTC; empty when unknown.
inline QString shortTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

// Server strings are untrusted: one line of it for a terminal, every character that could steer
// the terminal or hide words (lockbox::isHiddenCharacter, line breaks included) written visibly
// as \uXXXX.
QString terminalSafe(const QString &text);
// Rows of named columns, printed as an aligned table or as CSV (engine::Csv, as the console's
// export writes it).
class Table final
{
public:
    explicit Table(QStringList columns);

    // `widths`: the most characters a table cell of that column shows (0 = no limit).
    void setMaxWidth(const QString &column, int width);
    void addRow(const QStringList &cells);
    int rowCount() const { return int(m_rows.size()); }

    QString toText() const;
    QString toCsv() const;

private:
    QStringList m_columns;
    QHash<QString, int> m_maxWidths;
    QList<QStringList> m_rows;
};

// Everything lockboxctl prints goes through these, so that no character that can steer a
// terminal reaches it whatever the text's source: each hidden character (lockbox::showHidden;
// line feeds, tabs and CR LF stay) is written as \uXXXX. In JSON that is the value's own escape,
// so every value stays exact. CSV stays exact for a file or a pipe (a spreadsheet reads it) and
// is shown this way only on a terminal.
void printOut(const QString &text);
void printErr(const QString &text);
void printJson(const QJsonValue &value);
void printCsv(const QString &csv);

} // namespace lockbox::cli
