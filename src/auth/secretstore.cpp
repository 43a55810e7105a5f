#include "secretstore.h"

#include "authlogging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// Carries one keychain answer from the keychain's thread (the main thread) back to the store's.
class KeychainRelay final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    // moc defines the signal in this file, with its own parameter names.
    // NOLINTNEXTLINE(readability-inconsistent-declaration-parameter-name)
    void answered(const lockbox::SecretStore::Result &result);
};

SecretStore::Result resultOf(QKeychain::Job *job, bool isRead)
{
    SecretStore::Result r;
    switch (job->error()) {
    case QKeychain::NoError:
        r.status = SecretStore::Result::Status::Ok;
        if (isRead)
            r.value = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        return r;
    case QKeychain::EntryNotFound:
        r.status = SecretStore::Result::Status::NotFound;
        r.message = SecretStore::tr("Nothing is kept in the keychain for this profile.");
        return r;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        r.status = SecretStore::Result::Status::Failed;
        r.message = SecretStore::tr("The system keychain refused: %1 (is it locked?)").arg(job->errorString());
        return r;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    // With libsecret, "other" errors are D-Bus ones: no Secret Service on the session bus, no
    // session bus at all, or no default keyring to write to. For the user that is one situation.
    r.status = SecretStore::Result::Status::NoKeychain;
    r.message = SecretStore::noKeychainMessage() + u" ("_s + job->errorString().left(300) + u')';
    return r;
}

} // namespace

QString SecretStore::serviceName()
{
    return u"lockbox-console"_s;
}

QString SecretStore::profileKey(const QString &profileDir)
{
    const QFileInfo info(profileDir);
    QString path = info.canonicalFilePath();
    if (path.isEmpty())
        path = QDir::cleanPath(info.absoluteFilePath());
    return QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

QString SecretStore::noKeychainMessage()
{
    return tr("No system keychain: you will have to sign in each time");
}

SecretStore::SecretStore(QString profileKey, QObject *parent)
    : QObject(parent)
    , m_profileKey(std::move(profileKey))
{
    qRegisterMetaType<lockbox::SecretStore::Result>();
}

SecretStore::~SecretStore() = default;

QString SecretStore::keyFor(const QString &name) const
{
    return m_profileKey + u'/' + name;
}

void SecretStore::run(std::function<QKeychain::Job *()> makeJob, QObject *context, Callback callback, bool isRead)
{
    ++m_pending;
    // The answer comes back through a relay by a queued connection: if this store is gone by
    // then, Qt drops it.
    auto *relay = new KeychainRelay;
    connect(
        relay, &KeychainRelay::answered, this,
        [this, guard = QPointer<QObject>(context), callback = std::move(callback)](const Result &result) {
            if (guard && callback)
                callback(result);
            if (--m_pending == 0)
                Q_EMIT idle();
        },
        Qt::QueuedConnection);
    QCoreApplication *app = QCoreApplication::instance();
    QThread *keychainThread = app ? app->thread() : QThread::currentThread();
    relay->moveToThread(keychainThread);
    const auto start = [relay, makeJob = std::move(makeJob), isRead] {
        QKeychain::Job *job = makeJob();
        // Never QSettings or a file: a secret is kept by the keychain or not at all.
        job->setInsecureFallback(false);
        job->setAutoDelete(true);
        relay->setParent(job); // goes with the job
        QObject::connect(job, &QKeychain::Job::finished, relay, [relay, isRead](QKeychain::Job *done) {
            qCDebug(lcAuth).noquote() << "keychain" << done->key() << "->" << int(done->error());
            Q_EMIT relay->answered(resultOf(done, isRead));
        });
        job->start();
    };
    if (keychainThread == QThread::currentThread())
        start();
    else
        QMetaObject::invokeMethod(relay, start, Qt::QueuedConnection);
}

void SecretStore::read(const QString &name, QObject *context, Callback callback)
{
    run(
        [key = keyFor(name)]() -> QKeychain::Job * {
            auto *job = new QKeychain::ReadPasswordJob(serviceName());
            job->setKey(key);
            return job;
        },
        context, std::move(callback), true);
}

void SecretStore::write(const QString &name, const QByteArray &value, QObject *context, Callback callback)
{
    run(
        [key = keyFor(name), value]() -> QKeychain::Job * {
            auto *job = new QKeychain::WritePasswordJob(serviceName());
            job->setKey(key);
            job->setBinaryData(value);
            return job;
        },
        context, std::move(callback), false);
}

void SecretStore::remove(const QString &name, QObject *context, Callback callback)
{
    run(
        [key = keyFor(name)]() -> QKeychain::Job * {
            auto *job = new QKeychain::DeletePasswordJob(serviceName());
            job->setKey(key);
            return job;
        },
        context, std::move(callback), false);
}

void SecretStore::checkAvailable(QObject *context, Callback callback)
{
    read(u"probe"_s, context, [callback = std::move(callback)](const Result &r) {
        Result answer;
        if (r.status == Result::Status::NoKeychain)
            answer = r;
        else
            answer.status = Result::Status::Ok; // found or not, a keychain answered
        if (callback)
            callback(answer);
    });
}

} // namespace lockbox

#include "secretstore.moc"
