// GET /providers/Microsoft.CustomerLockbox/tenantOptedIn/{tenantId} (AzureJson::parseTenantOptIn).

#include "fuzzcheck.h"

#include "azure/azurejson.h"

using namespace lockbox;
using namespace lockbox::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const TenantOptIn out = AzureJson::parseTenantOptIn(body);
    checkError(out.error, out.syntaxError, "opt-in error");
    check(out.ok() || !out.optedIn, "an unreadable answer counts as opted in");
    return 0;
}
