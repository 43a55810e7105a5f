#pragma once

// The list pages' two readers side by side: AzureJson::parseRequestPage (simdjson, the one the
// list path uses) and AzureJson::parseRequestPageWithQJson (QJsonDocument, the reference). For
// any body they must give the same requests, warnings and nextLink, or the same error (the same
// words for a well-formed page of the wrong shape; both "not valid JSON" for a syntax error, whose
// wording is each parser's own). The one difference allowed: JSON that RFC 8259 forbids and
// QJsonDocument lets through (a raw control character in a string, an unknown escape, a lone
// surrogate escape, a number such as ".5" or "1.") is a syntax error for the simdjson reader; and a
// byte order mark that begins a string is kept (QJsonDocument drops it when written raw).
//
// The list path's check of a page it holds as bytes (AzureJson::checkRequestPage) must agree with
// its reader too: whatever the reader takes, the check takes, with the same item count and
// nextLink; whatever the check refuses, the reader refuses, a syntax error with the same words.

#include "azure/azurejson.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

namespace lockbox::test {

// True when `body` holds one of the things JSON forbids that QJsonDocument takes.
inline bool breaksStrictJson(const QByteArray &body)
{
    const auto hex = [&body](qsizetype at) {
        bool ok = false;
        const uint v = body.mid(at, 4).toUInt(&ok, 16);
        return ok && body.mid(at, 4).size() == 4 ? int(v) : -1;
    };
    bool inString = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const auto c = uchar(body.at(i));
        if (!inString) {
            if (c == '"')
                inString = true;
            else if (QByteArrayView("+-.0123456789").contains(char(c))) {
                // A number as JSON writes it, not as QJsonDocument also takes it (".5", "1.", "+1").
                static const QRegularExpression number(
                    QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
                qsizetype end = i;
                while (end < body.size() && QByteArrayView("+-.eE0123456789").contains(body.at(end)))
                    ++end;
                if (!number.match(QString::fromLatin1(body.mid(i, end - i))).hasMatch())
                    return true;
                i = end - 1;
            }
            continue;
        }
        if (c == '"') {
            inString = false;
        } else if (c < 0x20) {
            return true;
        } else if (c == '\\') {
            const char next = i + 1 < body.size() ? body.at(i + 1) : '\0';
            if (QByteArrayView("\"\\/bfnrt").contains(next)) {
                ++i;
            } else if (next == 'u') {
                const int v = hex(i + 2);
                if (v < 0)
                    return true;
                if (v >= 0xD800 && v <= 0xDBFF) {
                    const int low = body.mid(i + 6, 2) == "\\u" ? hex(i + 8) : -1;
                    if (low < 0xDC00 || low > 0xDFFF)
                        return true;
                    i += 11;
                } else if (v >= 0xDC00 && v <= 0xDFFF) {
                    return true;
                } else {
                    i += 5;
                }
            } else {
                return true;
            }
        }
    }
    return false;
}

// What differs between the two readers' pages of `body`, or nothing.
inline QString pagesDiffer(const RequestPage &fast, const RequestPage &reference, const QByteArray &body)
{
    const auto describe = [](const RequestPage &p) {
        return p.ok() ? QStringLiteral("%1 requests").arg(p.requests.size())
                      : QStringLiteral("%1error: %2")
                            .arg(p.syntaxError ? QStringLiteral("syntax ") : QString(), p.error.left(200));
    };
    const QString both = QStringLiteral("simdjson: %1; QJsonDocument: %2").arg(describe(fast), describe(reference));
    if (fast.syntaxError && !reference.syntaxError)
        return breaksStrictJson(body) ? QString() : both;
    if (fast.ok() != reference.ok() || fast.syntaxError != reference.syntaxError)
        return both;
    if (!fast.ok()) {
        if (!fast.syntaxError && fast.error != reference.error)
            return both;
        if (fast.syntaxError && !fast.error.contains(QStringLiteral("not valid JSON")) && fast.error != reference.error)
            return both;
        if (!fast.requests.isEmpty())
            return QStringLiteral("a refused page still delivers requests; ") + both;
        return fast.warnings == reference.warnings ? QString() : QStringLiteral("warnings differ; ") + both;
    }
    if (fast.nextLink != reference.nextLink)
        return QStringLiteral("nextLink \"%1\" against \"%2\"")
            .arg(fast.nextLink.left(100), reference.nextLink.left(100));
    if (fast.warnings != reference.warnings)
        return QStringLiteral("warnings differ: %1 against %2")
            .arg(fast.warnings.join(u" | ").left(300), reference.warnings.join(u" | ").left(300));
    if (fast.requests.size() != reference.requests.size())
        return both;
    for (qsizetype i = 0; i < fast.requests.size(); ++i) {
        if (fast.requests.at(i) != reference.requests.at(i))
            return QStringLiteral("request %1 (%2) differs").arg(i).arg(reference.requests.at(i).requestId);
    }
    return QString();
}

// What AzureJson::checkRequestPage makes of `body` against what parseRequestPage read of it
// (`read`), or nothing when they agree.
inline QString checkDiffers(const RequestPage &read, const QByteArray &body)
{
    const RequestPageCheck check = AzureJson::checkRequestPage(body);
    const QString both =
        QStringLiteral("check: %1; reader: %2")
            .arg(check.ok() ? QStringLiteral("%1 items").arg(check.items) : check.error.left(200),
                 read.ok() ? QStringLiteral("%1 requests").arg(read.requests.size()) : read.error.left(200));
    if (!check.ok()) {
        if (read.ok())
            return QStringLiteral("the check refuses a page the reader takes; ") + both;
        if (check.syntaxError != read.syntaxError || (check.syntaxError && check.error != read.error))
            return QStringLiteral("the check and the reader refuse the page differently; ") + both;
        if (check.items != 0 || !check.nextLink.isEmpty())
            return QStringLiteral("a refused check still gives items or a nextLink; ") + both;
        return QString();
    }
    if (read.syntaxError)
        return QStringLiteral("the check missed a syntax error; ") + both;
    if (read.ok() && (check.items != read.requests.size() || check.nextLink != read.nextLink))
        return QStringLiteral("the check counts or links differently (nextLink \"%1\" against \"%2\"); ")
                   .arg(check.nextLink.left(100), read.nextLink.left(100))
            + both;
    return QString();
}

// Empty when both readers (and the check) agree on `body`, else what differs.
inline QString pageReadersDiffer(const QByteArray &body)
{
    const RequestPage fast = AzureJson::parseRequestPage(body);
    if (const QString checked = checkDiffers(fast, body); !checked.isEmpty())
        return checked;
    const QString difference = pagesDiffer(fast, AzureJson::parseRequestPageWithQJson(body), body);
    if (difference.isEmpty())
        return difference;
    // QJsonDocument drops a byte order mark (U+FEFF) that begins a string written raw
    // (QString::fromUtf8 does) and keeps one written "\ufeff"; the simdjson reader keeps it either
    // way, as it keeps every hidden character. Compared as if it were written "\ufeff".
    const QByteArray rawBom = QByteArrayLiteral("\"\xEF\xBB\xBF");
    if (!body.contains(rawBom))
        return difference;
    QByteArray escaped = body;
    escaped.replace(rawBom, QByteArrayLiteral("\"\\ufeff"));
    const RequestPage fastEscaped = AzureJson::parseRequestPage(escaped);
    if (!pagesDiffer(fast, fastEscaped, escaped).isEmpty())
        return difference;
    return pagesDiffer(fast, AzureJson::parseRequestPageWithQJson(escaped), escaped);
}

} // namespace lockbox::test
