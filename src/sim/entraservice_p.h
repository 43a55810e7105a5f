#pragma once

// What the parts of EntraService share: form and scope parsing, random codes, the words and
// shape of Entra's errors, and the HTML pages a browser is shown. Internal to EntraService
// (entra*.cpp).

#include "simhttp.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace lockbox::sim::entra {

// Real time, in ms since the epoch: codes expire by the wall clock, as tokens do.
qint64 nowMs();

// `bytes` random bytes from the system generator, base64url-encoded.
QByteArray randomToken(int bytes);

// Digests first, so that neither length nor content of the secret leaks through timing.
bool secretsEqual(const QString &a, const QString &b);

QString formValue(const QUrlQuery &form, const QString &name);
// QUrlQuery keeps "%xx" in a value as an escape and "+" as is; a decoded value must pass through
// unchanged, and "+" would read as a space to a form decoder.
QString queryEncoded(QString value);

QStringList scopeItems(const QString &scope);
// The scope's items separated by single spaces.
QString normalisedScope(const QString &scope);
bool hasScope(const QString &scope, const QString &name);

// Cache-Control and Pragma that keep codes and tokens out of caches.
void setNoStore(HttpResponse &response);

// Now, as Entra writes it in its errors: "2025-03-01 12:00:00Z".
QString errorTimestamp();
// "AADSTSnnnn: …" with the trace id, the correlation id and the time, as in error_description.
QString errorDescription(int aadsts, const QString &message, const QString &traceId, const QString &correlationId,
                         const QString &timestamp);
// AADSTS900144: a required parameter is missing.
QString missingParameterMessage(const QString &name);
// AADSTS28000: the scope names more than one resource.
QString multipleResourcesMessage(const QString &scope);
// AADSTS70008: the code or refresh token is unknown or expired.
QString expiredGrantMessage();

QString escaped(const QString &text);
// A small HTML page with `title` as title and heading, locked down against framing and scripts.
HttpResponse htmlPage(int status, const QString &title, const QString &bodyHtml);

} // namespace lockbox::sim::entra
