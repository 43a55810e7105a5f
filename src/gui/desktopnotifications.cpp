#include "desktopnotifications.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QDir>
#include <QGuiApplication>
#include <QIcon>
#include <QLoggingCategory>
#include <QPixmap>
#include <QStandardPaths>
#include <QUrl>
#include <QVariantMap>

#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

Q_LOGGING_CATEGORY(lcNotify, "lockbox.gui.notify", QtWarningMsg)

// org.freedesktop.Notifications urgency levels (a byte).
constexpr uchar kUrgencyNormal = 1;
constexpr uchar kUrgencyCritical = 2;

const auto kDefaultAction = u"default"_s;
const auto kRemindAction = u"remind"_s;

QString appId()
{
    const QString name = QGuiApplication::desktopFileName();
    return name.isEmpty() ? u"lockbox-console"_s : name;
}

// The notice's icon: the app id where the icon theme has it (an installed console), else the
// bundled icon as a file the server can read (a console run from its build tree).
QString appIcon()
{
    QString id = appId();
    if (QIcon::hasThemeIcon(id))
        return id;
    static const QString bundled = [] {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        const QIcon icon(u":/icons/lockbox.svg"_s);
        if (dir.isEmpty() || icon.isNull() || !QDir().mkpath(dir))
            return QString();
        const QString file = QDir(dir).filePath(u"notification-icon.png"_s);
        if (!icon.pixmap(QSize(64, 64)).save(file, "PNG"))
            return QString();
        return QUrl::fromLocalFile(file).toString();
    }();
    return bundled.isEmpty() ? id : bundled;
}

} // namespace

DesktopNotifications::DesktopNotifications(QDBusConnection bus, QObject *parent)
    : QObject(parent)
    , m_bus(std::move(bus))
{
    const QString service = QString::fromLatin1(kService);
    const QString path = QString::fromLatin1(kPath);
    const QString interface = QString::fromLatin1(kInterface);
    // QtDBus connects bus signals by slot signature only. (A generated proxy would give Qt signals,
    // but QDBusAbstractInterface asks the bus for the service's owner with a blocking call.)
    m_bus.connect(service, path, interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(service, path, interface, u"NotificationClosed"_s, this, SLOT(onNotificationClosed(uint, uint)));
    // The server restarted or another took its place: its ids start again.
    m_watcher = new QDBusServiceWatcher(service, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this, &DesktopNotifications::serverChanged);
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRetryMsecs);
    connect(&m_retry, &QTimer::timeout, this, &DesktopNotifications::probe);
    probe();
}

DesktopNotifications::~DesktopNotifications() = default;

void DesktopNotifications::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void DesktopNotifications::probe()
{
    if (!m_bus.isConnected()) {
        qCInfo(lcNotify) << "no session bus: desktop notifications are off";
        setState(State::Unavailable);
        for (const Notice &notice : std::exchange(m_waiting, {}))
            Q_EMIT undelivered(notice);
        return;
    }
    setState(State::Probing);
    QDBusMessage call = QDBusMessage::createMethodCall(QString::fromLatin1(kService), QString::fromLatin1(kPath),
                                                       QString::fromLatin1(kInterface), u"GetCapabilities"_s);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kCallTimeoutMsecs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QStringList> reply = *w;
        if (reply.isError()) {
            qCInfo(lcNotify) << "no notification server answers:" << reply.error().message();
            m_capabilities.clear();
            setState(State::Unavailable);
            m_retry.start();
            for (const Notice &notice : std::exchange(m_waiting, {}))
                Q_EMIT undelivered(notice);
            return;
        }
        m_capabilities = reply.value();
        setState(State::Available);
        for (const Notice &notice : std::exchange(m_waiting, {}))
            send(notice);
    });
}

bool DesktopNotifications::notify(const Notice &notice)
{
    switch (m_state) {
    case State::Unavailable:
        return false;
    case State::Probing:
        m_waiting.append(notice);
        return true;
    case State::Available:
        send(notice);
        return true;
    }
    return false;
}

QString DesktopNotifications::bodyFor(const QString &plain, bool rendersMarkup)
{
    if (!rendersMarkup)
        return plain;
    QString escaped;
    escaped.reserve(plain.size() + plain.size() / 8);
    for (const QChar c : plain) {
        switch (c.unicode()) {
        case u'<':
            escaped += u"&lt;"_s;
            break;
        case u'>':
            escaped += u"&gt;"_s;
            break;
        case u'&':
            escaped += u"&amp;"_s;
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
}

void DesktopNotifications::serverChanged()
{
    m_slotIds.clear();
    m_shown.clear();
    if (m_state == State::Unavailable) {
        m_retry.stop();
        probe(); // a server came: ask it now rather than at the next retry
    }
}

void DesktopNotifications::send(const Notice &notice)
{
    if (m_inFlight.contains(notice.slot)) {
        m_next.insert(notice.slot, notice); // after the answer, with its id to replace
        return;
    }
    m_inFlight.insert(notice.slot);
    QStringList actions;
    if (m_capabilities.contains(u"actions"_s)) {
        actions << kDefaultAction << tr("Open");
        if (notice.remindable)
            actions << kRemindAction << tr("Remind me in 1 hour");
    }
    QVariantMap hints;
    hints.insert(
        u"urgency"_s,
        QVariant::fromValue<uchar>(notice.urgency == Notice::Urgency::Critical ? kUrgencyCritical : kUrgencyNormal));
    hints.insert(u"desktop-entry"_s, appId());
    // A server without body support shows the title alone; the title is ours, never server text.
    const QString body = m_capabilities.contains(u"body"_s)
        ? bodyFor(notice.body, m_capabilities.contains(u"body-markup"_s))
        : QString();
    QDBusMessage call = QDBusMessage::createMethodCall(QString::fromLatin1(kService), QString::fromLatin1(kPath),
                                                       QString::fromLatin1(kInterface), u"Notify"_s);
    call << QCoreApplication::applicationName() << m_slotIds.value(notice.slot, 0u) << appIcon() << notice.title << body
         << actions << hints << qint32(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kCallTimeoutMsecs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, notice](QDBusPendingCallWatcher *w) { sent(w, notice); });
}

void DesktopNotifications::sent(QDBusPendingCallWatcher *watcher, const Notice &notice)
{
    watcher->deleteLater();
    m_inFlight.remove(notice.slot);
    const std::optional<Notice> next =
        m_next.contains(notice.slot) ? std::optional<Notice>(m_next.take(notice.slot)) : std::nullopt;
    const QDBusPendingReply<uint> reply = *watcher;
    if (reply.isError()) {
        // What is shown stays as it is (its actions still work); new notices go another way until
        // the service answers again.
        qCWarning(lcNotify) << "the notification server did not take a notice:" << reply.error().message();
        if (m_state != State::Unavailable) {
            setState(State::Unavailable);
            m_retry.start();
        }
        Q_EMIT undelivered(notice);
        if (next)
            Q_EMIT undelivered(*next);
        return;
    }
    const uint id = reply.value();
    const uint previous = m_slotIds.value(notice.slot, 0u);
    if (previous != 0 && previous != id)
        m_shown.remove(previous); // it was replaced by this one, or it closed unnoticed
    m_slotIds.insert(notice.slot, id);
    m_shown.insert(id, notice);
    if (next)
        send(*next);
}

void DesktopNotifications::onActionInvoked(uint id, const QString &actionKey)
{
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend())
        return; // another application's notice
    if (actionKey == kDefaultAction)
        Q_EMIT opened(it->requestIds);
    else if (actionKey == kRemindAction && it->remindable)
        Q_EMIT remindRequested(it->requestIds);
}

void DesktopNotifications::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    forget(id);
}

void DesktopNotifications::forget(uint id)
{
    const auto it = m_shown.constFind(id);
    if (it == m_shown.cend())
        return;
    if (m_slotIds.value(it->slot) == id)
        m_slotIds.remove(it->slot);
    m_shown.erase(it);
}

void DesktopNotifications::setLauncherCount(int count)
{
    if (!m_bus.isConnected())
        return;
    // The Unity launcher API: a signal on a path of our own, naming the desktop file.
    const QString uri = u"application://"_s + appId() + u".desktop"_s;
    const QByteArray digest = QCryptographicHash::hash(uri.toUtf8(), QCryptographicHash::Md5).toHex();
    QDBusMessage signal =
        QDBusMessage::createSignal(u"/com/canonical/unity/launcherentry/"_s + QString::fromLatin1(digest),
                                   u"com.canonical.Unity.LauncherEntry"_s, u"Update"_s);
    QVariantMap properties;
    properties.insert(u"count"_s, qint64(std::max(0, count)));
    properties.insert(u"count-visible"_s, count > 0);
    signal << uri << properties;
    m_bus.send(signal);
}

} // namespace lockbox::gui
