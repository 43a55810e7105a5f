#include "azureclitokenprovider.h"

#include "authlogging.h"
#include "secretenvironment.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

constexpr qint64 kMaxOutputBytes = qint64(1024) * 1024;

// "expires_on" (seconds since the epoch, az 2.54 and later) or "expiresOn" ("2024-01-31
// 12:34:56.000000", the machine's local time).
QDateTime expiryOf(const QJsonObject &o)
{
    const QJsonValue epoch = o.value(u"expires_on");
    qint64 seconds = 0;
    if (epoch.isDouble())
        seconds = qint64(epoch.toDouble());
    else if (epoch.isString())
        seconds = epoch.toString().trimmed().toLongLong();
    if (seconds > 1000000000LL && seconds < 10000000000LL)
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    QString local = o.value(u"expiresOn").toString().trimmed();
    const qsizetype dot = local.indexOf(u'.');
    if (dot > 0)
        local.truncate(dot);
    QDateTime t = QDateTime::fromString(local, u"yyyy-MM-dd HH:mm:ss"_s);
    if (!t.isValid())
        t = QDateTime::fromString(local, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

AzureCliTokenProvider::AzureCliTokenProvider(Options options, QObject *parent)
    : CachingTokenProvider(parent)
    , m_options(std::move(options))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_process) {
            m_timedOut = true;
            m_process->kill();
        }
    });
}

AzureCliTokenProvider::~AzureCliTokenProvider()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill(); // reaped by QProcess's destructor, as a child of ours
    }
}

QString AzureCliTokenProvider::notFoundMessage()
{
    return tr("Azure CLI not found: install it or choose another sign-in");
}

void AzureCliTokenProvider::renew()
{
    const QString program =
        m_options.program.contains(u'/') ? m_options.program : QStandardPaths::findExecutable(m_options.program);
    if (program.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this] { finishWith(AuthError::make(AuthError::Kind::AzureCli, notFoundMessage())); },
            Qt::QueuedConnection);
        return;
    }
    QStringList arguments = {u"account"_s, u"get-access-token"_s, u"--resource"_s, m_options.resource, u"-o"_s,
                             u"json"_s};
    const QString tenant = m_options.tenant.trimmed();
    if (!tenant.isEmpty() && tenant.compare(u"organizations", Qt::CaseInsensitive) != 0
        && tenant.compare(u"common", Qt::CaseInsensitive) != 0)
        arguments << u"--tenant"_s << tenant;

    auto *process = new QProcess(this);
    m_process = process;
    m_timedOut = false;
    process->setProgram(program);
    process->setArguments(arguments);
    // No terminal for az to prompt on: it must answer or fail.
    process->setStandardInputFile(QProcess::nullDevice());
    // az needs no secret of ours: an application secret or a token variable stays with us.
    process->setProcessEnvironment(SecretEnvironment::childEnvironment());
    connect(process, &QProcess::finished, this, &AzureCliTokenProvider::onFinished);
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || process != m_process)
            return;
        m_process = nullptr;
        process->deleteLater();
        finishWith(AuthError::make(AuthError::Kind::AzureCli, notFoundMessage()));
    });
    connect(process, &QProcess::readyReadStandardOutput, this, [process] {
        if (process->bytesAvailable() > kMaxOutputBytes)
            process->kill();
    });
    qCDebug(lcAuth).noquote() << "running" << program << "account get-access-token";
    process->start(QIODevice::ReadOnly);
    m_timeout.start(m_options.timeoutMs);
}

void AzureCliTokenProvider::onFinished()
{
    QProcess *process = m_process;
    if (!process)
        return;
    m_process = nullptr;
    m_timeout.stop();
    process->deleteLater();
    const QByteArray out = process->readAllStandardOutput();
    const QString err = QString::fromLocal8Bit(process->readAllStandardError().left(qsizetype(64) * 1024));
    if (m_timedOut) {
        finishWith(
            AuthError::make(AuthError::Kind::AzureCli,
                            tr("Azure CLI did not answer within %n second(s)", nullptr, m_options.timeoutMs / 1000)));
        return;
    }
    if (process->exitStatus() != QProcess::NormalExit || process->exitCode() != 0) {
        qCInfo(lcAuth) << "az exited with" << process->exitCode();
        if (err.contains(u"az login"_s, Qt::CaseInsensitive)) {
            finishWith(AuthError::make(AuthError::Kind::AzureCli,
                                       tr("Azure CLI is not signed in: run 'az login' (or choose another sign-in)")));
            return;
        }
        // The last non-empty line of stderr is az's own "ERROR: …" sentence.
        QString reason;
        const QStringList lines = err.split(u'\n', Qt::SkipEmptyParts);
        for (auto it = lines.crbegin(); it != lines.crend() && reason.isEmpty(); ++it)
            reason = AuthError::serverText(*it, 300);
        finishWith(AuthError::make(AuthError::Kind::AzureCli,
                                   reason.isEmpty() ? tr("Azure CLI failed (exit code %1)").arg(process->exitCode())
                                                    : tr("Azure CLI failed: %1").arg(reason)));
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(out);
    const QJsonObject o = document.object();
    const QString access = o.value(u"accessToken").toString();
    bool printable = !access.isEmpty() && access.size() <= qsizetype(64) * 1024;
    for (const QChar c : access)
        printable = printable && c.unicode() > 0x20 && c.unicode() < 0x7f;
    if (!printable) {
        finishWith(AuthError::make(AuthError::Kind::AzureCli,
                                   tr("Azure CLI gave no usable token (unexpected output of 'az account "
                                      "get-access-token')")));
        return;
    }
    Token token;
    token.accessToken = access.toLatin1();
    token.obtainedAt = QDateTime::currentDateTimeUtc();
    token.claims = TokenClaims::fromJwt(token.accessToken);
    token.expiresAt = expiryOf(o);
    if (!token.expiresAt.isValid())
        token.expiresAt = token.claims.expiresAt.isValid() ? token.claims.expiresAt : token.obtainedAt.addSecs(300);
    if (token.claims.tenantId.isEmpty())
        token.claims.tenantId = AuthError::serverText(o.value(u"tenant").toString(), 100);
    renewFinished(token);
}

void AzureCliTokenProvider::finishWith(const AuthError &error)
{
    qCInfo(lcAuth).noquote() << "Azure CLI token:" << AuthError::kindName(error.kind);
    renewFailed(error);
}

} // namespace lockbox
