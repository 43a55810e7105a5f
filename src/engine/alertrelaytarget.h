#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringView>

namespace lockbox::engine {

class RelayEvent;

// How one delivery of one event to one target went.
struct RelayDelivery final
{
    enum class Result {
        Delivered, // the target took it
        Retry,     // not now (a 5xx, 408, 429, a network failure, a command that failed): try again later
        Failed,    // never (a 4xx other than 408 and 429): reported once and given up
    };

    Result result = Result::Delivered;
    QString error;              // why not, in a few words; never a secret (no webhook URL)
    qint64 retryAfterSecs = -1; // the receiver asked to wait this long (Retry-After), -1 when it did not say
};

// Where the relay (lockboxctl watch) delivers its events: a webhook, a command, standard output.
// One delivery at a time: deliver() starts it and finished() follows exactly once, later, from
// the event loop (never from inside deliver()).
class RelayTarget : public QObject
{
    Q_OBJECT

public:
    ~RelayTarget() override;

    // Stable across runs, the journal's name of the target: "stdout", "exec:<digest>",
    // "webhook:<digest>". Never a secret.
    virtual QString key() const = 0;
    // For people: "webhook https://hooks.slack.com", "exec notify-team". Never a secret.
    virtual QString label() const = 0;
    // Delivers `event` as it stands at `now`.
    virtual void deliver(const RelayEvent &event, const QDateTime &now) = 0;

    // A short hex digest of `text` (SHA-256): a key that names a secret without holding it.
    static QString digest(QStringView text);

Q_SIGNALS:
    void finished(const lockbox::engine::RelayDelivery &delivery);
    // What the target had to say besides (a command's output), for the log.
    void output(const QString &text);

protected:
    explicit RelayTarget(QObject *parent = nullptr);
};

} // namespace lockbox::engine

Q_DECLARE_METATYPE(lockbox::engine::RelayDelivery)
