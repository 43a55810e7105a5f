#pragma once

#include "support/httpclient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <functional>
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
    // decisionPostsByRequest of one request (0 when absent).
    qint64 posts(const QString &requestId);
    // Every request's status as the API serves it now, by request id.
    QHash<QString, QString> statuses();
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

// What the simulator saw of the decisions on one request.
struct DecisionTally final
{
    qint64 posts = 0;     // updateApproval POSTs received, refused or faulted ones included
    qint64 applied = 0;   // posts that moved the request out of Pending
    qint64 conflicts = 0; // posts answered 409 RequestNotPending
};

// Per request id, from one GET /_sim/counters answer; a request no decision reached is absent.
QHash<QString, DecisionTally> decisionTallies(const QJsonObject &counters);

// "Exactly once" as the server saw it, from one counters answer: each request in `once` got one
// decision POST, which was applied; each in `atMostOnce` got at most one, applied if it came; no
// other request got any, and no post was refused with a 409. A client that sends a decision twice
// fails here even though the server applies only the first. Returns the problems found.
QStringList decisionPostProblems(const QJsonObject &counters, const QSet<QString> &once,
                                 const QSet<QString> &atMostOnce = {});

// The ARM calls a `lockboxctl --verbose` run reports on standard error: lockbox.azure logs
// "METHOD /path attempt N" as a call goes out and "METHOD /path -> STATUS ..." once its reply is in.
// After a SIGKILL the log ends exactly where the process stopped, so it tells what was in flight.
class ArmCallLog final
{
public:
    struct Call
    {
        QByteArray method;
        QString path;
        bool answered = false;
    };

    // Takes standard error as it arrives (partial lines are kept for the next bytes).
    void feed(const QByteArray &bytes);
    const QList<Call> &calls() const { return m_calls; }
    // Calls that went out and whose reply the process never took in.
    QList<Call> unanswered() const;
    // Whether a line containing `text` was seen (any category).
    bool saw(QStringView text) const;

    static bool isDecisionPost(const Call &call);
    static bool isRequestPage(const Call &call); // a page of a subscription's Lockbox requests

private:
    QList<Call> m_calls;
    QStringList m_other;
    QByteArray m_partial;
};

// Feeds the process's standard error to `log` as it arrives until `done(log)` holds (true), the
// process ends or `timeoutMs` passes (false). Blocks on the pipe: it waits for output, not for time.
bool waitForLog(QProcess *process, ArmCallLog &log, const std::function<bool(const ArmCallLog &)> &done,
                int timeoutMs = 60000);

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
