#include "database.h"

#include "storelogging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

// SQLite's primary result codes (the driver may report extended ones: the low byte is primary).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADb = 26;

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"lockbox-store-%1"_s.arg(counter.fetchAndAddRelaxed(1) + 1);
}

constexpr QFileDevice::Permissions kOwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerOnlyDir =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

} // namespace

Database::Database() = default;

Database::~Database()
{
    close();
}

QString Database::fileName()
{
    return u"lockbox.sqlite"_s;
}

QString Database::pathIn(const QString &profileDir)
{
    return QDir(profileDir).filePath(fileName());
}

bool Database::open(const QString &profileDir, QString *error)
{
    return openImpl(profileDir, DatabaseOptions(), false, error);
}

bool Database::open(const QString &profileDir, const DatabaseOptions &options, QString *error)
{
    return openImpl(profileDir, options, false, error);
}

bool Database::openReadOnly(const QString &profileDir, QString *error)
{
    DatabaseOptions options;
    options.quickCheck = false; // the writer checks; readers open often (GUI start, each lockboxctl run)
    return openImpl(profileDir, options, true, error);
}

bool Database::openReadOnly(const QString &profileDir, const DatabaseOptions &options, QString *error)
{
    return openImpl(profileDir, options, true, error);
}

bool Database::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

bool Database::openImpl(const QString &profileDir, const DatabaseOptions &options, bool readOnly, QString *error)
{
    close();
    m_problem = Problem::None;
    m_options = options;
    m_readOnly = readOnly;
    m_path = QFileInfo(pathIn(profileDir)).absoluteFilePath();
    m_thread = QThread::currentThread();

    if (!prepareFile(profileDir, readOnly, error))
        return false;

    m_connectionName = nextConnectionName();
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(qMax(0, options.busyTimeoutMs)));
    if (!m_db.open()) {
        const QSqlError sqlError = m_db.lastError();
        const QString message = tr("Cannot open the database %1: %2").arg(m_path, sqlError.databaseText());
        close();
        return fail(Problem::CannotCreate, message, error);
    }

    const bool ok = applyPragmas(readOnly, error) && (readOnly || restrictPermissions(error))
        && (!options.quickCheck || runQuickCheck(error))
        && (readOnly ? checkVersion(options.migrations, error) : migrate(options.migrations, error))
        && (readOnly || restrictPermissions(error)); // again: the migration's first write made -wal
    if (!ok) {
        const Problem problem = m_problem;
        close();
        m_problem = problem;
        return false;
    }
    qCDebug(lcStore) << "opened" << m_path << (readOnly ? "read-only" : "read-write") << "schema" << m_schemaVersion
                     << "as" << m_connectionName;
    return true;
}

bool Database::prepareFile(const QString &profileDir, bool readOnly, QString *error)
{
    if (readOnly) {
        if (!QFileInfo::exists(m_path))
            return fail(Problem::CannotCreate,
                        tr("There is no database at %1 yet: run a sync (lockboxctl sync, or start Lockbox "
                           "Console) first.")
                            .arg(m_path),
                        error);
        return true;
    }

    const QDir dir(profileDir);
    if (!dir.exists()) {
        // Only a directory we create is narrowed to the owner; an existing one is the user's choice.
        if (!QDir().mkpath(dir.absolutePath()))
            return fail(Problem::CannotCreate, tr("Cannot create the profile directory %1.").arg(dir.absolutePath()),
                        error);
        QFile::setPermissions(dir.absolutePath(), kOwnerOnlyDir);
    }

    if (!QFileInfo::exists(m_path)) {
        // Created 0600 before SQLite opens it: SQLite then gives -wal and -shm the same mode. An
        // empty file is a valid, empty SQLite database.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnlyFile) && !QFileInfo::exists(m_path))
            return fail(Problem::CannotCreate, tr("Cannot create the database %1: %2").arg(m_path, file.errorString()),
                        error);
    }
    return true;
}

bool Database::applyPragmas(bool readOnly, QString *error)
{
    // Values here are our own integers, not outside text: PRAGMA takes no bound parameters.
    QStringList pragmas = {
        u"PRAGMA busy_timeout = %1"_s.arg(qMax(0, m_options.busyTimeoutMs)),
        u"PRAGMA foreign_keys = ON"_s,
        u"PRAGMA synchronous = FULL"_s,
        u"PRAGMA temp_store = MEMORY"_s,
        // A larger page cache keeps a 10,000-request merge's index pages in memory.
        u"PRAGMA cache_size = -16384"_s,
        // Checkpoints copy each changed page from the WAL into the file once per checkpoint; during a
        // first sync every transaction touches most index pages, so a checkpoint after each one
        // would copy them ten times. The sync engine calls checkpoint() after a sync round; this
        // is the safety net (about 200 MB of WAL), and journal_size_limit trims the WAL after it.
        u"PRAGMA wal_autocheckpoint = 50000"_s,
        u"PRAGMA journal_size_limit = 67108864"_s,
    };
    if (readOnly)
        pragmas.append(u"PRAGMA query_only = ON"_s);

    for (const QString &pragma : std::as_const(pragmas)) {
        if (!execute(pragma, error))
            return false;
    }
    if (readOnly)
        return true;

    // journal_mode is persistent in the file; setting it needs a moment's exclusive access, which
    // busy_timeout covers when another process holds the file.
    QString modeError;
    const QString mode = scalar(u"PRAGMA journal_mode = WAL"_s, &modeError).toString();
    if (!modeError.isEmpty()) {
        if (error)
            *error = modeError;
        return false;
    }
    if (mode.compare(u"wal", Qt::CaseInsensitive) != 0)
        return fail(Problem::Sql,
                    tr("The database %1 cannot use write-ahead logging (journal mode stays %2).").arg(m_path, mode),
                    error);
    return true;
}

bool Database::restrictPermissions(QString *error)
{
    Q_UNUSED(error)
    // The file may predate us (or have been copied in); -wal and -shm exist once WAL is on. None
    // of them may be readable by anyone but the owner.
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        const QString path = m_path + suffix;
        if (!QFileInfo::exists(path))
            continue;
        if (QFile::permissions(path) != kOwnerOnlyFile && !QFile::setPermissions(path, kOwnerOnlyFile))
            qCWarning(lcStore) << "cannot restrict the permissions of" << path;
    }
    return true;
}

bool Database::checkIntegrity(QString *error)
{
    return runQuickCheck(error);
}

bool Database::runQuickCheck(QString *error)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"PRAGMA quick_check"_s)) {
        const QSqlError sqlError = query.lastError();
        const Problem problem = classify(sqlError) == Problem::NotADatabase ? Problem::NotADatabase : Problem::Corrupt;
        return fail(problem,
                    tr("The database %1 is damaged and cannot be checked (%2). Move it aside: Lockbox Console "
                       "will make a new one and fill its cache at the next sync, but local decisions and audit "
                       "records in the damaged file are lost.")
                        .arg(m_path, sqlError.databaseText()),
                    error);
    }
    QStringList findings;
    while (query.next() && findings.size() < 5)
        findings.append(query.value(0).toString());
    query.finish();
    if (findings == QStringList {u"ok"_s})
        return true;
    return fail(Problem::Corrupt,
                tr("The database %1 is damaged (integrity check: %2). Move it aside: Lockbox Console will make a "
                   "new one and fill its cache at the next sync, but local decisions and audit records in the "
                   "damaged file are lost.")
                    .arg(m_path, findings.join(u"; "_s)),
                error);
}

int Database::readUserVersion(QString *error)
{
    QString readError;
    const QVariant value = scalar(u"PRAGMA user_version"_s, &readError);
    if (!readError.isEmpty()) {
        if (error)
            *error = readError;
        return -1;
    }
    return value.toInt();
}

bool Database::checkVersion(const QList<Migration> &migrations, QString *error)
{
    const int latest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    const int version = readUserVersion(error);
    if (version < 0)
        return false;
    m_schemaVersion = version;
    if (version > latest)
        return fail(Problem::TooNew,
                    tr("The database %1 was written by a newer Lockbox Console (schema %2; this version knows up "
                       "to %3). Update Lockbox Console.")
                        .arg(m_path)
                        .arg(version)
                        .arg(latest),
                    error);
    if (version < latest)
        return fail(Problem::Outdated,
                    tr("The database %1 needs an upgrade (schema %2 to %3) that only a writer performs: run "
                       "lockboxctl sync or start Lockbox Console once.")
                        .arg(m_path)
                        .arg(version)
                        .arg(latest),
                    error);
    return true;
}

bool Database::migrate(const QList<Migration> &migrations, QString *error)
{
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations.at(i).version != int(i) + 1)
            return fail(
                Problem::Migration,
                tr("Internal error: schema migration %1 is numbered %2.").arg(i + 1).arg(migrations.at(i).version),
                error);
    }
    const int latest = int(migrations.size());
    int version = readUserVersion(error);
    if (version < 0)
        return false;
    if (version > latest) {
        m_schemaVersion = version;
        return fail(Problem::TooNew,
                    tr("The database %1 was written by a newer Lockbox Console (schema %2; this version knows up "
                       "to %3). Update Lockbox Console.")
                        .arg(m_path)
                        .arg(version)
                        .arg(latest),
                    error);
    }

    for (const Migration &step : migrations) {
        if (step.version <= version)
            continue;
        QString stepError;
        const bool ok = write(
            [&](QString *bodyError) {
                // Another process may have migrated while this one waited for the lock.
                const int now = readUserVersion(bodyError);
                if (now < 0)
                    return false;
                if (now >= step.version)
                    return true;
                for (const QString &statement : step.statements) {
                    if (!execute(statement, bodyError))
                        return false;
                }
                return execute(u"PRAGMA user_version = %1"_s.arg(step.version), bodyError);
            },
            &stepError);
        if (!ok) {
            m_schemaVersion = readUserVersion(nullptr);
            return fail(m_problem == Problem::Busy ? Problem::Busy : Problem::Migration,
                        tr("Cannot upgrade the database %1 to schema %2 (%3); it stays at schema %4: %5")
                            .arg(m_path)
                            .arg(step.version)
                            .arg(step.description)
                            .arg(m_schemaVersion)
                            .arg(stepError),
                        error);
        }
        version = step.version;
        qCInfo(lcStore) << "migrated" << m_path << "to schema" << version << step.description;
    }
    m_schemaVersion = readUserVersion(error);
    return m_schemaVersion >= 0;
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (m_transactionDepth > 0 && isOpen()) {
        qCWarning(lcStore) << "closing" << m_path << "with an open transaction: rolled back";
        execute(u"ROLLBACK"_s);
    }
    m_transactionDepth = 0;
    m_statements.clear();
    m_statementSql.clear();
    m_brokenStatements.clear();
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::fail(Problem problem, const QString &message, QString *error)
{
    m_problem = problem;
    if (error)
        *error = message;
    qCWarning(lcStore).noquote() << message;
    return false;
}

Database::Problem Database::classify(const QSqlError &sqlError) const
{
    switch (primaryCode(sqlError)) {
    case kSqliteBusy:
    case kSqliteLocked:
        return Problem::Busy;
    case kSqliteCorrupt:
        return Problem::Corrupt;
    case kSqliteNotADb:
        return Problem::NotADatabase;
    case kSqliteReadOnly:
        return Problem::ReadOnly;
    case kSqliteCantOpen:
        return Problem::CannotCreate;
    default:
        return Problem::Sql;
    }
}

bool Database::isBusy(const QSqlError &sqlError)
{
    const int code = primaryCode(sqlError);
    return code == kSqliteBusy || code == kSqliteLocked;
}

QString Database::describe(const QSqlError &sqlError, const QString &doing) const
{
    QString what = sqlError.databaseText();
    if (what.isEmpty())
        what = sqlError.text();
    switch (classify(sqlError)) {
    case Problem::Corrupt:
    case Problem::NotADatabase:
        return tr("The database %1 is damaged (%2).").arg(m_path, what);
    case Problem::Busy:
        // SQLite's own words ("database is locked") mean nothing to a user; say what happened.
        return tr("The database %1 stayed in use by another Lockbox Console or lockboxctl for more than %2 s; "
                  "try again.")
            .arg(m_path)
            .arg(double(m_options.busyTimeoutMs) / 1000.0);
    case Problem::ReadOnly:
        return tr("The database %1 cannot be written (%2).").arg(m_path, what);
    default:
        break;
    }
    if (doing.isEmpty())
        return tr("Database %1: %2").arg(m_path, what);
    return tr("Database %1: %2: %3").arg(m_path, doing, what);
}

void Database::assertThread() const
{
    Q_ASSERT_X(m_thread == QThread::currentThread(), "lockbox::store::Database",
               "a Database is used only from the thread that opened it");
}

bool Database::execute(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen())
        return fail(Problem::Sql, tr("The database is not open."), error);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return false;
    }
    query.finish();
    return true;
}

QVariant Database::scalar(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen()) {
        fail(Problem::Sql, tr("The database is not open."), error);
        return {};
    }
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return {};
    }
    QVariant value;
    if (query.next())
        value = query.value(0);
    query.finish();
    return value;
}

QSqlQuery *Database::run(const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery *query = prepared(sql, error);
    if (!query)
        return nullptr;
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    return exec(query, error) ? query : nullptr;
}

QSqlQuery *Database::prepared(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen()) {
        fail(Problem::Sql, tr("The database is not open."), error);
        return nullptr;
    }
    auto it = m_statements.find(sql);
    if (it != m_statements.end() && !m_brokenStatements.contains(sql))
        return it->get();

    auto query = std::make_shared<QSqlQuery>(m_db);
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        const QSqlError sqlError = query->lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return nullptr;
    }
    m_brokenStatements.remove(sql);
    if (const auto old = m_statements.constFind(sql); old != m_statements.constEnd())
        m_statementSql.remove(old->get());
    m_statements.insert(sql, query);
    m_statementSql.insert(query.get(), sql);
    return query.get();
}

bool Database::exec(QSqlQuery *query, QString *error)
{
    assertThread();
    if (query->exec())
        return true;
    const QSqlError sqlError = query->lastError();
    m_problem = classify(sqlError);
    if (error)
        *error = describe(sqlError);
    query->finish();
    // The driver finalizes a statement after some failures; prepare it afresh next time.
    if (const auto key = m_statementSql.constFind(query); key != m_statementSql.constEnd())
        m_brokenStatements.insert(*key);
    return false;
}

bool Database::begin(QString *error)
{
    assertThread();
    if (m_readOnly)
        return fail(Problem::ReadOnly, tr("The database %1 is open read-only here.").arg(m_path), error);
    if (m_transactionDepth > 0)
        return fail(Problem::Sql, tr("Internal error: a transaction is already open on %1.").arg(m_path), error);
    if (!isOpen())
        return fail(Problem::Sql, tr("The database is not open."), error);

    // busy_timeout makes SQLite wait for the lock; some busy answers come without that wait (a
    // connection recovering the WAL, a snapshot that moved), hence a few retries with backoff.
    QSqlError lastError;
    const int attempts = 1 + qMax(0, m_options.beginRetries);
    for (int attempt = 0; attempt < attempts; ++attempt) {
        QSqlQuery query(m_db);
        if (query.exec(u"BEGIN IMMEDIATE"_s)) {
            m_transactionDepth = 1;
            return true;
        }
        lastError = query.lastError();
        if (!isBusy(lastError))
            break;
        if (attempt + 1 < attempts) {
            const unsigned long backoffMs = qMin(1000UL, 25UL << attempt);
            qCDebug(lcStore) << "BEGIN IMMEDIATE busy on" << m_path << "- retrying in" << backoffMs << "ms";
            QThread::msleep(backoffMs);
        }
    }
    m_problem = classify(lastError);
    if (error)
        *error = describe(lastError, tr("cannot start a write"));
    qCWarning(lcStore).noquote() << describe(lastError, tr("cannot start a write"));
    return false;
}

bool Database::commit(QString *error)
{
    assertThread();
    if (m_transactionDepth != 1)
        return fail(Problem::Sql, tr("Internal error: no transaction to commit on %1.").arg(m_path), error);
    QSqlQuery query(m_db);
    if (query.exec(u"COMMIT"_s)) {
        m_transactionDepth = 0;
        return true;
    }
    const QSqlError sqlError = query.lastError();
    m_problem = classify(sqlError);
    if (error)
        *error = describe(sqlError, tr("cannot commit"));
    rollback();
    return false;
}

void Database::rollback()
{
    assertThread();
    if (m_transactionDepth == 0)
        return;
    m_transactionDepth = 0;
    QSqlQuery query(m_db);
    // Fails harmlessly when SQLite already rolled back on its own (after SQLITE_FULL, for example).
    if (!query.exec(u"ROLLBACK"_s))
        qCDebug(lcStore) << "ROLLBACK on" << m_path << ":" << query.lastError().databaseText();
}

qint64 Database::dataVersion(QString *error)
{
    QString readError;
    const QVariant value = scalar(u"PRAGMA data_version"_s, &readError);
    if (!readError.isEmpty() || !value.isValid()) {
        if (error)
            *error =
                readError.isEmpty() ? tr("Database %1: PRAGMA data_version gave no answer.").arg(m_path) : readError;
        return -1;
    }
    return value.toLongLong();
}

bool Database::checkpoint(QString *error)
{
    assertThread();
    if (m_readOnly || m_transactionDepth > 0)
        return true; // nothing to do here: the writer checkpoints outside its transactions
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // PASSIVE: copies what no reader still needs, never waits for readers or blocks writers.
    if (!query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError, tr("cannot checkpoint"));
        return false;
    }
    query.finish();
    return true;
}

bool Database::write(const std::function<bool(QString *error)> &body, QString *error)
{
    assertThread();
    if (m_readOnly)
        return fail(Problem::ReadOnly, tr("The database %1 is open read-only here.").arg(m_path), error);

    if (m_transactionDepth > 0) {
        // Savepoint names come from our own counter, never from outside.
        const QString name = u"lockbox_nested_%1"_s.arg(m_transactionDepth);
        if (!execute(u"SAVEPOINT "_s + name, error))
            return false;
        ++m_transactionDepth;
        bool ok = false;
        QString bodyError;
        {
            auto unwind = qScopeGuard([&] {
                --m_transactionDepth;
                if (!ok) {
                    execute(u"ROLLBACK TO "_s + name);
                    execute(u"RELEASE "_s + name);
                }
            });
            ok = body(&bodyError);
        }
        if (!ok) {
            if (error)
                *error = bodyError.isEmpty() ? tr("A write to %1 failed.").arg(m_path) : bodyError;
            return false;
        }
        return execute(u"RELEASE "_s + name, error);
    }

    if (!begin(error))
        return false;
    bool ok = false;
    QString bodyError;
    {
        auto undo = qScopeGuard([&] {
            if (!ok)
                rollback();
        });
        ok = body(&bodyError);
    }
    if (!ok) {
        if (error)
            *error = bodyError.isEmpty() ? tr("A write to %1 failed.").arg(m_path) : bodyError;
        return false;
    }
    return commit(error);
}

} // namespace lockbox::store
