#pragma once

#include <QLocale>

class QCoreApplication;

namespace lockbox::core {

// The program's catalogue for the locale's languages (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), and
// Qt's own (qtbase: the standard dialogs and buttons), installed on the application. English is the
// fallback: its catalogue holds only the plural forms of the "%n" strings, so a locale without a
// catalogue of its own reads "1 request" and "2 requests", never "1 request(s)".
// Returns the language of the program's catalogue that was installed ("de", "en").
QString installTranslations(QCoreApplication &app, const QLocale &locale = QLocale());

// Removes what installTranslations installed: the source's English from then on (lockboxctl's
// JSON and CSV output, which scripts read).
void removeTranslations(QCoreApplication &app);

} // namespace lockbox::core
