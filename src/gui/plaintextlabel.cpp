#include "plaintextlabel.h"

#include "requestpresentation.h"

namespace lockbox::gui {

PlainTextLabel::PlainTextLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setOpenExternalLinks(false);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setWordWrap(true);
}

void PlainTextLabel::setPlainText(const QString &text)
{
    m_fullText = text;
    setText(displayText(text));
}

QString PlainTextLabel::displayText(const QString &text, qsizetype maxChars)
{
    const qsizetype limit = maxChars < 0 ? text.size() : qMin(text.size(), maxChars);
    QString out;
    out.reserve(limit + 1);
    qsizetype i = 0;
    for (; i < text.size() && out.size() < limit; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n' || c == u'\t' || !RequestPresentation::isHiddenControl(c))
            out.append(QChar(c));
    }
    if (i < text.size()) {
        // Never leave half a surrogate pair before the ellipsis.
        if (!out.isEmpty() && out.back().isHighSurrogate())
            out.chop(1);
        out.append(QChar(0x2026));
    }
    return out;
}

QString PlainTextLabel::displayLongText(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / kMaxLineChars + 1);
    qsizetype lineLength = 0;
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c == u'\n') {
            out.append(ch);
            lineLength = 0;
            continue;
        }
        if (c != u'\t' && RequestPresentation::isHiddenControl(c))
            continue;
        // Break before a character that starts a new code point, never inside a surrogate pair.
        if (lineLength >= kMaxLineChars && !ch.isLowSurrogate()) {
            out.append(u'\n');
            lineLength = 0;
        }
        out.append(ch);
        ++lineLength;
    }
    return out;
}

} // namespace lockbox::gui
