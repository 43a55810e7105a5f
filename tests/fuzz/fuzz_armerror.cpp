// An ARM error body, {"error": {"code", "message", "target", "details", "additionalInfo"}}
// (AzureJson::parseError): read on every 4xx and 5xx, shown to people and written to logs.

#include "fuzzcheck.h"

#include "azure/azurejson.h"
#include "core/hiddentext.h"

using namespace lockbox;
using namespace lockbox::fuzz;

namespace {

// 4,096 characters of the server's, each hidden one written as \uXXXX (6 characters).
constexpr qsizetype kMaxShown = 4096 * 6;

void checkShown(const QString &s, const char *what)
{
    checkString(s, kMaxShown, what);
    // Line breaks may stay (LineBreaks::Kept); nothing else that hides or steers text.
    check(!containsHidden(s, LineBreaks::Kept), "a hidden character reaches an error text", QString::fromLatin1(what));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ArmErrorBody e = AzureJson::parseError(body);
    checkShown(e.code, "error.code");
    checkShown(e.message, "error.message");
    checkShown(e.target, "error.target");
    checkShown(e.currentStatus, "additionalInfo[].info.currentStatus");
    return 0;
}
