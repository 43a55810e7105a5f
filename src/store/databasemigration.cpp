// Database's schema versions: PRAGMA user_version, the check a read-only open makes and the
// migrations a writer applies, each step in its own write.

#include "database.h"
#include "storelogging.h"

#include <QVariant>

using namespace Qt::StringLiterals;

namespace lockbox::store {

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

} // namespace lockbox::store
