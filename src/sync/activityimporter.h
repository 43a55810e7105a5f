#pragma once

#include "azure/armerror.h"
#include "core/changeset.h"

#include <QDateTime>
#include <QList>
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
//
// A window whose listing passes ArmClient's per-listing limit (items or bytes) is split in two
// halves, each imported in turn, oldest first, down to kMinWindowSecs; a window that short and
// still over the limit fails the subscription as any other error does. Each window's records are
// written once its listing is complete, so a subscription that fails part way keeps the windows
// already imported (importing again adds only what is missing).
class ActivityImporter final : public QObject
{
    Q_OBJECT

public:
    ActivityImporter(ArmClient *client, store::AuditLog *audit, const Clock &clock, QObject *parent = nullptr,
                     store::RequestStore *requests = nullptr);
    ~ActivityImporter() override;

    // The shortest window split further when its listing passes the limit: one hour.
    static constexpr int kMinWindowSecs = 3600;

    void import(const QStringList &subscriptionIds, int days = 89);

Q_SIGNALS:
    // `imported` new records in all; `errors` one line per subscription that failed.
    void finished(int imported, const QStringList &errors);
    // Cached requests whose approval time the import told (before finished()).
    void changed(const lockbox::ChangeSet &changes);

private:
    struct Window
    {
        QDateTime from;
        QDateTime to;
    };

    void next();
    void importWindow(const Window &window);
    void fail(const QString &message);
    void recordApprovals(const QList<ActivityEvent> &events);

    std::unique_ptr<ActivityLogApi> m_api;
    store::AuditLog *m_audit;
    store::RequestStore *m_requests;
    const Clock &m_clock;
    QStringList m_queue;
    QString m_subscriptionId;
    QList<Window> m_windows; // of m_subscriptionId still to import, oldest first
    int m_days = 89;
    int m_imported = 0;
    QStringList m_errors;
};

} // namespace lockbox
