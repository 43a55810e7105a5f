#pragma once

#include "azuretypes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QStringView>

#include <optional>

namespace lockbox {

// Pure functions from server bytes to values: no I/O, no state, safe on any thread and fed to
// the fuzzers as they are. Tolerant of every shape real Lockbox payloads take (see
// AZURE-CUSTOMER-LOCKBOX.md), strict about the rest: a wrong type or a missing id is an error
// naming the field and, in a list, the item's index. They never throw and never crash on input.
class AzureJson final
{
    Q_DECLARE_TR_FUNCTIONS(AzureJson)

public:
    AzureJson() = delete;

    // The version of what the request list reader makes of a page's bytes. The sync engine folds it
    // into the digests of the pages it remembers (to skip a page whose bytes it has read before):
    // raise it whenever the reader reads any page differently (a limit, a field, a refusal, the
    // hidden-character rule), so that pages read by an earlier reader are read again.
    static constexpr quint32 kRequestPageReaderVersion = 2;

    // A page holding more items than this is refused (a sane page has 1,000 at most).
    static constexpr qsizetype kMaxPageItems = 200000;

    // The longest value read from one field, in characters (UTF-16 units), by what the field
    // holds. A longer one is an error naming the field and the limit, never cut short silently:
    // a hostile endpoint cannot make one request carry megabytes into every copy the console
    // keeps (the cache, the table's rows, the search index), and what is shown is what was sent.
    //
    // Text people write: a justification, an Activity Log reason. Real ones are a few hundred
    // characters (the portal takes a few thousand); 1 MiB is plenty.
    static constexpr qsizetype kMaxFreeTextLength = qsizetype(1024) * 1024;
    // Ids: database keys and URL segments (a real one is a GUID, or a short ARM path).
    static constexpr qsizetype kMaxIdLength = 512;
    // Names, words and codes: a status, a type, a request's or subscription's name, a duration,
    // an access level, a support request number, a caller, an operation name.
    static constexpr qsizetype kMaxNameLength = 1024;
    // One Azure resource id (ARM's own ids are far shorter).
    static constexpr qsizetype kMaxResourceIdLength = 4096;
    // All the resource ids of one request together.
    static constexpr qsizetype kMaxResourceIdsLength = qsizetype(1024) * 1024;
    // A link: a support case URL, a nextLink (whose skip token is opaque and may be long).
    static constexpr qsizetype kMaxUrlLength = qsizetype(32) * 1024;

    // One LockboxRequestResponse object (an item of a page, or the body of GET …/requests/{id}).
    static ParsedRequest parseRequest(const QJsonObject &item);
    // The body of GET …/requests/{id}.
    static ParsedRequest parseRequestDocument(const QByteArray &body);
    // The body of GET …/requests: {"value":[…], "nextLink":"…"}, read with simdjson's On-Demand
    // parser straight into the requests (no JSON tree in between; strings checked once, as UTF-8,
    // and converted once). Stricter than QJsonDocument in what JSON forbids and QJsonDocument lets
    // through: a raw control character in a string, a lone surrogate or an unknown escape ("\x"),
    // a number ending in "." are syntax errors here. Otherwise it reads and refuses exactly what
    // parseRequestPageWithQJson does, with the same messages (tst_azurejson compares the two).
    static RequestPage parseRequestPage(const QByteArray &body);
    // The same page checked without reading its requests, for a page held as its bytes and read
    // later (RequestListJob::setKeepBodies): every byte is checked as parseRequestPage checks it,
    // so a garbled page is refused here, as a syntax error, with the same words; so are the
    // envelope (value, nextLink, the limit on items) and an item that is not an object. What an
    // item holds (its id, its status, a field's type or length) is left to parseRequestPage: a
    // page this accepts may still be refused there, never the other way round.
    static RequestPageCheck checkRequestPage(const QByteArray &body);
    // The same page through QJsonDocument and parseRequest: the reference parseRequestPage is
    // compared with in tests.
    static RequestPage parseRequestPageWithQJson(const QByteArray &body);
    // An ARM error body; tolerant: whatever cannot be read stays empty.
    static ArmErrorBody parseError(const QByteArray &body);
    // GET /subscriptions.
    static SubscriptionPage parseSubscriptionsPage(const QByteArray &body);
    // GET …/Microsoft.Insights/eventtypes/management/values.
    static ActivityPage parseActivityPage(const QByteArray &body);
    // GET /providers/Microsoft.CustomerLockbox/tenantOptedIn/{tenantId}: {"isOptedIn": true}.
    static TenantOptIn parseTenantOptIn(const QByteArray &body);

    // ISO 8601 date-time with 0 to 7 fractional digits and "Z" or a "±HH:MM" offset, converted to
    // UTC (digits past the millisecond are dropped). Anything else: nothing. Qt's ISODateWithMs
    // takes at most 3 digits, and ISODate would take a local time without a zone.
    static std::optional<QDateTime> parseTimestamp(QStringView s);
    // Create, Approve, … from "Microsoft.CustomerLockbox/requests/activitylog/<X>LockboxRequest/action".
    static ActivityAction actionFromOperation(QStringView operationName);
    static QString actionName(ActivityAction action);
};

} // namespace lockbox
