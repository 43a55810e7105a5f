#pragma once

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

    // Lines of free text longer than this are broken for display: Qt's text layout slows down
    // sharply on one long unbroken line, and only a hostile text has one.
    static constexpr qsizetype kMaxLineChars = 1000;

    // `text` as it may be shown: invisible controls (bidirectional overrides and isolates, C0/C1
    // controls other than line breaks and tabs) removed, so that it reads as what it says, and
    // cut to `maxChars` with an ellipsis (no cut when `maxChars` is negative).
    static QString displayText(const QString &text, qsizetype maxChars = kMaxDisplayChars);
    // The same for long free text (no cut), with lines longer than kMaxLineChars broken.
    static QString displayLongText(const QString &text);

private:
    QString m_fullText;
};

} // namespace lockbox::gui
