#include "output.h"

#include "core/hiddentext.h"
#include "engine/csv.h"

#include <QJsonDocument>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

void write(std::FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

QString terminalSafe(const QString &text)
{
    return showHidden(text, LineBreaks::Shown);
}

Table::Table(QStringList columns)
    : m_columns(std::move(columns))
{
}

void Table::setMaxWidth(const QString &column, int width)
{
    m_maxWidths.insert(column, width);
}

void Table::addRow(const QStringList &cells)
{
    m_rows.append(cells);
}

QString Table::toText() const
{
    const qsizetype n = m_columns.size();
    QList<QStringList> cells;
    cells.reserve(m_rows.size());
    QList<qsizetype> widths(n, 0);
    for (qsizetype c = 0; c < n; ++c)
        widths[c] = m_columns.at(c).size();
    for (const QStringList &row : m_rows) {
        QStringList shown;
        for (qsizetype c = 0; c < n; ++c) {
            QString cell = terminalSafe(row.value(c));
            const int max = m_maxWidths.value(m_columns.at(c), 0);
            if (max > 1 && cell.size() > max)
                cell = cell.left(max - 1) + QChar(0x2026);
            widths[c] = qMax(widths[c], cell.size());
            shown.append(cell);
        }
        cells.append(shown);
    }
    QString out;
    const auto line = [&](const QStringList &row) {
        for (qsizetype c = 0; c < n; ++c) {
            if (c + 1 < n)
                out += row.value(c).leftJustified(widths[c] + 2, u' ');
            else
                out += row.value(c);
        }
        out += u'\n';
    };
    QStringList header;
    for (const QString &c : m_columns)
        header.append(c.toUpper());
    line(header);
    for (const QStringList &row : std::as_const(cells))
        line(row);
    return out;
}

QString Table::toCsv() const
{
    QString out = engine::Csv::line(m_columns);
    for (const QStringList &row : m_rows) {
        QStringList fields = row.mid(0, m_columns.size());
        while (fields.size() < m_columns.size())
            fields.append(QString());
        out += engine::Csv::line(fields);
    }
    return out;
}

void printOut(const QString &text)
{
    write(stdout, showHidden(text, LineBreaks::Kept));
}

void printErr(const QString &text)
{
    write(stderr, showHidden(text, LineBreaks::Kept));
}

void printCsv(const QString &csv)
{
    if (isatty(fileno(stdout)))
        printOut(csv);
    else
        write(stdout, csv);
}

void printJson(const QJsonValue &value)
{
    QJsonDocument doc;
    if (value.isArray())
        doc = QJsonDocument(value.toArray());
    else
        doc = QJsonDocument(value.toObject());
    printOut(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

} // namespace lockbox::cli
