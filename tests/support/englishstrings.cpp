// Every test reads English: the program's English catalogue (its plural forms) is installed as
// the test's application object starts, whatever the locale of the machine that runs it.

#include "core/translations.h"

#include <QCoreApplication>

namespace {

void installEnglish()
{
    lockbox::core::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English, QLocale::UnitedStates));
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(installEnglish)
