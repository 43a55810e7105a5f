#include "clitestkit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::test {

QString CtlResult::describe() const
{
    return u"exit %1%2; stderr: %3"_s.arg(code).arg(timedOut ? u" (timed out)"_s : QString(),
                                                    QString::fromUtf8(err).trimmed());
}

QString lockboxctlExecutable()
{
    return QString::fromLocal8Bit(LOCKBOXCTL_EXECUTABLE);
}

QString simExecutable()
{
    return QString::fromLocal8Bit(LOCKBOX_SIM_EXECUTABLE);
}

SimProcess::~SimProcess()
{
    stop();
}

bool SimProcess::start(const QStringList &arguments, QString *error)
{
    stop();
    m_arguments = arguments;
    QStringList args = arguments;
    args << u"--static-token"_s << QString::fromLatin1(kToken) << u"--port"_s << QString::number(m_port);
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(simExecutable());
    m_process->setArguments(args);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QIODevice::ReadOnly);
    if (!m_process->waitForStarted(10000)) {
        *error = u"cannot start %1: %2"_s.arg(simExecutable(), m_process->errorString());
        return false;
    }
    QDeadlineTimer deadline(15000);
    while (!m_process->canReadLine() && !deadline.hasExpired() && m_process->state() == QProcess::Running)
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    if (!m_process->canReadLine()) {
        *error = u"lockbox-sim printed no URL"_s;
        return false;
    }
    m_url = QUrl(QString::fromUtf8(m_process->readLine()).trimmed());
    if (!m_url.isValid() || m_url.port() <= 0) {
        *error = u"lockbox-sim printed no URL"_s;
        return false;
    }
    m_port = quint16(m_url.port());
    return true;
}

void SimProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool SimProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl SimProcess::url(const QString &path, const QString &query) const
{
    QUrl u = m_url;
    u.setPath(path);
    if (!query.isEmpty())
        u.setQuery(query);
    return u;
}

HttpResult SimProcess::control(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    HttpClient c;
    const HttpResult r = method == "GET" ? c.get(url(path))
                                         : c.send(method, url(path), QJsonDocument(body).toJson(QJsonDocument::Compact),
                                                  {{"content-type", "application/json"}});
    if (r.status != 200 && r.status != 201)
        qWarning() << "control" << method << path << r.status << r.body;
    return r;
}

QJsonObject SimProcess::counters()
{
    return control("GET", u"/_sim/counters"_s).object();
}

int SimProcess::applied(const QString &requestId)
{
    return counters().value(u"decisionsApplied").toObject().value(requestId).toInt(0);
}

qint64 SimProcess::posts(const QString &requestId)
{
    return counters().value(u"decisionPostsByRequest").toObject().value(requestId).toInteger(0);
}

QHash<QString, QString> SimProcess::statuses()
{
    QHash<QString, QString> result;
    for (const QString &subscriptionId : subscriptionIds()) {
        for (const QJsonValue &v : requests(subscriptionId)) {
            const QJsonObject properties = v.toObject().value(u"properties").toObject();
            result.insert(properties.value(u"requestId").toString(), properties.value(u"status").toString());
        }
    }
    return result;
}

QHash<QString, DecisionTally> decisionTallies(const QJsonObject &counters)
{
    QHash<QString, DecisionTally> tallies;
    const auto take = [&](QStringView name, qint64 DecisionTally::*field) {
        const QJsonObject perRequest = counters.value(name).toObject();
        for (auto it = perRequest.begin(); it != perRequest.end(); ++it)
            tallies[it.key()].*field = it.value().toInteger();
    };
    take(u"decisionPostsByRequest", &DecisionTally::posts);
    take(u"decisionsApplied", &DecisionTally::applied);
    take(u"conflictsByRequest", &DecisionTally::conflicts);
    return tallies;
}

QStringList decisionPostProblems(const QJsonObject &counters, const QSet<QString> &once,
                                 const QSet<QString> &atMostOnce)
{
    QStringList problems;
    if (!counters.contains(u"decisionPostsByRequest") || !counters.contains(u"conflictsByRequest"))
        return {u"the simulator does not count decision posts per request"_s};
    const QHash<QString, DecisionTally> tallies = decisionTallies(counters);
    qint64 posts = 0;
    qint64 conflicts = 0;
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        const DecisionTally &t = it.value();
        posts += t.posts;
        conflicts += t.conflicts;
        const QString seen =
            u"%1: %2 posts, %3 applied, %4 refused with 409"_s.arg(it.key()).arg(t.posts).arg(t.applied).arg(
                t.conflicts);
        if (once.contains(it.key())) {
            if (t.posts != 1 || t.applied != 1 || t.conflicts != 0)
                problems.append(seen + u" (acknowledged: one post, applied, expected)"_s);
        } else if (atMostOnce.contains(it.key())) {
            if (t.posts > 1 || t.applied != t.posts || t.conflicts != 0)
                problems.append(seen + u" (at most one post, applied, expected)"_s);
        } else {
            problems.append(seen + u" (no post expected)"_s);
        }
    }
    for (const QString &id : once) {
        if (!tallies.contains(id))
            problems.append(id + u": acknowledged, but no post reached the simulator"_s);
    }
    // The per-request counts must account for every post and every 409, or they prove nothing.
    if (posts != counters.value(u"decisionPosts").toInteger())
        problems.append(
            u"%1 decision posts in all, %2 counted per request"_s.arg(counters.value(u"decisionPosts").toInteger())
                .arg(posts));
    if (conflicts != counters.value(u"conflicts").toInteger())
        problems.append(u"%1 conflicts in all, %2 counted per request"_s.arg(counters.value(u"conflicts").toInteger())
                            .arg(conflicts));
    problems.sort();
    return problems;
}

void ArmCallLog::feed(const QByteArray &bytes)
{
    // "GET /subscriptions/…/requests attempt 1" and "GET /subscriptions/…/requests -> 200 error 0 in 41 ms",
    // after whatever prefix QT_MESSAGE_PATTERN puts in front.
    static const QRegularExpression call(u"\\b(GET|POST|PUT|PATCH|DELETE) (/\\S*) (?:(attempt) \\d+|->)"_s);
    m_partial += bytes;
    qsizetype start = 0;
    for (qsizetype end = m_partial.indexOf('\n'); end >= 0; end = m_partial.indexOf('\n', start)) {
        const QString line = QString::fromUtf8(m_partial.mid(start, end - start)).trimmed();
        start = end + 1;
        const auto m = call.match(line);
        if (!m.hasMatch()) {
            m_other.append(line);
            continue;
        }
        const QByteArray method = m.captured(1).toLatin1();
        const QString path = m.captured(2);
        if (!m.captured(3).isEmpty()) {
            m_calls.append({method, path, false});
            continue;
        }
        // A reply belongs to the oldest unanswered call to the same place (pages of a list share
        // a path; only the query differs).
        for (Call &c : m_calls) {
            if (!c.answered && c.method == method && c.path == path) {
                c.answered = true;
                break;
            }
        }
    }
    m_partial.remove(0, start);
}

QList<ArmCallLog::Call> ArmCallLog::unanswered() const
{
    QList<Call> result;
    for (const Call &c : m_calls) {
        if (!c.answered)
            result.append(c);
    }
    return result;
}

bool ArmCallLog::saw(QStringView text) const
{
    return std::any_of(m_other.cbegin(), m_other.cend(), [text](const QString &line) { return line.contains(text); });
}

bool ArmCallLog::isDecisionPost(const Call &call)
{
    return call.method == "POST" && call.path.endsWith(u"/updateApproval");
}

bool ArmCallLog::isRequestPage(const Call &call)
{
    return call.method == "GET" && call.path.endsWith(u"/providers/Microsoft.CustomerLockbox/requests");
}

bool waitForLog(QProcess *process, ArmCallLog &log, const std::function<bool(const ArmCallLog &)> &done, int timeoutMs)
{
    process->setReadChannel(QProcess::StandardError);
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        log.feed(process->readAllStandardError());
        if (done(log))
            return true;
        if (process->state() != QProcess::Running || deadline.hasExpired())
            return false;
        process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

void SimProcess::setFaults(double rate, const QStringList &kinds)
{
    control("POST", u"/_sim/faults"_s, {{u"rate"_s, rate}, {u"kinds"_s, QJsonArray::fromStringList(kinds)}});
}

QJsonArray SimProcess::allPages(QUrl next, const QByteArray &token)
{
    HttpClient c;
    c.setBearer(token);
    QJsonArray all;
    for (int pages = 0; next.isValid() && pages < 1000; ++pages) {
        const HttpResult r = c.get(next);
        if (r.status != 200) {
            qWarning() << "GET" << next << r.status << r.body.left(300);
            return all;
        }
        const QJsonObject page = r.object();
        for (const QJsonValue &v : page.value(u"value").toArray())
            all.append(v);
        const QString link = page.value(u"nextLink").toString();
        next = link.isEmpty() ? QUrl() : QUrl(link);
    }
    return all;
}

QJsonArray SimProcess::subscriptions()
{
    return allPages(url(u"/subscriptions"_s, u"api-version=2022-12-01"_s), kToken);
}

QStringList SimProcess::subscriptionIds()
{
    QStringList ids;
    for (const QJsonValue &v : subscriptions())
        ids.append(v.toObject().value(u"subscriptionId").toString());
    return ids;
}

QJsonArray SimProcess::requests(const QString &subscriptionId, bool pendingOnly)
{
    QString query = u"api-version=2018-02-28-preview"_s;
    if (pendingOnly)
        query += u"&$filter=properties/status%20eq%20'Pending'"_s;
    QUrl u = url(u"/subscriptions/"_s + subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests"_s);
    u.setQuery(query, QUrl::StrictMode);
    return allPages(u, kToken);
}

QJsonObject SimProcess::request(const QString &subscriptionId, const QString &requestId)
{
    HttpClient c;
    c.setBearer(kToken);
    return c
        .get(
            url(u"/subscriptions/"_s + subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests/"_s + requestId,
                u"api-version=2018-02-28-preview"_s))
        .object();
}

Ctl::Ctl(const QUrl &endpoint, const QString &profileDir, const QByteArray &token)
    : m_endpoint(endpoint)
    , m_profile(profileDir)
    , m_token(token)
{
}

QString Ctl::databasePath() const
{
    return QDir(m_profile).filePath(u"lockbox.sqlite"_s);
}

QStringList Ctl::globalArguments() const
{
    return {u"--endpoint"_s, m_endpoint.toString(), u"--profile"_s, m_profile, u"--token-env"_s, u"LOCKBOX_TOKEN"_s};
}

QProcessEnvironment Ctl::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"LOCKBOX_TOKEN"_s);
    if (!m_token.isEmpty())
        env.insert(u"LOCKBOX_TOKEN"_s, QString::fromLatin1(m_token));
    // Settings and data of a default profile never land in the user's home.
    env.insert(u"XDG_CONFIG_HOME"_s, QDir(m_profile).filePath(u".config"_s));
    env.insert(u"XDG_DATA_HOME"_s, QDir(m_profile).filePath(u".data"_s));
    env.remove(u"QT_LOGGING_RULES"_s);
    for (auto it = m_extra.cbegin(); it != m_extra.cend(); ++it) {
        if (it.value().isEmpty())
            env.remove(it.key());
        else
            env.insert(it.key(), it.value());
    }
    return env;
}

QProcess *Ctl::start(const QStringList &arguments, QObject *parent) const
{
    return startRaw(globalArguments() + arguments, parent);
}

QProcess *Ctl::startRaw(const QStringList &arguments, QObject *parent) const
{
    auto *p = new QProcess(parent);
    p->setProgram(lockboxctlExecutable());
    p->setArguments(arguments);
    p->setProcessEnvironment(environment());
    p->start(QIODevice::ReadOnly);
    return p;
}

CtlResult Ctl::run(const QStringList &arguments, int timeoutMs) const
{
    return runRaw(globalArguments() + arguments, timeoutMs);
}

CtlResult Ctl::runRaw(const QStringList &arguments, int timeoutMs) const
{
    QProcess p;
    p.setProgram(lockboxctlExecutable());
    p.setArguments(arguments);
    p.setProcessEnvironment(environment());
    p.start(QIODevice::ReadOnly);
    CtlResult result;
    if (!p.waitForStarted(10000)) {
        result.err = p.errorString().toUtf8();
        return result;
    }
    if (!p.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        p.kill();
        p.waitForFinished(5000);
    }
    result.out = p.readAllStandardOutput();
    result.err = p.readAllStandardError();
    result.code = p.exitStatus() == QProcess::NormalExit && !result.timedOut ? p.exitCode() : -1;
    return result;
}

namespace {

// A QSQLITE connection of its own for the life of one call.
template<class Body>
auto withConnection(const QString &databasePath, Body body)
{
    const QString name = u"clitestkit-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    decltype(body(std::declval<QSqlDatabase &>())) result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (db.open())
            result = body(db);
        else
            qWarning() << "cannot open" << databasePath << db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

QString sqlOnFile(const QString &databasePath, const QStringList &statements)
{
    return withConnection(databasePath, [&statements](QSqlDatabase &db) {
        QSqlQuery q(db);
        for (const QString &sql : statements) {
            if (!q.exec(sql))
                return sql + u": "_s + q.lastError().text();
        }
        return QString();
    });
}

QString integrityCheck(const QString &databasePath)
{
    const QStringList rows = sqlColumn(databasePath, u"PRAGMA integrity_check"_s);
    return rows.isEmpty() ? u"(no answer)"_s : rows.join(u"; "_s);
}

QStringList sqlColumn(const QString &databasePath, const QString &query)
{
    return withConnection(databasePath, [&query](QSqlDatabase &db) {
        QStringList rows;
        QSqlQuery q(db);
        if (!q.exec(query)) {
            rows.append(u"error: "_s + q.lastError().text());
            return rows;
        }
        while (q.next())
            rows.append(q.value(0).toString());
        return rows;
    });
}

QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            record.append(field);
            field.clear();
            fieldStarted = false;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            record.append(field);
            records.append(record);
            record.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !record.isEmpty()) {
        record.append(field);
        records.append(record);
    }
    return records;
}

qint64 isoToMs(const QString &text)
{
    static const QRegularExpression re(
        u"^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})$"_s);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    QDateTime t = QDateTime::fromString(m.captured(1) + m.captured(3), Qt::ISODate);
    if (!t.isValid())
        return -1;
    const QString fraction = (m.captured(2) + u"000"_s).left(3);
    return t.toMSecsSinceEpoch() + fraction.toInt();
}

} // namespace lockbox::test
