#include "schema.h"

using namespace Qt::StringLiterals;

namespace lockbox::store {

// Times are INTEGER milliseconds since the epoch, UTC (NULL when unknown), so that they sort and
// compare in SQL. Text is stored exactly as received; every value is bound, never spliced in.
QList<Migration> schemaMigrations()
{
    QList<Migration> steps;

    steps.append(Migration {
        1,
        u"requests cache, decision outbox, audit chain, sync state"_s,
        {
            // The cache of AccessRequests. Small, often-read columns come first so that reading
            // them never touches the overflow pages of a long justification.
            u"CREATE TABLE requests ("
            " request_id TEXT NOT NULL PRIMARY KEY,"
            " subscription_id TEXT NOT NULL,"
            " status TEXT NOT NULL,"
            " content_hash BLOB NOT NULL,"
            " created_ms INTEGER,"
            " expiration_ms INTEGER,"
            " active_until_ms INTEGER," // end of the access window (AccessRequest::accessEndsAt)
            " first_seen_ms INTEGER NOT NULL,"
            " last_seen_ms INTEGER NOT NULL," // last time the content changed (unchanged rows are not written)
            " duration TEXT NOT NULL,"
            " access_level TEXT," // NULL when the payload had none
            " resource_type TEXT NOT NULL,"
            " support_request TEXT NOT NULL,"
            " support_case_url TEXT NOT NULL,"
            " work_item_source TEXT NOT NULL,"
            " arm_id TEXT NOT NULL,"
            " name TEXT NOT NULL,"
            " type TEXT NOT NULL,"
            " resource_ids TEXT NOT NULL," // JSON array of strings
            " justification TEXT NOT NULL)"_s,
            u"CREATE INDEX requests_by_subscription ON requests (subscription_id)"_s,
            u"CREATE INDEX requests_by_status ON requests (status, active_until_ms)"_s,
            u"CREATE INDEX requests_by_created ON requests (created_ms DESC, request_id)"_s,

            // The decision outbox. At most one live (queued or sending) decision per request, even
            // with two processes writing: the partial unique index is the last line of defence.
            u"CREATE TABLE decisions ("
            " id TEXT NOT NULL PRIMARY KEY,"
            " request_id TEXT NOT NULL,"
            " subscription_id TEXT NOT NULL,"
            " verdict TEXT NOT NULL CHECK (verdict IN ('Approve', 'Deny')),"
            " reason TEXT NOT NULL,"
            " actor TEXT NOT NULL,"
            " state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'acknowledged', 'failed', 'withdrawn')),"
            " attempts INTEGER NOT NULL DEFAULT 0,"
            " created_ms INTEGER NOT NULL,"
            " updated_ms INTEGER NOT NULL,"
            " last_error TEXT,"
            " server_status TEXT)"_s,
            u"CREATE UNIQUE INDEX decisions_one_live_per_request ON decisions (request_id)"
            " WHERE state IN ('queued', 'sending')"_s,
            u"CREATE INDEX decisions_by_request ON decisions (request_id, created_ms)"_s,
            u"CREATE INDEX decisions_by_state ON decisions (state, created_ms)"_s,

            // The audit chain. Append-only: triggers refuse UPDATE and DELETE, and each record's
            // hash covers the previous hash and its own canonical form (see AuditLog).
            u"CREATE TABLE audit ("
            " seq INTEGER PRIMARY KEY,"
            " time_ms INTEGER,"
            " actor TEXT NOT NULL,"
            " action TEXT NOT NULL,"
            " request_id TEXT NOT NULL,"
            " subscription_id TEXT NOT NULL,"
            " reason TEXT NOT NULL,"
            " outcome TEXT NOT NULL,"
            " source TEXT NOT NULL CHECK (source IN ('local', 'azure')),"
            " external_id TEXT UNIQUE,"
            " prev_hash TEXT NOT NULL,"
            " hash TEXT NOT NULL)"_s,
            u"CREATE INDEX audit_by_time ON audit (time_ms)"_s,
            u"CREATE INDEX audit_by_request ON audit (request_id)"_s,
            u"CREATE INDEX audit_by_subscription ON audit (subscription_id)"_s,
            u"CREATE INDEX audit_by_action ON audit (action)"_s,
            u"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
            " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END"_s,
            u"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
            " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END"_s,
            // The head names the last record, so that cutting records off the end of the chain
            // shows too. It only ever moves forward by one, onto the record just appended.
            u"CREATE TABLE audit_head ("
            " id INTEGER PRIMARY KEY CHECK (id = 1),"
            " seq INTEGER NOT NULL,"
            " hash TEXT NOT NULL)"_s,
            u"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')"_s,
            u"CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head"
            " WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1"
            " OR NEW.hash IS NOT (SELECT hash FROM audit WHERE seq = NEW.seq)"
            " BEGIN SELECT RAISE(ABORT, 'the audit head only moves onto the record just appended'); END"_s,
            u"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
            " BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END"_s,

            // Per-subscription scheduling state of the sync engine.
            u"CREATE TABLE sync_state ("
            " subscription_id TEXT NOT NULL PRIMARY KEY,"
            " last_full_sync_ms INTEGER,"
            " last_pending_poll_ms INTEGER,"
            " last_error TEXT NOT NULL DEFAULT '',"
            " consecutive_failures INTEGER NOT NULL DEFAULT 0,"
            " next_attempt_ms INTEGER)"_s,
        },
    });

    steps.append(Migration {
        2,
        u"audit indexes in event-time order"_s,
        {
            // The history lists records by event time, ties by sequence, and pages by that pair
            // (AuditQuery). Each filter's index ends in the same pair, so that a filtered page is
            // a range of one index too rather than a sort of every matching record.
            u"CREATE INDEX audit_by_time_seq ON audit (time_ms, seq)"_s,
            u"CREATE INDEX audit_by_request_time ON audit (request_id, time_ms, seq)"_s,
            u"CREATE INDEX audit_by_subscription_time ON audit (subscription_id, time_ms, seq)"_s,
            u"CREATE INDEX audit_by_action_time ON audit (action, time_ms, seq)"_s,
            u"DROP INDEX audit_by_time"_s,
            u"DROP INDEX audit_by_request"_s,
            u"DROP INDEX audit_by_subscription"_s,
            u"DROP INDEX audit_by_action"_s,
        },
    });

    steps.append(Migration {
        3,
        u"approval times: access counted from the approval"_s,
        {
            // When access began, as far as this profile knows, and how it knows (see
            // ApprovalSource): the server's record does not say.
            u"ALTER TABLE requests ADD COLUMN approved_ms INTEGER"_s,
            u"ALTER TABLE requests ADD COLUMN approval_source TEXT"_s,
            // What the profile already holds: its own acknowledged approvals first, then the
            // approval events imported from the Activity Log.
            u"UPDATE requests SET approval_source = 'decision', approved_ms = (SELECT MIN(d.updated_ms)"
            " FROM decisions d WHERE d.request_id = requests.request_id AND d.verdict = 'Approve'"
            " AND d.state = 'acknowledged') WHERE EXISTS (SELECT 1 FROM decisions d"
            " WHERE d.request_id = requests.request_id AND d.verdict = 'Approve' AND d.state = 'acknowledged')"_s,
            u"UPDATE requests SET approval_source = 'activity-log', approved_ms = (SELECT MIN(a.time_ms)"
            " FROM audit a WHERE a.request_id = requests.request_id AND a.source = 'azure'"
            " AND a.action IN ('Approve', 'AutoApprove') AND a.time_ms IS NOT NULL)"
            " WHERE approved_ms IS NULL AND EXISTS (SELECT 1 FROM audit a WHERE a.request_id = requests.request_id"
            " AND a.source = 'azure' AND a.action IN ('Approve', 'AutoApprove') AND a.time_ms IS NOT NULL)"_s,
            // The window keeps its length (AccessRequest::accessEndsAt wrote it from creation) and
            // moves to start at the approval.
            u"UPDATE requests SET active_until_ms = approved_ms + (active_until_ms - created_ms)"
            " WHERE approved_ms IS NOT NULL AND active_until_ms IS NOT NULL AND created_ms IS NOT NULL"_s,
        },
    });

    steps.append(Migration {
        4,
        u"decisions bound to the content the approver reviewed"_s,
        {
            // The request's content hash as the approver saw it (see DecisionOutbox::enqueue): the
            // decision is sent only while the cached request still has it. NULL for the decisions
            // queued before, which are sent unchecked.
            u"ALTER TABLE decisions ADD COLUMN reviewed_hash BLOB"_s,
        },
    });

    steps.append(Migration {
        5,
        u"the alert relay's journal"_s,
        {
            // lockboxctl watch's delivery targets (a webhook, a command, standard output), keyed
            // by a digest, never by the webhook's URL (a secret); primed once its first run
            // recorded what was already pending.
            u"CREATE TABLE alert_targets ("
            " target TEXT NOT NULL PRIMARY KEY,"
            " label TEXT NOT NULL,"
            " created_ms INTEGER NOT NULL,"
            " primed_ms INTEGER)"_s,
            // Each alert event of a request, once per target, written before it is delivered
            // (store/alertjournal.h).
            u"CREATE TABLE alert_journal ("
            " request_key TEXT NOT NULL CHECK (request_key = lower(request_key)),"
            " event TEXT NOT NULL,"
            " target TEXT NOT NULL,"
            " payload TEXT NOT NULL,"
            " state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'seen')),"
            " attempts INTEGER NOT NULL DEFAULT 0,"
            " created_ms INTEGER NOT NULL,"
            " updated_ms INTEGER NOT NULL,"
            " next_attempt_ms INTEGER NOT NULL,"
            " last_error TEXT,"
            " PRIMARY KEY (request_key, event, target))"_s,
            u"CREATE INDEX alert_journal_due ON alert_journal (target, state, next_attempt_ms)"_s,
            u"CREATE INDEX alert_journal_by_event ON alert_journal (target, event, created_ms)"_s,
        },
    });

    steps.append(Migration {
        6,
        u"the pages of the last listing of each kind"_s,
        {
            // A digest of each page's bytes, its item count and nextLink (store::ListingPages),
            // for the full and the pending-only listing: a listing that comes back the same is
            // neither parsed nor merged again. NULL: none known.
            u"ALTER TABLE sync_state ADD COLUMN full_pages BLOB"_s,
            u"ALTER TABLE sync_state ADD COLUMN pending_pages BLOB"_s,
        },
    });

    steps.append(Migration {
        7,
        u"a subscription's cache stamp read from its index"_s,
        {
            // RequestStore::cacheStamp (the count, the largest and the sum of last_seen_ms of a
            // subscription's rows), read at every merge and every listing that came back the
            // same, reads this index alone instead of every row of the subscription (10,000 rows
            // of about 1.2 KB: 7 ms, a tenth of a re-sync of 100,000 that changes nothing).
            u"DROP INDEX requests_by_subscription"_s,
            u"CREATE INDEX requests_by_subscription ON requests (subscription_id, last_seen_ms)"_s,
        },
    });

    return steps;
}

int currentSchemaVersion()
{
    const QList<Migration> steps = schemaMigrations();
    return steps.isEmpty() ? 0 : steps.constLast().version;
}

} // namespace lockbox::store
