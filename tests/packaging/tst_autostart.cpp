// The XDG autostart entry the settings dialog writes: named after the app id, and an entry of an
// earlier version (lockbox-console.desktop) counts, then gives way to it.

#include "gui/guiresources.h"
#include "gui/settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::gui::SettingsDialog;

class TestAutostart final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void entryIsNamedAfterTheAppId();
    void writingReplacesTheEarlierEntry();
    void turningOffRemovesBoth();
    void earlierEntryCountsAndSavingMovesIt();

private:
    static QString legacyFile();
    static void writeLegacy();
    static QByteArray read(const QString &path);

    QTemporaryDir m_configHome;
    QTemporaryDir m_profile;
};

void TestAutostart::initTestCase()
{
    lockbox::gui::initResources();
    // Never the real ~/.config/autostart.
    QVERIFY(m_configHome.isValid());
    QVERIFY(m_profile.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_configHome.path()));
    QVERIFY2(SettingsDialog::autostartFile().startsWith(m_configHome.path()),
             qPrintable(SettingsDialog::autostartFile()));
}

void TestAutostart::cleanup()
{
    QFile::remove(SettingsDialog::autostartFile());
    QFile::remove(legacyFile());
}

QString TestAutostart::legacyFile()
{
    return QDir(QString::fromLocal8Bit(qgetenv("XDG_CONFIG_HOME"))).filePath(u"autostart/lockbox-console.desktop"_s);
}

void TestAutostart::writeLegacy()
{
    QVERIFY(QDir().mkpath(QFileInfo(legacyFile()).absolutePath()));
    QFile file(legacyFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[Desktop Entry]\nType=Application\nName=Lockbox Console\nExec=lockbox-console --minimized\n"
               "Icon=lockbox-console\n");
}

QByteArray TestAutostart::read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestAutostart::entryIsNamedAfterTheAppId()
{
    QCOMPARE(QFileInfo(SettingsDialog::autostartFile()).fileName(), QStringLiteral(LOCKBOX_APP_ID ".desktop"));
    QCOMPARE(QFileInfo(SettingsDialog::autostartFile()).dir().dirName(), u"autostart"_s);

    QString error;
    QVERIFY2(SettingsDialog::setStartAtLogin(true, &error), qPrintable(error));
    const QByteArray entry = read(SettingsDialog::autostartFile());
    QVERIFY2(entry.contains("\nIcon=" LOCKBOX_APP_ID "\n"), entry.constData());
    QVERIFY2(entry.contains("\" --minimized\n"), entry.constData());
    QVERIFY(SettingsDialog::load(QSettings(m_profile.filePath(u"console.ini"_s), QSettings::IniFormat)).startAtLogin);
}

void TestAutostart::writingReplacesTheEarlierEntry()
{
    writeLegacy();
    QString error;
    QVERIFY2(SettingsDialog::setStartAtLogin(true, &error), qPrintable(error));
    QVERIFY(QFile::exists(SettingsDialog::autostartFile()));
    QVERIFY2(!QFile::exists(legacyFile()), "two entries would start the console twice at login");
}

void TestAutostart::turningOffRemovesBoth()
{
    QString error;
    QVERIFY2(SettingsDialog::setStartAtLogin(true, &error), qPrintable(error));
    writeLegacy();
    QVERIFY2(SettingsDialog::setStartAtLogin(false, &error), qPrintable(error));
    QVERIFY(!QFile::exists(SettingsDialog::autostartFile()));
    QVERIFY(!QFile::exists(legacyFile()));

    // Only the earlier one: it goes too.
    writeLegacy();
    QVERIFY2(SettingsDialog::setStartAtLogin(false, &error), qPrintable(error));
    QVERIFY(!QFile::exists(legacyFile()));
}

void TestAutostart::earlierEntryCountsAndSavingMovesIt()
{
    writeLegacy();
    QSettings settings(m_profile.filePath(u"console.ini"_s), QSettings::IniFormat);
    QVERIFY(SettingsDialog::load(settings).startAtLogin);

    {
        SettingsDialog dialog(&settings, {});
        auto *box = dialog.findChild<QCheckBox *>(u"startAtLogin"_s);
        QVERIFY(box);
        QVERIFY2(box->isChecked(), "the console still starts at login through the earlier entry");
        dialog.accept(); // saved unchanged
    }
    QVERIFY(QFile::exists(SettingsDialog::autostartFile()));
    QVERIFY(!QFile::exists(legacyFile()));

    // Both entries, saved unchanged: the earlier one goes.
    writeLegacy();
    {
        SettingsDialog dialog(&settings, {});
        dialog.accept();
    }
    QVERIFY(QFile::exists(SettingsDialog::autostartFile()));
    QVERIFY(!QFile::exists(legacyFile()));

    // Only the earlier entry, saved with the box cleared: no entry is left.
    QVERIFY(QFile::remove(SettingsDialog::autostartFile()));
    writeLegacy();
    {
        SettingsDialog dialog(&settings, {});
        auto *box = dialog.findChild<QCheckBox *>(u"startAtLogin"_s);
        QVERIFY(box);
        box->setChecked(false);
        dialog.accept();
    }
    QVERIFY(!QFile::exists(SettingsDialog::autostartFile()));
    QVERIFY(!QFile::exists(legacyFile()));
}

QTEST_MAIN(TestAutostart)
#include "tst_autostart.moc"
