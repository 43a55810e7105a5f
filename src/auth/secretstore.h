#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

namespace lockbox {

// The secrets that let a profile sign in again by itself — a refresh token, an application's
// client secret — in the operating system's keychain (Secret Service on Linux, through
// QtKeychain), under the service "lockbox-console" and a key per profile. There is no fallback:
// where no keychain exists the operation fails with NoKeychain and nothing is written anywhere
// else. Every operation is asynchronous and calls back exactly once, from the event loop of the
// store's thread. QtKeychain queues every job of the process through one executor that is not
// thread-safe, so the jobs themselves always run on the application's main thread, whichever
// thread the store lives on (the console's engine thread, lockboxctl's only one).
class SecretStore final : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        enum class Status { Ok, NotFound, NoKeychain, Failed };
        Status status = Status::Ok;
        QByteArray value; // what read() found
        QString message;  // for the user when not Ok

        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result &result)>;

    static QString serviceName(); // "lockbox-console"
    // A stable key for a profile directory: the first 16 hex digits of SHA-256 over its absolute,
    // canonical path (the path itself stays out of the keychain's attributes).
    static QString profileKey(const QString &profileDir);
    static QString noKeychainMessage();

    explicit SecretStore(QString profileKey, QObject *parent = nullptr);
    ~SecretStore() override;

    QString profileKey() const { return m_profileKey; }
    // "<profile key>/<name>", e.g. "3f2a…/refresh-token".
    QString keyFor(const QString &name) const;

    void read(const QString &name, QObject *context, Callback callback);
    void write(const QString &name, const QByteArray &value, QObject *context, Callback callback);
    void remove(const QString &name, QObject *context, Callback callback);
    // Ok when a keychain answers (a probe read), NoKeychain otherwise.
    void checkAvailable(QObject *context, Callback callback);

    // Operations started and not yet answered; idle() when it drops to zero. A process about to
    // exit waits for it, so a rotated refresh token is not lost half written.
    int pending() const { return m_pending; }

Q_SIGNALS:
    void idle();

private:
    void run(std::function<QKeychain::Job *()> makeJob, QObject *context, Callback callback, bool isRead);

    QString m_profileKey;
    int m_pending = 0;
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::SecretStore::Result)
