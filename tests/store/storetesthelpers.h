#pragma once

// Helpers shared by the store tests: a raw SQLite connection (the "attacker with the file", or a
// second process), with the core kit's clock and requests, which the store tests use throughout.

#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QUuid>
#include <QVariant>

namespace lockbox::test {

// A plain QSqlDatabase connection on a file, removed when it goes out of scope.
class RawConnection final
{
public:
    explicit RawConnection(const QString &path, const QString &options = {})
    {
        static QAtomicInteger<int> counter;
        m_name = QStringLiteral("raw-test-%1").arg(counter.fetchAndAddRelaxed(1));
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        if (!options.isEmpty())
            m_db.setConnectOptions(options);
        m_db.open();
    }
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(RawConnection)

    QSqlDatabase &db() { return m_db; }
    bool isOpen() const { return m_db.isOpen(); }

    // Runs one statement with positional values; returns false (and keeps the error) on failure.
    bool exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(m_db);
        if (!q.prepare(sql)) {
            m_lastError = q.lastError().text();
            return false;
        }
        for (qsizetype i = 0; i < values.size(); ++i)
            q.bindValue(int(i), values.at(i));
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        return true;
    }
    QVariant scalar(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(sql);
        for (qsizetype i = 0; i < values.size(); ++i)
            q.bindValue(int(i), values.at(i));
        if (!q.exec() || !q.next()) {
            m_lastError = q.lastError().text();
            return {};
        }
        return q.value(0);
    }
    QString lastError() const { return m_lastError; }

private:
    QString m_name;
    QSqlDatabase m_db;
    QString m_lastError;
};

} // namespace lockbox::test
