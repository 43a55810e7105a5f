#pragma once

// The page size a SQLite database file was made with, from its header (bytes 16 and 17, big-endian;
// 1 stands for 65,536), for tests that damage whole pages of a file on purpose. 0 when the file
// cannot be read or is not a database.

#include <QFile>
#include <QString>

namespace lockbox::test {

inline qint64 sqlitePageSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith("SQLite format 3"))
        return 0;
    const int size = (quint8(header.at(16)) << 8) | quint8(header.at(17));
    return size == 1 ? 65536 : size;
}

} // namespace lockbox::test
