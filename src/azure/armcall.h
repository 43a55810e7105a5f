#pragma once

#include "armerror.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include <functional>
#include <optional>

class QNetworkReply;

namespace lockbox {

class ArmClient;

// What a parser makes of a 200 reply's body. An `error` turns the reply into a BadReply;
// `retryable` says the bytes were garbled (a read is then tried again) rather than well-formed
// but wrong (trying again would bring the same bytes).
struct ArmParseResult final
{
    QVariant value;
    qsizetype items = 0; // the items of a list page, which a listing counts (ArmPager)
    QString nextLink;
    QString error;
    bool retryable = false;
};

// One logical call to Azure Resource Manager: one or more HTTP attempts (retries, a token
// refresh after a 401, one same-origin redirect) and one outcome.
//
// Lifetime: made by ArmClient (its parent), started from the event loop, so connect to
// finished() right after getting it. finished() is emitted exactly once, always from the event
// loop, and the object then deletes itself (deleteLater) unless setAutoDelete(false) was called,
// in which case the caller deletes it. Deleting it earlier abandons the call silently (no
// finished()). Results are read in the slot connected to finished().
class ArmCall final : public QObject
{
    Q_OBJECT

public:
    using Parser = std::function<ArmParseResult(const QByteArray &body)>;

    ~ArmCall() override;

    QByteArray method() const { return m_method; }
    // The URL of the last attempt (after a followed redirect, the redirect's).
    QUrl url() const { return m_url; }
    // Sent as x-ms-client-request-id on every attempt of this call.
    QUuid clientRequestId() const { return m_clientRequestId; }
    bool isWrite() const { return m_method != "GET"; }

    // The outcome is known (finished() has been or is about to be emitted).
    bool isFinished() const { return m_finished; }
    bool isOk() const { return m_finished && !m_error.isError(); }
    const ArmError &error() const { return m_error; }
    int httpStatus() const { return m_status; }
    // The last reply's body; released once a parser has accepted it.
    QByteArray body() const { return m_body; }
    // The size of the last reply's body, kept after the body is released.
    qint64 bodyBytes() const { return m_bodyBytes; }
    // A header of the last reply, by lower-case name ("x-ms-request-id"); empty when absent.
    QByteArray rawHeader(const QByteArray &lowerName) const;
    int attempts() const { return m_attempts; }
    // What the parser made of the body (see LockboxApi for each call's type).
    QVariant value() const { return m_value; }
    // The parser's count of the items in a list page.
    qsizetype itemCount() const { return m_items; }
    QString nextLink() const { return m_nextLink; }

    bool autoDelete() const { return m_autoDelete; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    // Stops the call; finished() follows with Kind::Cancelled. A write cancelled while its
    // request was in flight reports requestSent (it may have been applied).
    void cancel();

Q_SIGNALS:
    void attemptStarted(int attempt);
    // A read will be tried again after `delayMs` (backoff, or a 429's Retry-After).
    void retryScheduled(int nextAttempt, int delayMs, const lockbox::ArmError &cause);
    void finished();

private:
    friend class ArmClient;
    ArmCall(ArmClient *client, QByteArray method, QUrl url, QByteArray body, QString apiVersion,
            const QUuid &clientRequestId, Parser parser);

    void startAttempt();
    void onToken(const QByteArray &token, const QString &error);
    void send(const QByteArray &token);
    void onMetaDataChanged();
    void onDownloadProgress(qint64 received, qint64 total);
    void onReplyFinished();
    ArmError classify(int networkError, const QString &errorString);
    void handleFailure(const ArmError &error);
    void onRetryTimer();
    void finish(const ArmError &error);
    void abortReply();

    ArmClient *m_client;
    QByteArray m_method;
    QUrl m_url;
    QByteArray m_requestBody;
    QString m_apiVersion;
    QUuid m_clientRequestId;
    Parser m_parser;
    std::optional<ArmError> m_refusal; // fail without sending (set by ArmClient)

    QPointer<QNetworkReply> m_reply;
    bool m_requestSentSeen = false;
    bool m_tooLarge = false;
    QString m_sslErrors;
    bool m_forceRefresh = false;
    bool m_refreshedToken = false;
    bool m_followedRedirect = false;
    bool m_badReplyRetryable = false; // cut short or garbled, rather than well-formed but wrong
    QElapsedTimer m_attemptClock;

    QTimer m_deadline; // Options::attemptDeadlineMs
    bool m_deadlineHit = false;
    QTimer m_retryTimer;
    QElapsedTimer m_retryClock;
    int m_retryDelayMs = 0;

    int m_attempts = 0;
    int m_status = 0;
    QByteArray m_body;
    qint64 m_bodyBytes = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers; // lower-case names
    QVariant m_value;
    qsizetype m_items = 0;
    QString m_nextLink;
    ArmError m_error;
    bool m_finished = false;
    bool m_autoDelete = true;
};

} // namespace lockbox
