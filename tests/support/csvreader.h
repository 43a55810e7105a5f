#pragma once

#include <QChar>
#include <QList>
#include <QString>
#include <QStringList>

namespace lockbox::test {

// CSV read the way a spreadsheet reads it (RFC 4180): `separator` splits fields outside quotes (a
// spreadsheet in a German or French locale uses ';'), a quote opens quoting only at the start of
// a field, "" inside quotes is one quote, CRLF or LF ends a line outside quotes.
QList<QStringList> readCsv(const QString &text, QChar separator = u',');

} // namespace lockbox::test
