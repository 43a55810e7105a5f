// GET …/providers/Microsoft.CustomerLockbox/requests/{id}: one request (AzureJson::parseRequestDocument).

#include "azurechecks.h"

using namespace lockbox;
using namespace lockbox::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ParsedRequest parsed = AzureJson::parseRequestDocument(body);
    checkError(parsed.error, parsed.syntaxError, "request error");
    if (parsed.ok()) {
        checkRequest(parsed.request);
        // The same object read again gives the same request: no hidden state between calls.
        const ParsedRequest again = AzureJson::parseRequestDocument(body);
        check(again.ok() && again.request == parsed.request, "parsing the same body twice differs");
    }
    checkStrings(parsed.warnings, 8 * 1024, 4 * 8 * 1024, "warning");
    return 0;
}
