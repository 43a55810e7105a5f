#pragma once

// What every fuzz target checks beyond "it did not crash": a broken invariant prints what broke
// and aborts, which libFuzzer reports as a crash and saves the input.

#include <QString>
#include <QStringList>

#include <cstdio>
#include <cstdlib>

namespace lockbox::fuzz {

[[noreturn]] inline void broken(const char *what, const QString &detail = QString())
{
    std::fprintf(stderr, "fuzz invariant broken: %s %s\n", what, qPrintable(detail.left(200)));
    std::abort();
}

inline void check(bool condition, const char *what, const QString &detail = QString())
{
    if (!condition)
        broken(what, detail);
}

// Reading every character proves the string's buffer is whole (ASan checks each read); the
// length is bounded by what the parser promises for this field.
inline void checkString(const QString &s, qsizetype maxLength, const char *what)
{
    check(s.size() <= maxLength, what, QStringLiteral("%1 characters, limit %2").arg(s.size()).arg(maxLength));
    char16_t sum = 0;
    for (const QChar c : s)
        sum = char16_t(sum ^ c.unicode());
    asm volatile("" : : "r"(sum)); // keeps the reads
}

inline void checkStrings(const QStringList &list, qsizetype maxItemLength, qsizetype maxTotal, const char *what)
{
    qsizetype total = 0;
    for (const QString &s : list) {
        checkString(s, maxItemLength, what);
        total += s.size();
    }
    check(total <= maxTotal, what, QStringLiteral("%1 characters in all, limit %2").arg(total).arg(maxTotal));
}

// An error is said in a sentence of bounded size (it names the field, never echoes megabytes).
inline void checkError(const QString &error, bool syntaxError, const char *what)
{
    checkString(error, 8 * 1024, what);
    check(!syntaxError || !error.isEmpty(), "syntaxError set without an error", QString::fromLatin1(what));
}

} // namespace lockbox::fuzz
