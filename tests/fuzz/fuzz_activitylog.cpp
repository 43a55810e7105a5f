// GET …/providers/Microsoft.Insights/eventtypes/management/values: a page of Activity Log events
// (AzureJson::parseActivityPage).

#include "azurechecks.h"

using namespace lockbox;
using namespace lockbox::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ActivityPage page = AzureJson::parseActivityPage(body);
    checkPageEnvelope(page);
    check(page.ok() || page.events.isEmpty(), "a failed page still delivers events");
    for (const ActivityEvent &e : page.events) {
        check(!e.eventDataId.trimmed().isEmpty(), "an event without eventDataId was accepted");
        checkString(e.eventDataId, AzureJson::kMaxIdLength, "eventDataId");
        check(e.timestamp.isValid() && e.timestamp.timeSpec() == Qt::UTC, "an event without a UTC time was accepted");
        checkString(e.caller, AzureJson::kMaxNameLength, "caller");
        checkString(e.operationName, AzureJson::kMaxNameLength, "operationName");
        // Given as fields or taken from resourceId, ids keep the limit of ids.
        checkString(e.requestId, AzureJson::kMaxIdLength, "properties.requestId");
        checkString(e.subscriptionId, AzureJson::kMaxIdLength, "subscriptionId");
        checkString(e.reason, AzureJson::kMaxFreeTextLength, "properties.reason");
        checkString(e.status, AzureJson::kMaxNameLength, "properties.status");
        check(AzureJson::actionFromOperation(e.operationName) == e.action, "action does not follow operationName");
        (void)AzureJson::actionName(e.action);
    }
    return 0;
}
