#pragma once

#include "support/httpclient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace lockbox::test {

// What one lockboxctl run left behind.
struct CtlResult final
{
    int code = -1; // exit code; -1 when it crashed or was killed
    bool timedOut = false;
    QByteArray out;
    QByteArray err;

    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    // "exit N" and standard error, for failure messages.
    QString describe() const;
};

// lockbox-sim as a child process, as scripts run it.
class SimProcess final
{
public:
    static constexpr const char *kToken = "T";

    SimProcess() = default;
    ~SimProcess();
    Q_DISABLE_COPY_MOVE(SimProcess)

    // Starts lockbox-sim with `arguments` (plus --static-token T and, once a port is known, that
    // port again, so that a restarted simulator serves at the same URL).
    bool start(const QStringList &arguments, QString *error);
    // SIGTERM, then waits for the exit.
    void stop();
    bool isRunning() const;

    QUrl url() const { return m_url; }
    QUrl url(const QString &path, const QString &query = QString()) const;

    HttpResult control(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QJsonObject counters();
    // decisionsApplied of one request (0 when absent).
    int applied(const QString &requestId);
    void setFaults(double rate, const QStringList &kinds = {});

    // Straight from the API with the static token, every page.
    QStringList subscriptionIds();
    QJsonArray subscriptions();
    QJsonArray requests(const QString &subscriptionId, bool pendingOnly = false);
    QJsonObject request(const QString &subscriptionId, const QString &requestId);

private:
    QJsonArray allPages(QUrl url, const QByteArray &token);

    std::unique_ptr<QProcess> m_process;
    QStringList m_arguments;
    QUrl m_url;
    quint16 m_port = 0;
};

// lockboxctl runs against one endpoint and profile, with the token in LOCKBOX_TOKEN.
class Ctl final
{
public:
    Ctl(const QUrl &endpoint, const QString &profileDir, const QByteArray &token = SimProcess::kToken);

    void setToken(const QByteArray &token) { m_token = token; }
    // Extra environment for every run (an empty value removes the variable).
    void setEnvironmentVariable(const QString &name, const QString &value) { m_extra.insert(name, value); }
    void clearEnvironmentVariable(const QString &name) { m_extra.remove(name); }
    QString profileDir() const { return m_profile; }
    QString databasePath() const;

    // `arguments` after the global options --endpoint, --profile and --token-env.
    CtlResult run(const QStringList &arguments, int timeoutMs = 60000) const;
    // Exactly `arguments`, nothing added.
    CtlResult runRaw(const QStringList &arguments, int timeoutMs = 60000) const;
    // Started, not waited for; the caller owns the process.
    QProcess *start(const QStringList &arguments, QObject *parent = nullptr) const;
    // The same with exactly `arguments`.
    QProcess *startRaw(const QStringList &arguments, QObject *parent = nullptr) const;

    QStringList globalArguments() const;
    QProcessEnvironment environment() const;

private:
    QUrl m_endpoint;
    QString m_profile;
    QByteArray m_token;
    QHash<QString, QString> m_extra;
};

QString lockboxctlExecutable();
QString simExecutable();

// Runs statements on the profile's database as someone with the file would (QSQLITE, a
// connection of its own). Returns the first error, or an empty string.
QString sqlOnFile(const QString &databasePath, const QStringList &statements);
// PRAGMA integrity_check's answer ("ok" when sound).
QString integrityCheck(const QString &databasePath);
// One column of a query's rows.
QStringList sqlColumn(const QString &databasePath, const QString &query);

// RFC 4180 records (CRLF or LF line ends, quoted fields with "" and line breaks).
QList<QStringList> parseCsv(const QString &text);

// "2026-11-02T09:30:00.1234567Z" → milliseconds since the epoch (fraction truncated), or -1.
qint64 isoToMs(const QString &text);

} // namespace lockbox::test
