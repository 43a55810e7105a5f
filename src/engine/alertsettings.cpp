#include "alertsettings.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSettings>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

const auto kNewRequests = u"alerts/newRequests"_s;
const auto kReminders = u"alerts/reminders"_s;
const auto kOutcomes = u"alerts/outcomes"_s;
const auto kReminderHours = u"alerts/reminderHours"_s;
const auto kQuietFrom = u"alerts/quietFrom"_s;
const auto kQuietUntil = u"alerts/quietUntil"_s;
const auto kTimeFormat = u"HH:mm"_s;

constexpr int kMinReminderHours = 1;
constexpr int kMaxReminderHours = 96;

QTime readTime(const QSettings &settings, const QString &key)
{
    const QString text = settings.value(key).toString().trimmed();
    return text.isEmpty() ? QTime() : QTime::fromString(text, kTimeFormat);
}

} // namespace

bool AlertSettings::hasQuietHours() const
{
    return quietFrom.isValid() && quietUntil.isValid() && quietFrom != quietUntil;
}

bool AlertSettings::isQuietAt(const QDateTime &at) const
{
    if (!hasQuietHours() || !at.isValid())
        return false;
    const QTime t = at.toLocalTime().time();
    if (quietFrom < quietUntil)
        return t >= quietFrom && t < quietUntil;
    return t >= quietFrom || t < quietUntil; // spans midnight
}

QDateTime AlertSettings::quietEndsAfter(const QDateTime &at) const
{
    if (!isQuietAt(at))
        return {};
    const QDateTime local = at.toLocalTime();
    QDateTime end(local.date(), quietUntil, local.timeSpec());
    if (end <= local)
        end = QDateTime(local.date().addDays(1), quietUntil, local.timeSpec());
    return end;
}

QString AlertSettings::describe() const
{
    QStringList events;
    if (newRequests)
        events << tr("new requests");
    if (reminders)
        events << tr("reminders %1 h before expiry").arg(reminderBeforeSecs / 3600);
    if (outcomes)
        events << tr("outcomes");
    QString text = events.isEmpty() ? tr("no alerts") : events.join(u", "_s);
    if (hasQuietHours())
        text += tr("; quiet %1-%2").arg(quietFrom.toString(kTimeFormat), quietUntil.toString(kTimeFormat));
    return text;
}

AlertSettings AlertSettings::load(const QSettings &settings)
{
    AlertSettings s;
    s.newRequests = settings.value(kNewRequests, s.newRequests).toBool();
    s.reminders = settings.value(kReminders, s.reminders).toBool();
    s.outcomes = settings.value(kOutcomes, s.outcomes).toBool();
    bool ok = false;
    const int hours = settings.value(kReminderHours).toInt(&ok);
    if (ok)
        s.reminderBeforeSecs = std::clamp(hours, kMinReminderHours, kMaxReminderHours) * 3600;
    s.quietFrom = readTime(settings, kQuietFrom);
    s.quietUntil = readTime(settings, kQuietUntil);
    if (!s.hasQuietHours())
        s.quietFrom = s.quietUntil = QTime();
    return s;
}

void AlertSettings::save(QSettings &settings) const
{
    settings.setValue(kNewRequests, newRequests);
    settings.setValue(kReminders, reminders);
    settings.setValue(kOutcomes, outcomes);
    settings.setValue(kReminderHours, std::clamp(reminderBeforeSecs / 3600, kMinReminderHours, kMaxReminderHours));
    if (hasQuietHours()) {
        settings.setValue(kQuietFrom, quietFrom.toString(kTimeFormat));
        settings.setValue(kQuietUntil, quietUntil.toString(kTimeFormat));
    } else {
        settings.remove(kQuietFrom);
        settings.remove(kQuietUntil);
    }
}

} // namespace lockbox::engine
