#pragma once

#include "armcall.h"
#include "armerror.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>

namespace lockbox {

class ArmClient;

// Fetches a paged ARM list: the first URL, then each nextLink until there is none. A nextLink
// of another scheme, host or port ends the listing with ForeignLink before anything is sent
// there (the token never leaves the endpoint's origin); a relative nextLink is resolved against
// the page that gave it; a link back to a page already fetched ends it with BadReply.
//
// A listing whose items or body bytes, added up over its pages, pass ArmClient::Options'
// maxListingItems or maxListingBytes ends with BadReply (naming the limit) before the page that
// passes them is delivered.
//
// Pages are handed to deliverPage() one at a time and not kept. finished(error) comes once, after
// the last page (error.kind None) or on the first failure. When a listing fails part way, the
// pages already delivered are not the whole list: a consumer must not infer removals from them.
//
// Lifetime as ArmCall: starts from the event loop, deletes itself after finished() unless
// setAutoDelete(false); deleting it earlier cancels silently.
class ArmPager : public QObject
{
    Q_OBJECT

public:
    ~ArmPager() override;

    bool isFinished() const { return m_finished; }
    const ArmError &error() const { return m_error; }
    int pagesFetched() const { return m_pages; }
    // Items and reply body bytes of the pages delivered so far.
    qsizetype itemsFetched() const { return m_items; }
    qint64 bytesFetched() const { return m_bytes; }
    // True when the listing failed because it passed maxListingItems or maxListingBytes: a
    // caller can ask for less at once (a shorter time window) and get it all.
    bool passedListingLimit() const { return m_passedListingLimit; }

    // On (the default), the next page is asked for as soon as a page is delivered. Off, the
    // pager waits for fetchMore() after each page: back-pressure for a slower consumer.
    bool autoAdvance() const { return m_autoAdvance; }
    void setAutoAdvance(bool autoAdvance) { m_autoAdvance = autoAdvance; }
    // True while a further page is known and not yet asked for.
    bool hasMore() const { return !m_finished && m_next.isValid() && !m_call; }
    void fetchMore();

    bool autoDelete() const { return m_autoDelete; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    // Stops the listing; finished() follows with Kind::Cancelled.
    void cancel();

Q_SIGNALS:
    void finished(const lockbox::ArmError &error);

protected:
    // `refusal` set: the pager fails with it without sending anything (an unusable argument).
    ArmPager(ArmClient *client, QUrl firstUrl, QString apiVersion, ArmCall::Parser parser, ArmError refusal,
             QObject *parent);
    // One page's parsed value (the parser's ArmParseResult::value).
    virtual void deliverPage(const QVariant &value) = 0;
    // While deliverPage() runs: the x-ms-request-id of the reply it came in, for a consumer that
    // reads the page later and may have an error to tell about it.
    QString deliveringRequestId() const { return m_deliveringRequestId; }
    // What is listed, for messages: "the requests of subscription …".
    virtual QString listingName() const;

private:
    void fetch(const QUrl &url);
    void onCallFinished(ArmCall *call);
    void finish(const ArmError &error);

    ArmClient *m_client;
    QUrl m_first;
    QString m_apiVersion;
    ArmCall::Parser m_parser;
    ArmError m_refusal;
    QPointer<ArmCall> m_call;
    QUrl m_next;
    QSet<QByteArray> m_seen; // every URL fetched, to stop a listing that loops
    int m_pages = 0;
    QString m_deliveringRequestId;
    qsizetype m_items = 0;
    qint64 m_bytes = 0;
    bool m_autoAdvance = true;
    bool m_autoDelete = true;
    bool m_finished = false;
    bool m_passedListingLimit = false;
    ArmError m_error;
};

} // namespace lockbox
