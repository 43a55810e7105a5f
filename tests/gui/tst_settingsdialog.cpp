#include "guitestkit.h"

#include "auth/cloud.h"
#include "gui/cloudpicker.h"
#include "gui/guiresources.h"
#include "gui/settingsdialog.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTimeEdit>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::Cloud;
using lockbox::engine::SignInRequest;
using lockbox::gui::CloudPicker;
using lockbox::gui::SettingsDialog;
using lockbox::gui::SignInDefaults;
using lockbox::test::child;

namespace {

// Answers the next message box the dialog opens, and keeps its text.
class MessageBoxCloser final : public QObject
{
public:
    MessageBoxCloser()
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const auto windows = QApplication::topLevelWidgets();
            for (QWidget *w : windows) {
                auto *box = qobject_cast<QMessageBox *>(w);
                if (box && box->isVisible()) {
                    texts.append(box->text());
                    formats.append(box->textFormat());
                    box->done(QMessageBox::Ok);
                }
            }
        });
        m_timer.start();
    }

    QStringList texts;
    QList<Qt::TextFormat> formats;

private:
    QTimer m_timer;
};

} // namespace

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void emptyFileGivesDefaults();
    void valuesRoundTrip_data();
    void valuesRoundTrip();
    void presetForgetsCustomUrls();
    void invalidCustomCloudRefusesAccept_data();
    void invalidCustomCloudRefusesAccept();
    void stepUpAgeIsClamped_data();
    void stepUpAgeIsClamped();
    void insecureCustomCloudInTheFileIsNotLoaded();
    void unknownCloudNameIsPublic();
    void stepUpAgeFollowsTheCheckbox();
    void signInDefaultsFollowTheSettings();
    void generalAndSubscriptionsStillWork();
    void subscriptionsShowHowTheirSyncGoes();
    void signInTabHasAccessibleControls();
    void closeToTrayNeedsATray();
    void signInTabShowsTheCloudInUse();
    void alertsAreTheProfiles();

private:
    std::unique_ptr<QSettings> openSettings() const;
    static void chooseCloud(SettingsDialog &dialog, const Cloud &cloud);

    QTemporaryDir m_configHome;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettingsDialog::initTestCase()
{
    lockbox::gui::initResources();
    // accept() may write the XDG autostart entry: never the real one.
    QVERIFY(m_configHome.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_configHome.path()));
    QVERIFY2(SettingsDialog::autostartFile().startsWith(m_configHome.path()),
             qPrintable(SettingsDialog::autostartFile()));
}

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettingsDialog::cleanup()
{
    // Nothing here turns start-at-login on.
    QVERIFY(!QFile::exists(SettingsDialog::autostartFile()));
    m_dir.reset();
}

std::unique_ptr<QSettings> TestSettingsDialog::openSettings() const
{
    return std::make_unique<QSettings>(m_dir->filePath(u"console.ini"_s), QSettings::IniFormat);
}

void TestSettingsDialog::chooseCloud(SettingsDialog &dialog, const Cloud &cloud)
{
    // Through the controls, as the user does.
    auto *kind = child<QComboBox>(dialog, u"cloudKind"_s);
    QVERIFY(kind);
    kind->setCurrentIndex(kind->findData(int(cloud.kind())));
    if (cloud.kind() == Cloud::Kind::Custom) {
        child<QLineEdit>(dialog, u"authorityEdit"_s)->setText(cloud.authority().toString());
        child<QLineEdit>(dialog, u"armEndpointEdit"_s)->setText(cloud.armEndpoint().toString());
    }
}

void TestSettingsDialog::emptyFileGivesDefaults()
{
    const auto settings = openSettings();
    const SettingsDialog::Values v = SettingsDialog::load(*settings);
    QCOMPARE(v.cloud, Cloud::preset(Cloud::Kind::Public));
    QVERIFY(v.tenant.isEmpty());
    QCOMPARE(v.stepUp, false);
    QCOMPARE(v.stepUpMaxAgeSec, 300);
    QCOMPARE(v.pendingPollSec, 60);
    QCOMPARE(v.alerts, lockbox::engine::AlertSettings());
    QCOMPARE(v.closeToTray, true);
    QVERIFY(v.subscriptions.isEmpty());

    // The dialog shows the same.
    SettingsDialog dialog(settings.get(), {});
    const SettingsDialog::Values shown = dialog.values();
    QCOMPARE(shown.cloud, v.cloud);
    QVERIFY(shown.tenant.isEmpty());
    QCOMPARE(shown.stepUp, false);
    QCOMPARE(shown.stepUpMaxAgeSec, 300);
    QCOMPARE(child<QSpinBox>(dialog, u"stepUpMinutes"_s)->value(), 5);
    QCOMPARE(child<QComboBox>(dialog, u"cloudKind"_s)->currentText(), u"Azure (public)"_s);
}

void TestSettingsDialog::valuesRoundTrip_data()
{
    QTest::addColumn<Cloud>("cloud");
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<bool>("stepUp");
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QString>("storedName");

    QTest::newRow("public") << Cloud::preset(Cloud::Kind::Public) << QString() << false << 5 << u"public"_s;
    QTest::newRow("usgov") << Cloud::preset(Cloud::Kind::USGov) << u"contoso.onmicrosoft.us"_s << true << 1
                           << u"usgov"_s;
    QTest::newRow("china") << Cloud::preset(Cloud::Kind::China) << u"11111111-2222-3333-4444-555555555555"_s << true
                           << 60 << u"china"_s;
    QTest::newRow("custom https") << Cloud::custom(QUrl(u"https://login.proxy.example/base"_s),
                                                   QUrl(u"https://arm.proxy.example"_s))
                                  << u"contoso.example"_s << true << 15 << u"custom"_s;
    QTest::newRow("custom simulator") << Cloud::custom(QUrl(u"http://127.0.0.1:8443"_s),
                                                       QUrl(u"http://localhost:8443"_s))
                                      << QString() << false << 10 << u"custom"_s;
}

void TestSettingsDialog::valuesRoundTrip()
{
    QFETCH(Cloud, cloud);
    QFETCH(QString, tenant);
    QFETCH(bool, stepUp);
    QFETCH(int, minutes);
    QFETCH(QString, storedName);

    {
        const auto settings = openSettings();
        SettingsDialog dialog(settings.get(), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        chooseCloud(dialog, cloud);
        child<QLineEdit>(dialog, u"tenantEdit"_s)->setText(u"  "_s + tenant + u" "_s);
        child<QCheckBox>(dialog, u"stepUp"_s)->setChecked(stepUp);
        child<QSpinBox>(dialog, u"stepUpMinutes"_s)->setValue(minutes);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.accept();
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // What the file says, read by a fresh QSettings.
    const auto settings = openSettings();
    QCOMPARE(settings->value(u"signin/cloud"_s).toString(), storedName);
    const bool custom = cloud.kind() == Cloud::Kind::Custom;
    QCOMPARE(settings->contains(u"signin/authority"_s), custom);
    QCOMPARE(settings->contains(u"signin/armEndpoint"_s), custom);
    if (custom) {
        QCOMPARE(settings->value(u"signin/authority"_s).toString(), cloud.authority().toString());
        QCOMPARE(settings->value(u"signin/armEndpoint"_s).toString(), cloud.armEndpoint().toString());
    }
    QCOMPARE(settings->value(u"signin/tenant"_s).toString(), tenant);
    QCOMPARE(settings->value(u"signin/stepUp"_s).toBool(), stepUp);
    QCOMPARE(settings->value(u"signin/stepUpMaxAgeSec"_s).toInt(), minutes * 60);

    const SettingsDialog::Values v = SettingsDialog::load(*settings);
    QCOMPARE(v.cloud, cloud);
    QCOMPARE(v.tenant, tenant);
    QCOMPARE(v.stepUp, stepUp);
    QCOMPARE(v.stepUpMaxAgeSec, minutes * 60);

    // And a dialog opened on it shows it again.
    SettingsDialog again(settings.get(), {});
    const SettingsDialog::Values shown = again.values();
    QCOMPARE(shown.cloud, cloud);
    QCOMPARE(shown.tenant, tenant);
    QCOMPARE(shown.stepUp, stepUp);
    QCOMPARE(shown.stepUpMaxAgeSec, minutes * 60);
    QCOMPARE(child<QCheckBox>(again, u"stepUp"_s)->isChecked(), stepUp);
    QCOMPARE(child<QSpinBox>(again, u"stepUpMinutes"_s)->value(), minutes);
}

void TestSettingsDialog::presetForgetsCustomUrls()
{
    const auto settings = openSettings();
    {
        SettingsDialog dialog(settings.get(), {});
        chooseCloud(dialog, Cloud::custom(QUrl(u"https://login.example"_s), QUrl(u"https://arm.example"_s)));
        dialog.accept();
        QVERIFY(settings->contains(u"signin/authority"_s));
    }
    SettingsDialog dialog(settings.get(), {});
    QCOMPARE(dialog.values().cloud.kind(), Cloud::Kind::Custom);
    chooseCloud(dialog, Cloud::preset(Cloud::Kind::China));
    dialog.accept();
    QCOMPARE(settings->value(u"signin/cloud"_s).toString(), u"china"_s);
    QVERIFY(!settings->contains(u"signin/authority"_s));
    QVERIFY(!settings->contains(u"signin/armEndpoint"_s));
}

void TestSettingsDialog::invalidCustomCloudRefusesAccept_data()
{
    QTest::addColumn<QString>("authority");
    QTest::addColumn<QString>("armEndpoint");
    QTest::addColumn<QString>("why");
    QTest::newRow("plain http") << u"http://example.com"_s << u"https://management.azure.com"_s
                                << u"http://example.com is neither."_s;
    QTest::newRow("empty") << u"https://login.example"_s << QString() << u"Resource Manager URL"_s;
    QTest::newRow("markup") << u"<b>x</b>"_s << u"https://management.azure.com"_s << u"“<b>x</b>” is not a URL"_s;
}

void TestSettingsDialog::invalidCustomCloudRefusesAccept()
{
    QFETCH(QString, authority);
    QFETCH(QString, armEndpoint);
    QFETCH(QString, why);
    const auto settings = openSettings();
    SettingsDialog dialog(settings.get(), {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QTabWidget>(dialog, u"tabs"_s)->setCurrentIndex(0);
    auto *kind = child<QComboBox>(dialog, u"cloudKind"_s);
    kind->setCurrentIndex(kind->findData(int(Cloud::Kind::Custom)));
    child<QLineEdit>(dialog, u"authorityEdit"_s)->setText(authority);
    child<QLineEdit>(dialog, u"armEndpointEdit"_s)->setText(armEndpoint);
    QSignalSpy accepted(&dialog, &QDialog::accepted);

    MessageBoxCloser closer;
    dialog.accept();
    QCOMPARE(closer.texts.size(), 1);
    QVERIFY2(closer.texts.constFirst().contains(why), qPrintable(closer.texts.constFirst()));
    QCOMPARE(closer.formats.constFirst(), Qt::PlainText);

    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    QCOMPARE(child<QTabWidget>(dialog, u"tabs"_s)->currentWidget(), child<QWidget>(dialog, u"signInPage"_s));
    // Nothing was saved.
    settings->sync();
    QVERIFY(settings->allKeys().isEmpty());

    // Fixed, it goes through.
    child<QLineEdit>(dialog, u"authorityEdit"_s)->setText(u"https://login.example"_s);
    child<QLineEdit>(dialog, u"armEndpointEdit"_s)->setText(u"https://arm.example"_s);
    dialog.accept();
    QCOMPARE(closer.texts.size(), 1);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(settings->value(u"signin/authority"_s).toString(), u"https://login.example"_s);
}

void TestSettingsDialog::stepUpAgeIsClamped_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<int>("loaded");
    QTest::newRow("too short") << u"5"_s << 60;
    QTest::newRow("too long") << u"99999"_s << 3600;
    QTest::newRow("negative") << u"-300"_s << 60;
    QTest::newRow("in range") << u"900"_s << 900;
    QTest::newRow("not a number") << u"soon"_s << 300;
}

void TestSettingsDialog::stepUpAgeIsClamped()
{
    QFETCH(QString, stored);
    QFETCH(int, loaded);
    const auto settings = openSettings();
    settings->setValue(u"signin/stepUpMaxAgeSec"_s, stored);
    QCOMPARE(SettingsDialog::load(*settings).stepUpMaxAgeSec, loaded);
    SettingsDialog dialog(settings.get(), {});
    QCOMPARE(child<QSpinBox>(dialog, u"stepUpMinutes"_s)->value(), loaded / 60);
}

void TestSettingsDialog::insecureCustomCloudInTheFileIsNotLoaded()
{
    const auto settings = openSettings();
    settings->setValue(u"signin/cloud"_s, u"custom"_s);
    settings->setValue(u"signin/authority"_s, u"http://login.evil.example"_s);
    settings->setValue(u"signin/armEndpoint"_s, u"https://management.azure.com"_s);
    QCOMPARE(SettingsDialog::load(*settings).cloud, Cloud::preset(Cloud::Kind::Public));

    settings->setValue(u"signin/authority"_s, u"http://[::1]:8443"_s);
    QCOMPARE(SettingsDialog::load(*settings).cloud,
             Cloud::custom(QUrl(u"http://[::1]:8443"_s), QUrl(u"https://management.azure.com"_s)));
}

void TestSettingsDialog::unknownCloudNameIsPublic()
{
    const auto settings = openSettings();
    settings->setValue(u"signin/cloud"_s, u"AzureUSGovernment"_s);
    QCOMPARE(SettingsDialog::load(*settings).cloud, Cloud::preset(Cloud::Kind::USGov));
    settings->setValue(u"signin/cloud"_s, u"mars"_s);
    QCOMPARE(SettingsDialog::load(*settings).cloud, Cloud::preset(Cloud::Kind::Public));
}

void TestSettingsDialog::stepUpAgeFollowsTheCheckbox()
{
    const auto settings = openSettings();
    SettingsDialog dialog(settings.get(), {});
    auto *stepUp = child<QCheckBox>(dialog, u"stepUp"_s);
    auto *minutes = child<QSpinBox>(dialog, u"stepUpMinutes"_s);
    QVERIFY(!stepUp->isChecked());
    QVERIFY(!minutes->isEnabled());
    QCOMPARE(minutes->minimum(), 1);
    QCOMPARE(minutes->maximum(), 60);
    stepUp->setChecked(true);
    QVERIFY(minutes->isEnabled());
    QVERIFY(dialog.values().stepUp);
}

void TestSettingsDialog::signInDefaultsFollowTheSettings()
{
    SettingsDialog::Values v;
    v.cloud = Cloud::preset(Cloud::Kind::China);
    v.tenant = u"contoso.partner.onmschina.cn"_s;
    const SignInDefaults defaults = SettingsDialog::signInDefaults(v);
    QCOMPARE(defaults.cloud, v.cloud);
    QCOMPARE(defaults.tenant, v.tenant);
    QCOMPARE(defaults.method, SignInRequest::Method::DeviceCode);
}

void TestSettingsDialog::generalAndSubscriptionsStillWork()
{
    const auto settings = openSettings();
    settings->setValue(u"sync/subscriptions"_s, QStringList {u"sub-b"_s});
    lockbox::engine::SubscriptionStatus a;
    a.subscriptionId = u"sub-a"_s;
    a.displayName = u"Production"_s;
    {
        SettingsDialog dialog(settings.get(), {a});
        dialog.setTrayAvailable(true); // the offscreen platform has none
        child<QSpinBox>(dialog, u"pollSeconds"_s)->setValue(120);
        child<QSpinBox>(dialog, u"reminderHours"_s)->setValue(4);
        QCOMPARE(child<QSpinBox>(dialog, u"concurrency"_s)->value(), 4); // the default
        child<QSpinBox>(dialog, u"concurrency"_s)->setValue(12);
        child<QCheckBox>(dialog, u"closeToTray"_s)->setChecked(false);
        QCOMPARE(dialog.values().subscriptions, QStringList {u"sub-b"_s});
        child<QCheckBox>(dialog, u"stepUp"_s)->setChecked(true);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    const SettingsDialog::Values v = SettingsDialog::load(*settings);
    QCOMPARE(v.pendingPollSec, 120);
    QCOMPARE(v.concurrency, 12);
    QCOMPARE(v.closeToTray, false);
    QCOMPARE(v.subscriptions, QStringList {u"sub-b"_s});
    QCOMPARE(v.startAtLogin, false);
    QCOMPARE(v.stepUp, true);
}

void TestSettingsDialog::subscriptionsShowHowTheirSyncGoes()
{
    const auto settings = openSettings();
    settings->setValue(u"sync/subscriptions"_s, QStringList {u"SUB-OK"_s, u"sub-gone"_s});
    lockbox::engine::SubscriptionStatus ok;
    ok.subscriptionId = u"sub-ok"_s;
    ok.displayName = u"Production"_s;
    ok.lastSuccess = QDateTime::currentDateTimeUtc();
    lockbox::engine::SubscriptionStatus forbidden;
    forbidden.subscriptionId = u"sub-403"_s;
    forbidden.displayName = u"<b>Finance</b>"_s;
    forbidden.lastError = u"You are not an approver of this subscription (403 AuthorizationFailed)"_s;
    forbidden.retryAfter = QDateTime::currentDateTimeUtc().addSecs(6 * 3600);
    SettingsDialog dialog(settings.get(), {ok, forbidden});
    auto *list = child<QListWidget>(dialog, u"subscriptionList"_s);
    QVERIFY(list);
    QCOMPARE(list->count(), 3);
    const auto itemFor = [list](const QString &id) -> QListWidgetItem * {
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(Qt::UserRole).toString() == id)
                return list->item(i);
        }
        return nullptr;
    };
    QListWidgetItem *good = itemFor(u"sub-ok"_s);
    QVERIFY(good);
    QVERIFY(good->text().contains(u"Production"_s));
    QVERIFY(good->text().contains(u"synced"_s));
    QVERIFY(good->icon().isNull());
    QCOMPARE(good->checkState(), Qt::Checked); // chosen ids match whatever their case
    QListWidgetItem *bad = itemFor(u"sub-403"_s);
    QVERIFY(bad);
    QVERIFY(bad->text().contains(u"not an approver"_s));
    QVERIFY(bad->text().contains(u"next try"_s));
    QVERIFY(bad->text().contains(u"<b>Finance</b>"_s)); // a name is text, never markup
    // In the tooltip too, which Qt would render as rich text.
    QVERIFY2(!bad->toolTip().contains(u"<b>Finance"_s), qPrintable(bad->toolTip()));
    QVERIFY(QTextDocumentFragment::fromHtml(bad->toolTip()).toPlainText().contains(u"<b>Finance</b>"_s));
    QVERIFY(!bad->icon().isNull());
    QCOMPARE(bad->checkState(), Qt::Unchecked);
    QListWidgetItem *unknown = itemFor(u"sub-gone"_s);
    QVERIFY(unknown);
    QVERIFY(unknown->text().contains(u"not seen"_s));
}

void TestSettingsDialog::signInTabHasAccessibleControls()
{
    const auto settings = openSettings();
    SettingsDialog dialog(settings.get(), {});
    auto *tabs = child<QTabWidget>(dialog, u"tabs"_s);
    QWidget *page = child<QWidget>(dialog, u"signInPage"_s);
    QCOMPARE(tabs->tabText(tabs->indexOf(page)), u"Sign-&in"_s);
    QVERIFY(child<CloudPicker>(*page, u"cloudPicker"_s));
    QCOMPARE(child<QLineEdit>(*page, u"tenantEdit"_s)->placeholderText(), u"organizations (any work account)"_s);
    QCOMPARE(child<QLabel>(*page, u"signInNote"_s)->text(), u"Used the next time you sign in."_s);
    QStringList unnamed;
    const auto widgets = page->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
            || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSpinBox *>(w);
        // A spin box's own line edit is named by the spin box.
        if (qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
            continue;
        if (control && w->accessibleName().isEmpty() && !w->objectName().startsWith(u"qt_"_s))
            unnamed << (w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                  : w->objectName());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void TestSettingsDialog::closeToTrayNeedsATray()
{
    const auto settings = openSettings();
    settings->setValue(u"tray/closeToTray"_s, true);
    SettingsDialog dialog(settings.get(), {});
    auto *box = child<QCheckBox>(dialog, u"closeToTray"_s);
    auto *note = child<QLabel>(dialog, u"closeToTrayNote"_s);
    QVERIFY(box && note);
    // Unless told, the dialog asks Qt.
    QCOMPARE(box->isEnabled(), QSystemTrayIcon::isSystemTrayAvailable());

    // No tray: off, disabled, and the reason beside it; the stored choice survives a save.
    dialog.setTrayAvailable(false);
    QVERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    QVERIFY(note->isVisibleTo(&dialog));
    QVERIFY2(note->text().contains(u"no system tray"_s), qPrintable(note->text()));
    QCOMPARE(note->textFormat(), Qt::PlainText);
    dialog.accept();
    QCOMPARE(SettingsDialog::load(*settings).closeToTray, true);

    // A tray: the choice is the user's again.
    SettingsDialog again(settings.get(), {});
    again.setTrayAvailable(true);
    box = child<QCheckBox>(again, u"closeToTray"_s);
    QVERIFY(box->isEnabled());
    QVERIFY(box->isChecked());
    QVERIFY(!child<QLabel>(again, u"closeToTrayNote"_s)->isVisibleTo(&again));
    box->setChecked(false);
    QCOMPARE(again.values().closeToTray, false);
}

void TestSettingsDialog::signInTabShowsTheCloudInUse()
{
    // The demo signs in at its simulator whatever console.ini says: the tab names that, not
    // Azure (public), and saving leaves console.ini's choice alone.
    const auto settings = openSettings();
    const QUrl simulator(u"http://127.0.0.1:43117"_s);
    SettingsDialog dialog(settings.get(), {});
    QCOMPARE(child<QComboBox>(dialog, u"cloudKind"_s)->currentText(), u"Azure (public)"_s);
    dialog.setSignInInUse(Cloud::custom(simulator, simulator), QString());
    auto *kind = child<QComboBox>(dialog, u"cloudKind"_s);
    QCOMPARE(kind->currentText(), u"Custom endpoints"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"authorityEdit"_s)->text(), simulator.toString());
    QCOMPARE(child<QLineEdit>(dialog, u"armEndpointEdit"_s)->text(), simulator.toString());
    QVERIFY(!child<CloudPicker>(dialog, u"cloudPicker"_s)->isEnabled());
    QVERIFY(!child<QLineEdit>(dialog, u"tenantEdit"_s)->isEnabled());
    QVERIFY(child<QLabel>(dialog, u"signInNote"_s)->text().contains(u"started"_s));
    QCOMPARE(dialog.values().cloud.armEndpoint(), simulator);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(SettingsDialog::load(*settings).cloud, Cloud::preset(Cloud::Kind::Public));
    QVERIFY(!settings->contains(u"signin/authority"_s));
}

void TestSettingsDialog::alertsAreTheProfiles()
{
    const auto settings = openSettings();
    QSettings profile(m_dir->filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    lockbox::engine::AlertSettings stored;
    stored.outcomes = false;
    stored.reminderBeforeSecs = 6 * 3600;
    stored.save(profile);
    profile.sync();
    {
        SettingsDialog dialog(settings.get(), {});
        dialog.setProfileSettings(&profile);
        // The dialog shows what the profile holds.
        QVERIFY(child<QCheckBox>(dialog, u"alertNew"_s)->isChecked());
        QVERIFY(!child<QCheckBox>(dialog, u"alertOutcomes"_s)->isChecked());
        QCOMPARE(child<QSpinBox>(dialog, u"reminderHours"_s)->value(), 6);
        QVERIFY(!child<QCheckBox>(dialog, u"quietHours"_s)->isChecked());
        QVERIFY(!child<QTimeEdit>(dialog, u"quietFrom"_s)->isEnabled());
        QCOMPARE(dialog.values().alerts, stored);

        child<QCheckBox>(dialog, u"alertNew"_s)->setChecked(false);
        child<QCheckBox>(dialog, u"alertReminders"_s)->setChecked(false);
        QVERIFY(!child<QSpinBox>(dialog, u"reminderHours"_s)->isEnabled());
        child<QCheckBox>(dialog, u"quietHours"_s)->setChecked(true);
        QVERIFY(child<QTimeEdit>(dialog, u"quietFrom"_s)->isEnabled());
        child<QTimeEdit>(dialog, u"quietFrom"_s)->setTime(QTime(21, 30));
        child<QTimeEdit>(dialog, u"quietUntil"_s)->setTime(QTime(6, 45));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    // Saved in the profile's shared file, where lockboxctl watch reads them; not in console.ini.
    QSettings reread(m_dir->filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    const lockbox::engine::AlertSettings saved = lockbox::engine::AlertSettings::load(reread);
    QVERIFY(!saved.newRequests);
    QVERIFY(!saved.reminders);
    QVERIFY(!saved.outcomes);
    QCOMPARE(saved.reminderBeforeSecs, 6 * 3600);
    QCOMPARE(saved.quietFrom, QTime(21, 30));
    QCOMPARE(saved.quietUntil, QTime(6, 45));
    settings->sync();
    QVERIFY(!settings->childGroups().contains(u"alerts"_s));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
