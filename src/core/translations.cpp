#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace lockbox::core {

QString installTranslations(QCoreApplication &app, const QLocale &locale)
{
    // The catalogues are compiled into the program (resources/translations, built by lrelease).
    auto *own = new QTranslator(&app);
    if (!own->load(locale, u"lockbox"_s, u"_"_s, u":/i18n"_s) && !own->load(u"lockbox_en"_s, u":/i18n"_s)) {
        delete own;
        return {};
    }
    QCoreApplication::installTranslator(own);

    // Qt's catalogue comes from the system (Debian's qt6-translations-l10n); without it the
    // standard dialogs stay English.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return own->language().section(u'_', 0, 0);
}

} // namespace lockbox::core
