#include "settingsdialog.h"

#include "cloudpicker.h"
#include "requestpresentation.h"
#include "ui_settingsdialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QIcon>
#include <QListWidget>
#include <QMessageBox>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {
const auto kPoll = u"sync/pendingPollSec"_s;
const auto kConcurrency = u"sync/concurrency"_s;
const auto kCloseToTray = u"tray/closeToTray"_s;
const auto kSubscriptions = u"sync/subscriptions"_s;
const auto kCloud = u"signin/cloud"_s;
const auto kAuthority = u"signin/authority"_s;
const auto kArmEndpoint = u"signin/armEndpoint"_s;
const auto kTenant = u"signin/tenant"_s;
const auto kStepUp = u"signin/stepUp"_s;
const auto kStepUpMaxAge = u"signin/stepUpMaxAgeSec"_s;

constexpr int kMinStepUpAgeSec = 60;
constexpr int kMaxStepUpAgeSec = 3600;

Cloud loadCloud(const QSettings &settings)
{
    const Cloud::Kind kind = Cloud::kindFromName(settings.value(kCloud).toString()).value_or(Cloud::Kind::Public);
    if (kind != Cloud::Kind::Custom)
        return Cloud::preset(kind);
    const QUrl authority(settings.value(kAuthority).toString(), QUrl::StrictMode);
    const QUrl armEndpoint(settings.value(kArmEndpoint).toString(), QUrl::StrictMode);
    // A hand-edited file must not send a secret in the clear: such endpoints are not loaded.
    if (!Cloud::isSecureUrl(authority) || !Cloud::isSecureUrl(armEndpoint))
        return Cloud::preset(Cloud::Kind::Public);
    return Cloud::custom(authority, armEndpoint, Cloud::Kind::Public);
}

// The autostart entry is named after the app id (packaging/); earlier versions wrote this one.
QString legacyAutostartFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation))
        .filePath(u"autostart/lockbox-console.desktop"_s);
}

// An entry under the earlier name still starts the console at login.
bool startsAtLogin()
{
    return QFile::exists(SettingsDialog::autostartFile()) || QFile::exists(legacyAutostartFile());
}
} // namespace

SettingsDialog::SettingsDialog(QSettings *settings, const QList<engine::SubscriptionStatus> &known, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    const Values v = load(*settings);
    m_ui->pollSeconds->setValue(v.pendingPollSec);
    m_ui->concurrency->setValue(v.concurrency);
    const auto followAlerts = [this] {
        m_ui->reminderHours->setEnabled(m_ui->alertReminders->isChecked());
        m_ui->quietFrom->setEnabled(m_ui->quietHours->isChecked());
        m_ui->quietUntil->setEnabled(m_ui->quietHours->isChecked());
    };
    connect(m_ui->alertReminders, &QCheckBox::toggled, this, followAlerts);
    connect(m_ui->quietHours, &QCheckBox::toggled, this, followAlerts);
    followAlerts();
    m_closeToTray = v.closeToTray;
    m_ui->closeToTray->setChecked(v.closeToTray);
    connect(m_ui->closeToTray, &QCheckBox::toggled, this, [this](bool checked) {
        if (m_trayAvailable)
            m_closeToTray = checked;
    });
    setTrayAvailable(QSystemTrayIcon::isSystemTrayAvailable());
    m_ui->startAtLogin->setChecked(startsAtLogin());
    m_ui->chosenSubscriptions->setChecked(!v.subscriptions.isEmpty());
    // Every subscription the engine knows, then the chosen ones it has not seen (yet); each with
    // how its sync goes.
    QHash<QString, const engine::SubscriptionStatus *> byId;
    QStringList ids;
    for (const engine::SubscriptionStatus &s : known) {
        byId.insert(s.subscriptionId.toLower(), &s);
        ids.append(s.subscriptionId);
    }
    for (const QString &id : v.subscriptions) {
        if (!byId.contains(id.toLower()))
            ids.append(id);
    }
    QSet<QString> chosen;
    for (const QString &id : v.subscriptions)
        chosen.insert(id.toLower());
    const QLocale locale;
    for (const QString &id : std::as_const(ids)) {
        const engine::SubscriptionStatus *status = byId.value(id.toLower());
        QString label = status && !status->displayName.isEmpty() ? status->displayName + u"  ("_s + id + u')' : id;
        QString state;
        if (!status)
            state = tr("not seen in the subscription list");
        else if (!status->lastError.isEmpty())
            state = status->lastError;
        else if (status->lastSuccess.isValid())
            state = tr("synced %1").arg(locale.toString(status->lastSuccess.toLocalTime(), QLocale::ShortFormat));
        else
            state = tr("not synced yet");
        if (status && status->retryAfter.isValid() && status->retryAfter > QDateTime::currentDateTimeUtc())
            state += u"; "_s
                + tr("next try %1").arg(locale.toString(status->retryAfter.toLocalTime(), QLocale::ShortFormat));
        auto *item = new QListWidgetItem(label + u" — "_s + state, m_ui->subscriptionList);
        item->setToolTip(RequestPresentation::plainToolTip(label + u'\n' + state)); // server text: plain
        item->setData(Qt::UserRole, id);
        if (status && !status->lastError.isEmpty())
            item->setIcon(QIcon(u":/icons/status-other.svg"_s));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(chosen.isEmpty() || chosen.contains(id.toLower()) ? Qt::Checked : Qt::Unchecked);
    }
    const auto syncEnabled = [this] { m_ui->subscriptionList->setEnabled(m_ui->chosenSubscriptions->isChecked()); };
    connect(m_ui->chosenSubscriptions, &QRadioButton::toggled, this, syncEnabled);
    syncEnabled();

    m_ui->cloudPicker->setCloud(v.cloud);
    m_ui->tenantEdit->setText(v.tenant);
    m_ui->stepUp->setChecked(v.stepUp);
    m_ui->stepUpMinutes->setValue(qRound(v.stepUpMaxAgeSec / 60.0));
    const auto stepUpEnabled = [this] { m_ui->stepUpMinutes->setEnabled(m_ui->stepUp->isChecked()); };
    connect(m_ui->stepUp, &QCheckBox::toggled, this, stepUpEnabled);
    stepUpEnabled();
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setTrayAvailable(bool available)
{
    m_trayAvailable = available;
    {
        const QSignalBlocker block(m_ui->closeToTray);
        m_ui->closeToTray->setChecked(available && m_closeToTray);
    }
    m_ui->closeToTray->setEnabled(available);
    m_ui->closeToTrayNote->setVisible(!available);
}

void SettingsDialog::setSignInInUse(const Cloud &cloud, const QString &tenant)
{
    m_signInFixed = true;
    m_ui->cloudPicker->setCloud(cloud);
    m_ui->tenantEdit->setText(tenant.trimmed());
    m_ui->cloudPicker->setEnabled(false);
    m_ui->tenantEdit->setEnabled(false);
    m_ui->signInNote->setText(
        tr("Set by how this console was started (the demo, or --endpoint): sign-in goes here until it is started "
           "without them."));
}

void SettingsDialog::setProfileSettings(QSettings *profileSettings)
{
    m_profileSettings = profileSettings;
    const engine::AlertSettings a =
        profileSettings ? engine::AlertSettings::load(*profileSettings) : engine::AlertSettings();
    m_ui->alertNew->setChecked(a.newRequests);
    m_ui->alertReminders->setChecked(a.reminders);
    m_ui->reminderHours->setValue(a.reminderBeforeSecs / 3600);
    m_ui->alertOutcomes->setChecked(a.outcomes);
    m_ui->quietHours->setChecked(a.hasQuietHours());
    if (a.hasQuietHours()) {
        m_ui->quietFrom->setTime(a.quietFrom);
        m_ui->quietUntil->setTime(a.quietUntil);
    }
}

SettingsDialog::Values SettingsDialog::load(const QSettings &settings)
{
    Values v;
    v.pendingPollSec = std::clamp(settings.value(kPoll, 60).toInt(), 15, 3600);
    v.concurrency = std::clamp(settings.value(kConcurrency, 4).toInt(), 1, 16);
    v.closeToTray = settings.value(kCloseToTray, true).toBool();
    v.subscriptions = settings.value(kSubscriptions).toStringList();
    v.startAtLogin = startsAtLogin();
    v.cloud = loadCloud(settings);
    v.tenant = settings.value(kTenant).toString().trimmed();
    v.stepUp = settings.value(kStepUp, false).toBool();
    // Missing or not a number: the default.
    bool ok = false;
    const int maxAge = settings.value(kStepUpMaxAge).toInt(&ok);
    if (ok)
        v.stepUpMaxAgeSec = std::clamp(maxAge, kMinStepUpAgeSec, kMaxStepUpAgeSec);
    return v;
}

SignInDefaults SettingsDialog::signInDefaults(const Values &values)
{
    SignInDefaults defaults;
    defaults.cloud = values.cloud;
    defaults.tenant = values.tenant;
    return defaults;
}

SettingsDialog::Values SettingsDialog::values() const
{
    Values v;
    v.pendingPollSec = m_ui->pollSeconds->value();
    v.concurrency = m_ui->concurrency->value();
    v.alerts.newRequests = m_ui->alertNew->isChecked();
    v.alerts.reminders = m_ui->alertReminders->isChecked();
    v.alerts.reminderBeforeSecs = m_ui->reminderHours->value() * 3600;
    v.alerts.outcomes = m_ui->alertOutcomes->isChecked();
    if (m_ui->quietHours->isChecked() && m_ui->quietFrom->time() != m_ui->quietUntil->time()) {
        v.alerts.quietFrom = m_ui->quietFrom->time();
        v.alerts.quietUntil = m_ui->quietUntil->time();
    }
    v.closeToTray = m_trayAvailable ? m_ui->closeToTray->isChecked() : m_closeToTray;
    v.startAtLogin = m_ui->startAtLogin->isChecked();
    if (m_ui->chosenSubscriptions->isChecked()) {
        for (int i = 0; i < m_ui->subscriptionList->count(); ++i) {
            const QListWidgetItem *item = m_ui->subscriptionList->item(i);
            if (item->checkState() == Qt::Checked)
                v.subscriptions.append(item->data(Qt::UserRole).toString());
        }
    }
    v.cloud = m_ui->cloudPicker->cloud();
    v.tenant = m_ui->tenantEdit->text().trimmed();
    v.stepUp = m_ui->stepUp->isChecked();
    v.stepUpMaxAgeSec = std::clamp(m_ui->stepUpMinutes->value() * 60, kMinStepUpAgeSec, kMaxStepUpAgeSec);
    return v;
}

void SettingsDialog::accept()
{
    const Values v = values();
    if (m_ui->chosenSubscriptions->isChecked() && v.subscriptions.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose at least one subscription, or watch every one."));
        return;
    }
    QString cloudProblem;
    if (!m_ui->cloudPicker->isValid(&cloudProblem)) {
        m_ui->tabs->setCurrentWidget(m_ui->signInPage);
        // The problem quotes what was typed: plain text, never markup.
        QMessageBox box(QMessageBox::Warning, windowTitle(), cloudProblem, QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        m_ui->cloudPicker->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_settings->setValue(kPoll, v.pendingPollSec);
    m_settings->setValue(kConcurrency, v.concurrency);
    if (m_profileSettings) {
        v.alerts.save(*m_profileSettings);
        m_profileSettings->sync();
    }
    m_settings->setValue(kCloseToTray, v.closeToTray);
    m_settings->setValue(kSubscriptions, v.subscriptions);
    if (!m_signInFixed)
        saveSignIn(*m_settings, v.cloud, v.tenant);
    m_settings->setValue(kStepUp, v.stepUp);
    m_settings->setValue(kStepUpMaxAge, v.stepUpMaxAgeSec);
    m_settings->sync();
    QString error;
    // An entry under the earlier name is replaced (or removed) whenever the settings are saved.
    const bool change = v.startAtLogin != QFile::exists(autostartFile()) || QFile::exists(legacyAutostartFile());
    if (change && !setStartAtLogin(v.startAtLogin, &error))
        QMessageBox::warning(this, windowTitle(), error);
    QDialog::accept();
}

void SettingsDialog::saveSignIn(QSettings &settings, const Cloud &cloud, const QString &tenant)
{
    settings.setValue(kCloud, Cloud::nameOf(cloud.kind()));
    if (cloud.kind() == Cloud::Kind::Custom) {
        settings.setValue(kAuthority, cloud.authority().toString());
        settings.setValue(kArmEndpoint, cloud.armEndpoint().toString());
    } else {
        settings.remove(kAuthority);
        settings.remove(kArmEndpoint);
    }
    settings.setValue(kTenant, tenant.trimmed());
}

QString SettingsDialog::autostartFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation))
        .filePath(u"autostart/io.github.lockboxconsole.LockboxConsole.desktop"_s);
}

bool SettingsDialog::setStartAtLogin(bool enabled, QString *error)
{
    const QString path = autostartFile();
    const auto remove = [error](const QString &file) {
        if (QFile::exists(file) && !QFile::remove(file)) {
            *error = tr("Cannot remove %1").arg(file);
            return false;
        }
        return true;
    };
    if (!enabled)
        return remove(path) && remove(legacyAutostartFile());
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QString exec = QCoreApplication::applicationFilePath();
    const QString entry = u"[Desktop Entry]\nType=Application\nName=Lockbox Console\n"
                          "Comment=Azure Customer Lockbox approvals\nExec=\"%1\" --minimized\n"
                          "Icon=io.github.lockboxconsole.LockboxConsole\nX-GNOME-Autostart-enabled=true\n"_s.arg(exec);
    file.write(entry.toUtf8());
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // Two entries would start the console twice.
    return remove(legacyAutostartFile());
}

} // namespace lockbox::gui
