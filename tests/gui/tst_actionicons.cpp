// The toolbar's icons follow the desktop's icon theme where an action has a standard name, and the
// bundled SVGs stand in where the theme has none.

#include "faketraynotifier.h"
#include "idleengine.h"

#include "gui/guiresources.h"
#include "gui/mainwindow.h"

#include <QDir>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace Qt::StringLiterals;

namespace lockbox {

class TestActionIcons : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void themeIconsWhereTheThemeHasThem();
    void bundledIconsWithoutATheme();
    void toolbarFollowsTheTheme();

private:
    QTemporaryDir m_themes;
};

void TestActionIcons::initTestCase()
{
    gui::initResources();
    // A theme with one standard action icon, view-refresh (what "Sync now" stands for).
    QVERIFY(m_themes.isValid());
    const QString theme = m_themes.filePath(u"testtheme"_s);
    QVERIFY(QDir().mkpath(theme + u"/16x16/actions"_s));
    QFile index(theme + u"/index.theme"_s);
    QVERIFY(index.open(QIODevice::WriteOnly));
    index.write("[Icon Theme]\nName=Test\nDirectories=16x16/actions\n\n[16x16/actions]\nSize=16\nType=Fixed\n");
    index.close();
    QImage image(16, 16, QImage::Format_ARGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(theme + u"/16x16/actions/view-refresh.png"_s));
    QIcon::setThemeSearchPaths({m_themes.path()});
}

void TestActionIcons::init()
{
    QIcon::setThemeName(u"testtheme"_s);
}

void TestActionIcons::themeIconsWhereTheThemeHasThem()
{
    QCOMPARE(gui::themeIconName(u"action-sync"_s), u"view-refresh"_s);
    QCOMPARE(gui::actionIcon(u"action-sync"_s).name(), u"view-refresh"_s);
    // A standard name the theme lacks: the bundled icon.
    const QIcon copy = gui::actionIcon(u"action-copy"_s);
    QVERIFY(!copy.isNull());
    QVERIFY2(copy.name().isEmpty(), qPrintable(copy.name()));
    // No standard name means approve: always the bundled icon.
    QVERIFY(gui::themeIconName(u"action-approve"_s).isEmpty());
    QVERIFY(!gui::actionIcon(u"action-approve"_s).isNull());
    QVERIFY(gui::actionIcon(u"action-approve"_s).name().isEmpty());
}

void TestActionIcons::bundledIconsWithoutATheme()
{
    QIcon::setThemeName(u"no-such-theme"_s);
    const QIcon sync = gui::actionIcon(u"action-sync"_s);
    QVERIFY(!sync.isNull());
    QVERIFY(sync.name().isEmpty());
    QVERIFY(!sync.pixmap(16, 16).isNull());
}

void TestActionIcons::toolbarFollowsTheTheme()
{
    test::IdleEngine engine;
    test::FakeTrayNotifier tray;
    gui::MainWindowOptions options;
    options.profileDir = engine.profileDir();
    gui::MainWindow window(engine.host(), &tray, engine.sharedClock(), options);
    const auto *bar = window.findChild<QToolBar *>();
    QVERIFY(bar);
    QStringList themed;
    for (const QAction *action : bar->actions()) {
        if (!action->icon().name().isEmpty())
            themed << action->text() + u'=' + action->icon().name();
    }
    QCOMPARE(themed, QStringList {u"&Sync now=view-refresh"_s});
}

} // namespace lockbox

QTEST_MAIN(lockbox::TestActionIcons)
#include "tst_actionicons.moc"
