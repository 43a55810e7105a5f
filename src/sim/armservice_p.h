#pragma once

// What the parts of ArmService share: its compiled patterns, the paging of its lists and the
// errors more than one route answers with. Internal to ArmService (arm*.cpp).

#include "simhttp.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::sim::arm {

// `pattern`, case-insensitive, compiled once. Patterns are few and fixed, string literals only.
const QRegularExpression &re(const char *pattern);

// A $skiptoken carrying where the last page ended (two or more parts; `b` may itself hold a '|'),
// and its parts again; nothing for a token that is not one of ours.
QString pageToken(const QString &a, const QString &b);
std::optional<QStringList> readPageToken(const QString &token);
// The request's own URL with `token` as its $skiptoken.
QString nextLink(const HttpRequest &request, const QString &token);

// 400 InvalidSkipToken.
HttpResponse invalidSkipToken();
// 404 RequestNotFound.
HttpResponse requestNotFound(const QString &requestId, const QString &subscriptionId);

} // namespace lockbox::sim::arm
