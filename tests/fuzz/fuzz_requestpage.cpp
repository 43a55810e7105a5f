// GET …/providers/Microsoft.CustomerLockbox/requests: one page of a list, read by the list path's
// reader (AzureJson::parseRequestPage, simdjson On-Demand), which must also agree with the
// reference reader through QJsonDocument (tests/azure/pagereaders.h).

#include "azurechecks.h"

#include "../azure/pagereaders.h"

using namespace lockbox;
using namespace lockbox::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const RequestPage page = AzureJson::parseRequestPage(body);
    checkPageEnvelope(page);
    check(page.ok() || page.requests.isEmpty(), "a failed page still delivers requests");
    check(page.requests.size() <= AzureJson::kMaxPageItems, "more items than a page may hold");
    // Never more requests than the bytes could describe ({"id":"x","properties":{"requestId":"y"}}).
    check(page.requests.size() <= qsizetype(size) / 30 + 1, "more requests than the body could hold");
    for (const AccessRequest &r : page.requests)
        checkRequest(r);
    check(page.warnings.size() <= 51, "warnings unbounded", QString::number(page.warnings.size()));
    checkStrings(page.warnings, 8 * 1024, 52 * 8 * 1024, "warning");
    const QString difference = lockbox::test::pageReadersDiffer(body);
    check(difference.isEmpty(), "the page readers disagree", difference);
    return 0;
}
