#pragma once

#include <QClipboard>
#include <QLabel>

namespace lockbox::gui {

// A label for untrusted text (anything a server sent): never rendered as markup or links,
// selectable by mouse and keyboard so it can be copied, and capped so that a hostile megabyte
// cannot stall layout. Long free text (a justification) belongs in a read-only QPlainTextEdit.
class PlainTextLabel final : public QLabel
{
    Q_OBJECT

public:
    // Beyond this many characters a label shows the start and an ellipsis.
    static constexpr qsizetype kMaxDisplayChars = 2000;

    explicit PlainTextLabel(QWidget *parent = nullptr);

    // Shows `text` as plain text (see displayText()); the full text stays available from fullText().
    void setPlainText(const QString &text);
    QString fullText() const { return m_fullText; }

    // Ids, paths and URLs have no spaces, and a word-wrapped QLabel is at least as wide as its
    // longest word: with this on, the text shown may also break after '/', '-', '.' and the like,
    // and anywhere in an overlong run (see breakable()), so that it wraps to any width. What is
    // copied from the label leaves those break opportunities out.
    void setBreakAnywhere(bool on);
    bool breakAnywhere() const { return m_breakAnywhere; }

    // Lines of free text longer than this are broken for display: Qt's text layout slows down
    // sharply on one long unbroken line, and only a hostile text has one.
    static constexpr qsizetype kMaxLineChars = 1000;
    // breakable() lets a run of this many characters without a break opportunity break.
    static constexpr qsizetype kMaxUnbrokenChars = 20;

    // `text` as it may be shown: invisible controls (bidirectional overrides and isolates, C0/C1
    // controls other than line breaks and tabs) removed, so that it reads as what it says, and
    // cut to `maxChars` with an ellipsis (no cut when `maxChars` is negative).
    static QString displayText(const QString &text, qsizetype maxChars = kMaxDisplayChars);
    // The same for long free text (no cut), with lines longer than kMaxLineChars broken.
    static QString displayLongText(const QString &text);
    // `text` with a zero-width space (U+200B, a line break opportunity that is never drawn) after
    // each separator of ids and URLs ('/', '-', '.', '_', ':', '@' …) that is followed by more of
    // the word, and every kMaxUnbrokenChars characters of a run that has none. For display only.
    static QString breakable(const QString &text);
    // breakable(), and a word still wider than `width` (in `metrics`) may break at any character.
    static QString breakable(const QString &text, const QFontMetrics &metrics, int width);
    // `text` without the zero-width spaces breakable() adds: what a copy of shown text gives.
    static QString withoutBreaks(QString text);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void showText();
    // The selection to the clipboard (`mode`), without the display-only break opportunities.
    void copySelection(QClipboard::Mode mode);

    QString m_fullText;
    bool m_breakAnywhere = false;
};

} // namespace lockbox::gui
