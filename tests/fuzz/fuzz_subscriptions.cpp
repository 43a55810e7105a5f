// GET /subscriptions (AzureJson::parseSubscriptionsPage).

#include "azurechecks.h"

using namespace lockbox;
using namespace lockbox::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const SubscriptionPage page = AzureJson::parseSubscriptionsPage(body);
    checkPageEnvelope(page);
    check(page.ok() || page.subscriptions.isEmpty(), "a failed page still delivers subscriptions");
    for (const SubscriptionInfo &s : page.subscriptions) {
        check(!s.subscriptionId.trimmed().isEmpty(), "a subscription without an id was accepted");
        checkString(s.subscriptionId, AzureJson::kMaxIdLength, "subscriptionId");
        checkString(s.tenantId, AzureJson::kMaxIdLength, "tenantId");
        checkString(s.displayName, AzureJson::kMaxNameLength, "displayName");
        checkString(s.state, AzureJson::kMaxNameLength, "state");
    }
    return 0;
}
