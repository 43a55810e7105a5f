#pragma once

// Helpers shared by the store tests: a clock the test moves, a raw SQLite connection (the
// "attacker with the file", or a second process), and realistic requests.

#include "core/accessrequest.h"
#include "core/clock.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QUuid>
#include <QVariant>

namespace lockbox::test {

class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC))
        : m_now(start)
    {
    }
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &now) { m_now = now; }
    void advanceSecs(qint64 secs) { m_now = m_now.addSecs(secs); }

private:
    QDateTime m_now;
};

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

// A realistic request of `subscriptionId` (deterministic for `n`).
inline AccessRequest makeRequest(const QString &subscriptionId, int n,
                                 RequestStatus::Kind status = RequestStatus::Kind::Pending,
                                 const QDateTime &created = QDateTime(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC))
{
    AccessRequest r;
    r.requestId = QUuid::createUuidV5(QUuid(), subscriptionId + QString::number(n)).toString(QUuid::WithoutBraces);
    r.subscriptionId = subscriptionId;
    r.armId = QStringLiteral("/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2")
                  .arg(subscriptionId, r.requestId);
    r.name = QStringLiteral("LockboxRequest_") + r.requestId;
    r.type = QStringLiteral("requests");
    r.justification = QStringLiteral("Microsoft Support needs to read the diagnostic logs of VM %1 for case %2.")
                          .arg(n)
                          .arg(2503010000 + n);
    r.status = RequestStatus(status);
    r.createdDateTime = created.addSecs(-60LL * n);
    r.expirationDateTime = r.createdDateTime.addDays(4);
    r.duration = QStringLiteral("8");
    r.resourceIds = {QStringLiteral("/subscriptions/%1/resourceGroups/rg-%2/providers/Microsoft.Compute/"
                                    "virtualMachines/vm-%2")
                         .arg(subscriptionId)
                         .arg(n)};
    r.resourceType = QStringLiteral("Virtual Machine");
    r.supportRequest = QString::number(2503010000 + n);
    r.supportCaseUrl = QStringLiteral("https://portal.azure.com/#resource/providers/Microsoft.Support/"
                                      "supportTickets/%1")
                           .arg(r.supportRequest);
    r.workItemSource = QStringLiteral("SupportRequest");
    r.accessLevel = QStringLiteral("Read");
    return r;
}

inline QList<AccessRequest> makeRequests(const QString &subscriptionId, int count, int first = 0)
{
    QList<AccessRequest> out;
    for (int i = first; i < first + count; ++i)
        out.append(makeRequest(subscriptionId, i));
    return out;
}

} // namespace lockbox::test
