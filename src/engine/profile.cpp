#include "engine/profile.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "auth/cloud.h"
#include "auth/secretenvironment.h"
#include "store/auditlog.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

Profile::Profile() = default;

Profile::~Profile()
{
    closeStores();
    m_session.reset();
    m_accountSettings.reset();
}

QString Profile::defaultDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool Profile::create(const QString &dir, QString *error)
{
    m_dir = dir.isEmpty() ? defaultDir() : dir;
    if (m_dir.isEmpty() || !QDir().mkpath(m_dir)) {
        if (error)
            *error = tr("cannot create the profile directory %1").arg(m_dir);
        return false;
    }
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return true;
}

QString Profile::filePath(const QString &name) const
{
    return QDir(m_dir).filePath(name);
}

QSettings *Profile::accountSettings(const QString &file)
{
    if (!m_accountSettings) {
        const QString path = file.isEmpty() ? filePath(QString::fromLatin1(kAccountFile)) : file;
        m_accountSettings = std::make_unique<QSettings>(path, QSettings::IniFormat);
        if (QFile::exists(path))
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    }
    return m_accountSettings.get();
}

std::optional<QUrl> Profile::endpoint()
{
    const QString value = accountSettings()->value(QLatin1StringView(kEndpointKey)).toString();
    if (value.isEmpty())
        return std::nullopt;
    return QUrl(value);
}

void Profile::setEndpoint(const QUrl &endpoint)
{
    if (endpoint.isEmpty())
        accountSettings()->remove(QLatin1StringView(kEndpointKey));
    else
        accountSettings()->setValue(QLatin1StringView(kEndpointKey), endpoint.toString());
    saveAccountSettings();
}

void Profile::saveAccountSettings()
{
    QSettings *settings = accountSettings();
    settings->sync();
    if (QFile::exists(settings->fileName()))
        QFile::setPermissions(settings->fileName(), QFile::ReadOwner | QFile::WriteOwner);
}

void Profile::takeSecretVariables(const QString &tokenEnvThisRun)
{
    QStringList variables {tokenEnvThisRun, tokenEnv()};
    if (const std::optional<Account> account = Account::load(*accountSettings());
        account && account->kind == Account::Kind::TokenEnv)
        variables.append(account->tokenEnv);
    SecretEnvironment::take(variables);
}

QString Profile::tokenEnv()
{
    return accountSettings()->value(QLatin1StringView(kTokenEnvKey)).toString();
}

void Profile::setTokenEnv(const QString &variable)
{
    if (variable.isEmpty())
        accountSettings()->remove(QLatin1StringView(kTokenEnvKey));
    else
        accountSettings()->setValue(QLatin1StringView(kTokenEnvKey), variable);
    saveAccountSettings();
}

QStringList Profile::adoptConsoleConnection(QSettings &console)
{
    QStringList dropped;
    const QString endpointKey = u"connection/endpoint"_s;
    const QString tokenEnvKey = u"connection/tokenEnv"_s;
    if (const QString old = console.value(endpointKey).toString(); !old.isEmpty()) {
        const std::optional<QUrl> shared = endpoint();
        if (!shared)
            setEndpoint(QUrl(old));
        else if (*shared != QUrl(old))
            dropped.append(
                tr("The console's remembered endpoint %1 gives way to the profile's %2.").arg(old, shared->toString()));
    }
    if (const QString old = console.value(tokenEnvKey).toString(); !old.isEmpty()) {
        const QString shared = tokenEnv();
        if (shared.isEmpty())
            setTokenEnv(old);
        else if (shared != old)
            dropped.append(
                tr("The console's remembered token variable %1 gives way to the profile's %2.").arg(old, shared));
    }
    if (!tokenEnv().isEmpty()) {
        if (const std::optional<Account> account = Account::load(*accountSettings());
            account && account->kind != Account::Kind::TokenEnv)
            dropped.append(
                tr("The profile is signed in (%1), which wins over the remembered token variable %2: "
                   "start with --token-env %2 to use the variable.")
                    .arg(account->userName.isEmpty() ? Account::kindDescription(account->kind) : account->userName,
                         tokenEnv()));
    }
    saveAccountSettings();
    // The old keys go only once their values are safely in the shared file.
    if (accountSettings()->status() != QSettings::NoError) {
        dropped.append(tr("Could not write %1: the console's connection stays in %2 for now.")
                           .arg(accountSettings()->fileName(), console.fileName()));
        return dropped;
    }
    console.remove(endpointKey);
    console.remove(tokenEnvKey);
    console.sync();
    return dropped;
}

QUrl Profile::armEndpoint(const std::optional<QUrl> &given, const std::optional<Account> &account, bool variableThisRun)
{
    if (given)
        return *given;
    if (account && account->kind != Account::Kind::TokenEnv && !variableThisRun)
        return account->cloud.armEndpoint();
    return endpoint().value_or(Cloud::defaultArmEndpoint());
}

QString Profile::endpointNotice(const std::optional<QUrl> &given, const std::optional<Account> &account,
                                bool variableThisRun)
{
    const QUrl url = armEndpoint(given, account, variableThisRun);
    if (Cloud::isMicrosoftArmEndpoint(url) || Cloud::isLoopbackUrl(url))
        return {};
    // Where it came from, by armEndpoint()'s own order.
    QString source;
    if (given)
        source = tr("given with --endpoint");
    else if (account && account->kind != Account::Kind::TokenEnv && !variableThisRun)
        source = tr("the signed-in account's cloud");
    else
        source = tr("remembered from --endpoint");
    QString shown = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
    if (!shown.endsWith(u'/'))
        shown += u'/';
    return tr("Talking to %1, which is not a Microsoft cloud endpoint (%2)").arg(shown, source);
}

std::optional<QUrl> Profile::parseEndpoint(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
        return std::nullopt;
    // Plain http only to this machine (a simulator): a token never crosses the network in the
    // clear, and an endpoint that could not be used is not remembered either.
    if (url.scheme() == u"http" && !Cloud::isSecureUrl(url))
        return std::nullopt;
    return url;
}

QString Profile::plainHttpProblem(const QString &what, const QUrl &url)
{
    if (!url.isValid() || url.scheme().compare(u"http", Qt::CaseInsensitive) != 0 || url.host().isEmpty())
        return {};
    QUrl withoutUser = url; // a user name is another problem, with its own message
    withoutUser.setUserInfo(QString());
    if (Cloud::isSecureUrl(withoutUser))
        return {};
    return tr("%1 %2: plain http is only allowed to this machine (127.0.0.1, ::1 or localhost), where a simulator "
              "runs; use https:// for any other host")
        .arg(what, Cloud::originOf(url));
}

AuthSession *Profile::session(QNetworkAccessManager *network)
{
    if (!m_session)
        m_session = std::make_unique<AuthSession>(accountSettings(), m_dir, network);
    return m_session.get();
}

bool Profile::openStores(const Clock &clock, const store::DatabaseOptions &options, QString *error)
{
    closeStores();
    m_db = std::make_unique<store::Database>();
    if (!m_db->open(m_dir, options, error)) {
        m_db.reset();
        return false;
    }
    m_requests = std::make_unique<store::RequestStore>(*m_db, clock);
    m_syncState = std::make_unique<store::SyncState>(*m_db);
    m_outbox = std::make_unique<store::DecisionOutbox>(*m_db, clock);
    m_audit = std::make_unique<store::AuditLog>(*m_db, clock);
    return true;
}

void Profile::closeStores()
{
    if (m_syncState)
        m_syncState->flush(); // poll times kept in memory while idle
    m_audit.reset();
    m_outbox.reset();
    m_syncState.reset();
    m_requests.reset();
    m_db.reset();
}

} // namespace lockbox::engine
