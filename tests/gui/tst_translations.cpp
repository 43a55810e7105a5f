// The catalogues as a user meets them: German menus, plurals and Qt's own buttons under a German
// locale, English plural forms where the program has no catalogue for the locale, and dates in the
// locale's format. (scripts/check-translations.sh, ctest translations, checks that the German
// catalogue is complete.)

#include "faketraynotifier.h"
#include "idleengine.h"

#include "core/translations.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "support/capability.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QKeySequence>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace lockbox {

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanupTestCase();
    void germanMenusTabsAndPlurals();
    void qtsOwnButtonsFollowTheLocale();
    void aLocaleWithoutACatalogueReadsEnglishPlurals();
    void noTwoEntriesOfAMenuShareTheirKey_data();
    void noTwoEntriesOfAMenuShareTheirKey();

private:
    static void removeTranslators();
    static QString translate(const char *context, const char *text, int n = -1)
    {
        return QCoreApplication::translate(context, text, nullptr, n);
    }
};

void TestTranslations::removeTranslators()
{
    const QList<QTranslator *> installed = qApp->findChildren<QTranslator *>();
    for (QTranslator *t : installed) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void TestTranslations::init()
{
    removeTranslators();
}

void TestTranslations::cleanupTestCase()
{
    removeTranslators();
}

void TestTranslations::germanMenusTabsAndPlurals()
{
    QCOMPARE(core::installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany)), u"de"_s);

    gui::initResources();
    test::IdleEngine engine;
    test::FakeTrayNotifier tray;
    gui::MainWindowOptions options;
    options.profileDir = engine.profileDir();
    gui::MainWindow window(engine.host(), &tray, engine.sharedClock(), options);

    QStringList menus;
    const QList<QAction *> actions = window.menuBar()->actions();
    for (const QAction *action : actions)
        menus << action->text();
    QVERIFY2(menus.contains(u"&Datei"_s), qPrintable(menus.join(u", "_s)));
    QVERIFY2(menus.contains(u"&Hilfe"_s), qPrintable(menus.join(u", "_s)));
    QVERIFY2(!menus.contains(u"&File"_s) && !menus.contains(u"&Help"_s), qPrintable(menus.join(u", "_s)));

    const auto *tabs = window.findChild<QTabWidget *>();
    QVERIFY(tabs);
    QCOMPARE(tabs->tabText(0), u"An&forderungen"_s);

    // German plurals: one form for 1, the other for the rest.
    const char *queued = "%n decision(s) queued";
    QCOMPARE(translate("lockbox::gui::SyncStatus", queued, 1), u"1 Entscheidung in der Warteschlange"_s);
    QCOMPARE(translate("lockbox::gui::SyncStatus", queued, 3), u"3 Entscheidungen in der Warteschlange"_s);
    // lockboxctl's words (a context of a namespace, src/cli/output.h) are in the catalogue too.
    QCOMPARE(translate("lockbox::cli", "Options:"), u"Optionen:"_s);
}

void TestTranslations::noTwoEntriesOfAMenuShareTheirKey_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("English") << QLocale(QLocale::English, QLocale::UnitedStates);
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany);
}

// Alt and a letter opens a menu of the menu bar, and a letter then picks an entry: in every
// language each letter is one menu's, and one entry's within its menu.
void TestTranslations::noTwoEntriesOfAMenuShareTheirKey()
{
    QFETCH(QLocale, locale);
    core::installTranslations(*qApp, locale);
    gui::initResources();
    test::IdleEngine engine;
    test::FakeTrayNotifier tray;
    gui::MainWindowOptions options;
    options.profileDir = engine.profileDir();
    gui::MainWindow window(engine.host(), &tray, engine.sharedClock(), options);

    const auto keyOf = [](const QString &text) {
        const QKeySequence mnemonic = QKeySequence::mnemonic(text);
        return mnemonic.isEmpty() ? QString() : mnemonic.toString();
    };
    QStringList clashes;
    const auto check = [&](const QString &where, const QList<QAction *> &actions) {
        QHash<QString, QString> taken;
        for (const QAction *action : actions) {
            if (action->isSeparator() || !action->isVisible())
                continue;
            const QString key = keyOf(action->text());
            if (key.isEmpty())
                continue;
            if (taken.contains(key))
                clashes << u"%1: %2 for \"%3\" and \"%4\""_s.arg(where, key, taken.value(key), action->text());
            taken.insert(key, action->text());
        }
    };
    check(u"menu bar"_s, window.menuBar()->actions());
    const QList<QMenu *> menus = window.menuBar()->findChildren<QMenu *>();
    for (const QMenu *menu : menus)
        check(menu->title(), menu->actions());
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
}

void TestTranslations::qtsOwnButtonsFollowTheLocale()
{
    LOCKBOX_REQUIRE(QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + u"/qtbase_de.qm"_s),
                    "Qt's German catalogue (qtbase_de.qm) is missing: install qt6-translations-l10n");
    core::installTranslations(*qApp, QLocale(QLocale::German, QLocale::Germany));
    QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    // Qt's catalogue (qtbase_de.qm, Debian's qt6-translations-l10n): the standard dialogs' buttons.
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(u'&'), u"Abbrechen"_s);
}

void TestTranslations::aLocaleWithoutACatalogueReadsEnglishPlurals()
{
    // French: Qt has a catalogue for it (qtbase_fr.qm), the program does not. Everything reads
    // English then, Qt's buttons too, rather than a mix.
    QCOMPARE(core::installTranslations(*qApp, QLocale(QLocale::French, QLocale::France)), u"en"_s);
    QDialogButtonBox box(QDialogButtonBox::Cancel);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(u'&'), u"Cancel"_s);
    const char *queued = "%n decision(s) queued";
    QCOMPARE(translate("lockbox::gui::SyncStatus", queued, 1), u"1 decision queued"_s);
    QCOMPARE(translate("lockbox::gui::SyncStatus", queued, 2), u"2 decisions queued"_s);
    QCOMPARE(translate("lockbox::gui::DecisionDialog", "&Approve %n request(s)", 1), u"&Approve 1 request"_s);
    QCOMPARE(translate("lockbox::gui::DecisionDialog", "&Approve %n request(s)", 12), u"&Approve 12 requests"_s);
    // Words without a plural are the source's.
    QCOMPARE(translate("lockbox::cli", "Options:"), u"Options:"_s);
}

} // namespace lockbox

QTEST_MAIN(lockbox::TestTranslations)
#include "tst_translations.moc"
