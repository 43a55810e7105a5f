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

    // Qt's catalogue, in the language of the program's (a locale the program has no catalogue for
    // reads English throughout, not English words on French buttons). It comes from the system
    // (Debian's qt6-translations-l10n); without it the standard dialogs stay English.
    QString language = own->language().section(u'_', 0, 0);
    if (language != u"en") {
        auto *qt = new QTranslator(&app);
        if (qt->load(u"qtbase_"_s + own->language(), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
    }
    return language;
}

void removeTranslations(QCoreApplication &app)
{
    const QList<QTranslator *> installed = app.findChildren<QTranslator *>(Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : installed) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

} // namespace lockbox::core
