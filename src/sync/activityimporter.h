#pragma once

#include "azure/armerror.h"
#include "core/changeset.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace lockbox {

class ActivityLogApi;
class ArmClient;
class Clock;
struct ActivityEvent;

namespace store {
class AuditLog;
class RequestStore;
} // namespace store

// Imports the Lockbox events of Azure's Activity Log (Create, Approve, Deny, Expire…) into the
// audit trail as records of source "azure", keyed by their eventDataId so that importing twice
// adds nothing. One subscription at a time, over the last `days` days (ARM keeps 90). Given the
// request cache, an approval event also tells the cache when that request's access began.
class ActivityImporter final : public QObject
{
    Q_OBJECT

public:
    ActivityImporter(ArmClient *client, store::AuditLog *audit, const Clock &clock, QObject *parent = nullptr,
                     store::RequestStore *requests = nullptr);
    ~ActivityImporter() override;

    void import(const QStringList &subscriptionIds, int days = 89);

Q_SIGNALS:
    // `imported` new records in all; `errors` one line per subscription that failed.
    void finished(int imported, const QStringList &errors);
    // Cached requests whose approval time the import told (before finished()).
    void changed(const lockbox::ChangeSet &changes);

private:
    void next();
    void recordApprovals(const QList<ActivityEvent> &events);

    std::unique_ptr<ActivityLogApi> m_api;
    store::AuditLog *m_audit;
    store::RequestStore *m_requests;
    const Clock &m_clock;
    QStringList m_queue;
    int m_days = 89;
    int m_imported = 0;
    QStringList m_errors;
};

} // namespace lockbox
