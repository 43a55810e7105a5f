#pragma once

// Which alerts a profile wants, one set of settings for both front ends: the console's
// notifications and `lockboxctl watch`'s relay read them through engine::AlertPolicy.

#include <QCoreApplication>
#include <QString>
#include <QTime>

class QDateTime;
class QSettings;

namespace lockbox::engine {

struct AlertSettings final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::engine::AlertSettings)

public:
    // Which events alert.
    bool newRequests = true; // a request became Pending
    bool reminders = true;   // a Pending request is about to expire
    bool outcomes = true;    // a request decided here reached its end, or ended without us

    // Remind when a Pending request has less than this left, 1..96 hours.
    int reminderBeforeSecs = 12 * 3600;

    // Quiet hours, local time: while inside [quietFrom, quietUntil) (which may span midnight) no
    // alert is told; what came up then is told when they end, if it still holds. Off when
    // quietFrom == quietUntil or either is invalid.
    QTime quietFrom;
    QTime quietUntil;

    bool hasQuietHours() const;
    // Whether `at` (read in local time) is inside the quiet hours.
    bool isQuietAt(const QDateTime &at) const;
    // When the quiet hours that `at` is inside end (invalid when `at` is not inside them).
    QDateTime quietEndsAfter(const QDateTime &at) const;

    // A short sentence for settings lists and `lockboxctl watch`: "new requests, reminders 12 h
    // before expiry, outcomes; quiet 22:00-07:00".
    QString describe() const;

    // The profile's settings file (engine::Profile::accountSettings()), group "alerts". Values out
    // of range are brought into range; a missing key keeps its default.
    static AlertSettings load(const QSettings &settings);
    void save(QSettings &settings) const;

    friend bool operator==(const AlertSettings &a, const AlertSettings &b)
    {
        return a.newRequests == b.newRequests && a.reminders == b.reminders && a.outcomes == b.outcomes
            && a.reminderBeforeSecs == b.reminderBeforeSecs && a.quietFrom == b.quietFrom
            && a.quietUntil == b.quietUntil;
    }
    friend bool operator!=(const AlertSettings &a, const AlertSettings &b) { return !(a == b); }
};

} // namespace lockbox::engine
