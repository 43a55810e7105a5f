#include "csv.h"

using namespace Qt::StringLiterals;

namespace lockbox::engine {

QString Csv::field(const QString &value)
{
    QString out;
    out.reserve(value.size() + 3);
    out.append(u'"');
    if (!value.isEmpty() && QStringView(u"=+-@\t\r").contains(value.front()))
        out.append(u'\'');
    for (const QChar c : value) {
        if (c == u'"')
            out.append(u'"');
        out.append(c);
    }
    out.append(u'"');
    return out;
}

QString Csv::line(const QStringList &values)
{
    QString out;
    for (const QString &value : values) {
        if (!out.isEmpty())
            out.append(u',');
        out.append(field(value));
    }
    out.append(u"\r\n"_s);
    return out;
}

} // namespace lockbox::engine
