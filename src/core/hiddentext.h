#pragma once

#include <QString>
#include <QStringView>

namespace lockbox {

// The one rule for characters that hide or rewrite what a person reads, in the console and in
// lockboxctl alike: C0 and C1 controls, DEL, the line and paragraph separators, and every Unicode
// format character (category Cf: bidi embeddings, overrides and isolates, U+061C, the zero-width
// spaces and joiners U+200B–U+200F, U+2060–U+2064, U+FEFF, the tag characters…). A terminal
// obeys the controls (an OSC 52 sequence writes the clipboard); the format characters reorder or
// hide text, so that what is read is not what is approved.
bool isHiddenCharacter(char32_t c);

enum class LineBreaks {
    Shown, // a line feed or a tab is shown like any other hidden character: one-line text
    Kept,  // line feeds, tabs and CR LF pairs stay: text of several lines
};

// `text` with each hidden character written visibly as "\uXXXX" (one beyond the BMP as its two
// UTF-16 halves), never dropped: "\u202E" in a name says someone tried to reverse it. The form is
// also JSON's own escape, so JSON text passed through keeps every value exact.
QString showHidden(QStringView text, LineBreaks lineBreaks = LineBreaks::Shown);
bool containsHidden(QStringView text, LineBreaks lineBreaks = LineBreaks::Shown);

} // namespace lockbox
