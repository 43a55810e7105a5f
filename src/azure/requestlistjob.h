#pragma once

#include "armpager.h"
#include "azuretypes.h"

#include "core/accessrequest.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>

#include <functional>
#include <memory>

namespace lockbox {

// GET …/requests of one subscription, page after page (see LockboxApi::listRequests). Each page
// is parsed with AzureJson as it arrives and handed out by page() (or checked and handed out as
// its bytes: setKeepBodies); the job keeps none of them, so a 100,000-request subscription streams
// through in 1,000-request pieces.
//
// Pages seen before: a consumer that remembers an earlier listing by a digest of each page's bytes
// (setKnownPages) gets a page whose bytes it knows unparsed, with the item count and nextLink it
// remembered: such a page costs a digest, not a parse.
class RequestListJob final : public ArmPager
{
    Q_OBJECT

public:
    // Made by LockboxApi; `refusal` set fails the job without sending anything.
    RequestListJob(ArmClient *client, const QString &subscriptionId, const QUrl &firstUrl, const QString &apiVersion,
                   const ArmError &refusal = ArmError());

    QString subscriptionId() const { return m_subscriptionId; }
    // Requests handed out so far (a known page's count included).
    qsizetype requestCount() const { return m_count; }

    // The parser of one page; items without a subscriptionId get `subscriptionId`.
    static ArmParseResult parsePage(const QByteArray &body, const QString &subscriptionId);

    // A page checked, not read (AzureJson::checkRequestPage); with a reader set by setPageReader,
    // read by it.
    static RequestPageCheck checkPage(const QByteArray &body);

    // What reads a page's bytes: AzureJson::parseRequestPage (and checks the pages held as bytes:
    // AzureJson::checkRequestPage). Tests put the reference reader
    // (AzureJson::parseRequestPageWithQJson) in its place to run the same replies through both: it
    // then reads the pages checkPage() would check. nullptr restores the default. Not for use while
    // listings run on other threads.
    using PageReader = RequestPage (*)(const QByteArray &body);
    static void setPageReader(PageReader reader);

    // A page as a consumer that remembers listings sees it.
    struct KnownPage
    {
        qsizetype items = 0;
        QString nextLink;
    };
    struct Page
    {
        QByteArray digest;             // of the body's bytes
        bool known = false;            // the digest was among the known pages: not parsed
        bool kept = false;             // checked, and handed out as its bytes (setKeepBodies)
        QByteArray body;               // a known or kept page's bytes, for parsePage() when needed
        QList<AccessRequest> requests; // a parsed page's requests, unless kept
        qsizetype items = 0;
        QString nextLink;
        QString armRequestId; // of the reply the page came in, for an error found when it is read
    };
    using Digest = std::function<QByteArray(QByteArrayView body)>;
    // From the first page on, every page is digested and listed by listPage(); one whose digest is
    // in `known` is not parsed (nor handed out by page()). Call it before the job starts (right
    // after LockboxApi::listRequests returns it).
    void setKnownPages(Digest digest, QHash<QByteArray, KnownPage> known);
    // With setKnownPages: a page that is not known is checked (checkPage(): its every byte, as
    // parsePage would, so a garbled page is retried as before) and handed out as its bytes, not
    // its requests (Page::kept). A consumer that holds a long listing until it is complete then
    // holds the bytes (about 1.2 KB a request) instead of the parsed requests (more than twice
    // that), and reads each page with parsePage() as it uses it: a request that page refuses
    // fails the listing only then. Call it before the job starts, as setKnownPages. The last page
    // (no nextLink) is read and handed out as requests.
    void setKeepBodies(bool keep);

Q_SIGNALS:
    // A parsed page (not a known or kept one).
    void page(const QList<lockbox::AccessRequest> &requests);
    // Every page, parsed or known, once setKnownPages was called.
    void listPage(const lockbox::RequestListJob::Page &page);

protected:
    void deliverPage(const QVariant &value) override;
    QString listingName() const override;

private:
    struct Memory
    {
        Digest digest;
        QHash<QByteArray, KnownPage> known;
        bool keepBodies = false;
    };

    RequestListJob(ArmClient *client, const QString &subscriptionId, const QUrl &firstUrl, const QString &apiVersion,
                   const ArmError &refusal, std::shared_ptr<Memory> memory);

    QString m_subscriptionId;
    qsizetype m_count = 0;
    std::shared_ptr<Memory> m_memory; // shared with the parser, which the pager holds
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::RequestListJob::Page)
