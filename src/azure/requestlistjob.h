#pragma once

#include "armpager.h"
#include "azuretypes.h"

#include "core/accessrequest.h"

#include <QList>

namespace lockbox {

// GET …/requests of one subscription, page after page (see LockboxApi::listRequests). Each page
// is parsed with AzureJson as it arrives and handed out by page(); the job keeps none of them,
// so a 100,000-request subscription streams through in 1,000-request pieces.
class RequestListJob final : public ArmPager
{
    Q_OBJECT

public:
    // Made by LockboxApi; `refusal` set fails the job without sending anything.
    RequestListJob(ArmClient *client, const QString &subscriptionId, const QUrl &firstUrl, const QString &apiVersion,
                   const ArmError &refusal = ArmError());

    QString subscriptionId() const { return m_subscriptionId; }
    // Requests handed out so far.
    qsizetype requestCount() const { return m_count; }

    // The parser of one page; items without a subscriptionId get `subscriptionId`.
    static ArmParseResult parsePage(const QByteArray &body, const QString &subscriptionId);

    // What reads a page's bytes: AzureJson::parseRequestPage. Tests put the reference reader
    // (AzureJson::parseRequestPageWithQJson) in its place to run the same replies through both;
    // nullptr restores the default. Not for use while listings run on other threads.
    using PageReader = RequestPage (*)(const QByteArray &body);
    static void setPageReader(PageReader reader);

Q_SIGNALS:
    void page(const QList<lockbox::AccessRequest> &requests);

protected:
    void deliverPage(const QVariant &value) override;
    QString listingName() const override;

private:
    QString m_subscriptionId;
    qsizetype m_count = 0;
};

} // namespace lockbox
