#include "secretenvironment.h"

#include "clientcredentialsflow.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace lockbox {

namespace {

struct Store
{
    QMutex mutex;
    QStringList names;
    QHash<QString, QByteArray> values;
};

Store &store()
{
    static Store s;
    return s;
}

QByteArray nameOf(const QString &variable)
{
    return variable.toLocal8Bit();
}

} // namespace

void SecretEnvironment::take(const QStringList &variables)
{
    Store &s = store();
    const QMutexLocker lock(&s.mutex);
    QStringList all {QString::fromLatin1(ClientCredentialsFlow::kSecretVariable)};
    all += variables;
    for (const QString &variable : std::as_const(all)) {
        if (variable.isEmpty())
            continue;
        if (!s.names.contains(variable))
            s.names.append(variable);
        const QByteArray name = nameOf(variable);
        if (!qEnvironmentVariableIsSet(name.constData()))
            continue;
        s.values.insert(variable, qgetenv(name.constData()));
        qunsetenv(name.constData());
    }
}

QByteArray SecretEnvironment::value(const QString &variable)
{
    const QByteArray name = nameOf(variable);
    if (!variable.isEmpty() && qEnvironmentVariableIsSet(name.constData()))
        return qgetenv(name.constData());
    Store &s = store();
    const QMutexLocker lock(&s.mutex);
    return s.values.value(variable);
}

QStringList SecretEnvironment::secretNames()
{
    Store &s = store();
    const QMutexLocker lock(&s.mutex);
    QStringList names = s.names;
    if (!names.contains(QString::fromLatin1(ClientCredentialsFlow::kSecretVariable)))
        names.prepend(QString::fromLatin1(ClientCredentialsFlow::kSecretVariable));
    return names;
}

QProcessEnvironment SecretEnvironment::childEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : secretNames())
        environment.remove(name);
    return environment;
}

} // namespace lockbox
