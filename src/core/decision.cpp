#include "decision.h"

using namespace Qt::StringLiterals;

namespace lockbox {

QString verdictToString(Verdict verdict)
{
    return verdict == Verdict::Approve ? u"Approve"_s : u"Deny"_s;
}

std::optional<Verdict> verdictFromString(const QString &text)
{
    if (text.compare(u"Approve", Qt::CaseInsensitive) == 0)
        return Verdict::Approve;
    if (text.compare(u"Deny", Qt::CaseInsensitive) == 0)
        return Verdict::Deny;
    return std::nullopt;
}

} // namespace lockbox
