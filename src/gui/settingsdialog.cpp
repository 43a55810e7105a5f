#include "settingsdialog.h"

#include "ui_settingsdialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {
const auto kPoll = u"sync/pendingPollSec"_s;
const auto kReminder = u"alerts/reminderHours"_s;
const auto kCloseToTray = u"tray/closeToTray"_s;
const auto kSubscriptions = u"sync/subscriptions"_s;
} // namespace

SettingsDialog::SettingsDialog(QSettings *settings, const QList<SubscriptionStatus> &known, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    const Values v = load(*settings);
    m_ui->pollSeconds->setValue(v.pendingPollSec);
    m_ui->reminderHours->setValue(v.reminderHours);
    m_ui->closeToTray->setChecked(v.closeToTray);
    m_ui->startAtLogin->setChecked(QFile::exists(autostartFile()));
    m_ui->chosenSubscriptions->setChecked(!v.subscriptions.isEmpty());
    QStringList ids;
    for (const SubscriptionStatus &s : known)
        ids.append(s.subscriptionId);
    for (const QString &id : v.subscriptions) {
        if (!ids.contains(id, Qt::CaseInsensitive))
            ids.append(id);
    }
    for (const QString &id : std::as_const(ids)) {
        QString label = id;
        for (const SubscriptionStatus &s : known) {
            if (s.subscriptionId == id && !s.displayName.isEmpty())
                label = s.displayName + u"  ("_s + id + u')';
        }
        auto *item = new QListWidgetItem(label, m_ui->subscriptionList);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(v.subscriptions.isEmpty() || v.subscriptions.contains(id, Qt::CaseInsensitive)
                                ? Qt::Checked
                                : Qt::Unchecked);
    }
    const auto syncEnabled = [this] { m_ui->subscriptionList->setEnabled(m_ui->chosenSubscriptions->isChecked()); };
    connect(m_ui->chosenSubscriptions, &QRadioButton::toggled, this, syncEnabled);
    syncEnabled();
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

SettingsDialog::Values SettingsDialog::load(const QSettings &settings)
{
    Values v;
    v.pendingPollSec = std::clamp(settings.value(kPoll, 60).toInt(), 15, 3600);
    v.reminderHours = std::clamp(settings.value(kReminder, 12).toInt(), 1, 96);
    v.closeToTray = settings.value(kCloseToTray, true).toBool();
    v.subscriptions = settings.value(kSubscriptions).toStringList();
    v.startAtLogin = QFile::exists(autostartFile());
    return v;
}

SettingsDialog::Values SettingsDialog::values() const
{
    Values v;
    v.pendingPollSec = m_ui->pollSeconds->value();
    v.reminderHours = m_ui->reminderHours->value();
    v.closeToTray = m_ui->closeToTray->isChecked();
    v.startAtLogin = m_ui->startAtLogin->isChecked();
    if (m_ui->chosenSubscriptions->isChecked()) {
        for (int i = 0; i < m_ui->subscriptionList->count(); ++i) {
            const QListWidgetItem *item = m_ui->subscriptionList->item(i);
            if (item->checkState() == Qt::Checked)
                v.subscriptions.append(item->data(Qt::UserRole).toString());
        }
    }
    return v;
}

void SettingsDialog::accept()
{
    const Values v = values();
    if (m_ui->chosenSubscriptions->isChecked() && v.subscriptions.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose at least one subscription, or watch every one."));
        return;
    }
    m_settings->setValue(kPoll, v.pendingPollSec);
    m_settings->setValue(kReminder, v.reminderHours);
    m_settings->setValue(kCloseToTray, v.closeToTray);
    m_settings->setValue(kSubscriptions, v.subscriptions);
    m_settings->sync();
    QString error;
    if (v.startAtLogin != QFile::exists(autostartFile()) && !setStartAtLogin(v.startAtLogin, &error))
        QMessageBox::warning(this, windowTitle(), error);
    QDialog::accept();
}

QString SettingsDialog::autostartFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::ConfigLocation))
        .filePath(u"autostart/lockbox-console.desktop"_s);
}

bool SettingsDialog::setStartAtLogin(bool enabled, QString *error)
{
    const QString path = autostartFile();
    if (!enabled) {
        if (QFile::exists(path) && !QFile::remove(path)) {
            *error = tr("Cannot remove %1").arg(path);
            return false;
        }
        return true;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QString exec = QCoreApplication::applicationFilePath();
    const QString entry = u"[Desktop Entry]\nType=Application\nName=Lockbox Console\n"
                          "Comment=Azure Customer Lockbox approvals\nExec=\"%1\" --minimized\n"
                          "Icon=lockbox-console\nX-GNOME-Autostart-enabled=true\n"_s.arg(exec);
    file.write(entry.toUtf8());
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace lockbox::gui
