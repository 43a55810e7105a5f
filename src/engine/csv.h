#pragma once

#include <QString>
#include <QStringList>

namespace lockbox::engine {

// CSV as spreadsheets read it (RFC 4180, UTF-8): every field quoted with its quotes doubled, so
// that neither a comma nor the semicolon that some locales use as the list separator splits it;
// a field that starts with = + - @, a tab or a carriage return gets a leading apostrophe, so that
// a spreadsheet shows it as text instead of running it as a formula. Lines end with CRLF.
// The console's audit export and every lockboxctl --format csv write through this.
class Csv final
{
public:
    Csv() = delete;

    static QString field(const QString &value);
    // The fields of one line, with its CRLF.
    static QString line(const QStringList &values);
};

} // namespace lockbox::engine
