#include "plaintextlabel.h"

#include "core/hiddentext.h"

#include <QContextMenuEvent>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>

namespace lockbox::gui {

namespace {

constexpr char16_t kZeroWidthSpace = 0x200B;

// After these a long id or URL may break: path and domain separators, word joiners in names.
bool isSeparator(char16_t c)
{
    switch (c) {
    case u'/':
    case u'\\':
    case u'-':
    case u'.':
    case u'_':
    case u':':
    case u'@':
    case u'?':
    case u'&':
    case u'=':
    case u'#':
    case u'+':
    case u',':
    case u';':
    case u'|':
    case u'~':
        return true;
    default:
        return false;
    }
}

bool isBreak(QChar c)
{
    return c.isSpace() || c.unicode() == kZeroWidthSpace;
}

} // namespace

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
    showText();
}

void PlainTextLabel::setBreakAnywhere(bool on)
{
    if (m_breakAnywhere == on)
        return;
    m_breakAnywhere = on;
    showText();
}

void PlainTextLabel::showText()
{
    const QString shown = displayText(m_fullText);
    setText(m_breakAnywhere ? breakable(shown) : shown);
}

QString PlainTextLabel::displayText(const QString &text, qsizetype maxChars)
{
    QStringView shown = text;
    const bool cut = maxChars >= 0 && text.size() > maxChars;
    if (cut) {
        shown = shown.left(maxChars);
        if (!shown.isEmpty() && shown.back().isHighSurrogate())
            shown.chop(1); // never half a surrogate pair before the ellipsis
    }
    // What would hide or reorder words is shown as \uXXXX (lockbox::showHidden), not dropped.
    QString out = showHidden(shown, LineBreaks::Kept);
    if (cut)
        out.append(QChar(0x2026));
    return out;
}

QString PlainTextLabel::displayLongText(const QString &text)
{
    const QString visible = showHidden(text, LineBreaks::Kept);
    QString out;
    out.reserve(visible.size() + visible.size() / kMaxLineChars + 1);
    qsizetype lineLength = 0;
    for (const QChar ch : visible) {
        if (ch == u'\n') {
            out.append(ch);
            lineLength = 0;
            continue;
        }
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

QString PlainTextLabel::breakable(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 4 + 1);
    qsizetype run = 0; // characters since the last break opportunity
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        out.append(ch);
        if (isBreak(ch)) {
            run = 0;
            continue;
        }
        ++run;
        if (i + 1 >= text.size())
            break;
        const QChar next = text.at(i + 1);
        // Only between two characters of the same word, never inside a surrogate pair or before
        // a combining mark.
        if (isBreak(next) || next.isLowSurrogate() || next.isMark())
            continue;
        if ((isSeparator(ch.unicode()) && !isSeparator(next.unicode())) || run >= kMaxUnbrokenChars) {
            out.append(QChar(kZeroWidthSpace));
            run = 0;
        }
    }
    return out;
}

QString PlainTextLabel::breakable(const QString &text, const QFontMetrics &metrics, int width)
{
    QString words = breakable(text);
    if (width <= 0)
        return words;
    QString out;
    out.reserve(words.size() * 2);
    qsizetype start = 0;
    for (qsizetype i = 0; i <= words.size(); ++i) {
        if (i < words.size() && !isBreak(words.at(i)))
            continue;
        const QStringView word = QStringView(words).mid(start, i - start);
        if (metrics.horizontalAdvance(word.toString()) <= width) {
            out.append(word);
        } else {
            for (qsizetype j = 0; j < word.size(); ++j) {
                out.append(word.at(j));
                const bool inside = j + 1 < word.size() && !word.at(j + 1).isLowSurrogate() && !word.at(j + 1).isMark();
                if (inside)
                    out.append(QChar(kZeroWidthSpace));
            }
        }
        if (i < words.size())
            out.append(words.at(i));
        start = i + 1;
    }
    return out;
}

QString PlainTextLabel::withoutBreaks(QString text)
{
    return text.remove(QChar(kZeroWidthSpace));
}

void PlainTextLabel::keyPressEvent(QKeyEvent *event)
{
    if (m_breakAnywhere && event->matches(QKeySequence::Copy)) {
        if (hasSelectedText())
            copySelection(QClipboard::Clipboard);
        event->accept();
        return;
    }
    QLabel::keyPressEvent(event);
    if (m_breakAnywhere && hasSelectedText())
        copySelection(QClipboard::Selection); // extending the selection by keyboard
}

void PlainTextLabel::mouseReleaseEvent(QMouseEvent *event)
{
    QLabel::mouseReleaseEvent(event);
    if (m_breakAnywhere && hasSelectedText())
        copySelection(QClipboard::Selection);
}

void PlainTextLabel::contextMenuEvent(QContextMenuEvent *event)
{
    if (!m_breakAnywhere) {
        QLabel::contextMenuEvent(event);
        return;
    }
    // QLabel's own menu would copy the display-only break opportunities along with the text.
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("&Copy"), this, [this] { copySelection(QClipboard::Clipboard); });
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(hasSelectedText());
    menu.addAction(tr("Select All"), this, [this] { setSelection(0, int(text().size())); });
    menu.exec(event->globalPos());
    event->accept();
}

void PlainTextLabel::copySelection(QClipboard::Mode mode)
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (!clipboard || (mode == QClipboard::Selection && !clipboard->supportsSelection()))
        return;
    clipboard->setText(withoutBreaks(selectedText()), mode);
}

} // namespace lockbox::gui
