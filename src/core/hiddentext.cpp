#include "hiddentext.h"

#include <QChar>

namespace lockbox {

namespace {

// Whether the character at `i` passes as it is in text of several lines.
bool keptAsLineBreak(QStringView text, qsizetype i)
{
    const char16_t c = text[i].unicode();
    if (c == u'\n' || c == u'\t')
        return true;
    // CR LF ends a line (CSV, Windows text); a CR alone returns to the start of the line and
    // overwrites it on a terminal.
    return c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n';
}

bool needsEscape(QStringView text, qsizetype i, char32_t c, LineBreaks lineBreaks)
{
    return isHiddenCharacter(c) && !(lineBreaks == LineBreaks::Kept && keptAsLineBreak(text, i));
}

// The code point at `i` and where the next one starts; an unpaired surrogate stands for itself
// (and counts as hidden: it is not text).
char32_t codePointAt(QStringView text, qsizetype i, qsizetype *next)
{
    const QChar c = text[i];
    if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
        *next = i + 2;
        return QChar::surrogateToUcs4(c, text[i + 1]);
    }
    *next = i + 1;
    return c.unicode();
}

void appendEscaped(QString &out, char16_t unit)
{
    static constexpr char16_t kHex[] = u"0123456789ABCDEF";
    out.append(u"\\u");
    for (int shift = 12; shift >= 0; shift -= 4)
        out.append(QChar(kHex[(unit >> shift) & 0xF]));
}

} // namespace

bool isHiddenCharacter(char32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
        return true;
    if (c < 0xA0)
        return false;
    const QChar::Category category = QChar::category(c);
    return category == QChar::Other_Format || category == QChar::Other_Surrogate;
}

bool containsHidden(QStringView text, LineBreaks lineBreaks)
{
    for (qsizetype i = 0, next = 0; i < text.size(); i = next) {
        if (needsEscape(text, i, codePointAt(text, i, &next), lineBreaks))
            return true;
    }
    return false;
}

QString showHidden(QStringView text, LineBreaks lineBreaks)
{
    if (!containsHidden(text, lineBreaks))
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    for (qsizetype i = 0, next = 0; i < text.size(); i = next) {
        const char32_t c = codePointAt(text, i, &next);
        if (needsEscape(text, i, c, lineBreaks)) {
            for (qsizetype k = i; k < next; ++k)
                appendEscaped(out, text[k].unicode());
        } else {
            out.append(text.mid(i, next - i));
        }
    }
    return out;
}

} // namespace lockbox
