#pragma once

#include "core/accessrequest.h"
#include "core/stringpool.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <array>

struct sqlite3;
struct sqlite3_stmt;

namespace lockbox::store {

// Reads the request cache for the request table, newest first, straight through SQLite's C API:
// one read-only connection and one prepared statement stepped a chunk at a time, so that a caller
// can hand each chunk on before the next is read. QtSql's QVariant per value costs more than the
// rows themselves at 100,000 requests.
//
// Rows come as summaries (summary()): what the table shows and filters by, the justification cut
// to its first kSummaryJustificationChars characters. Requests still open for a decision or in a
// transition (keepsWhole()) come whole, exactly as RequestStore::request() reads them: a decision
// is bound to the whole content the approver reviewed. Strings that rows repeat are shared
// (StringPool).
class RequestRowReader final
{
    Q_DECLARE_TR_FUNCTIONS(RequestRowReader)

public:
    // What a summary keeps of a justification (the table shows one line of it).
    static constexpr qsizetype kSummaryJustificationChars = 120;
    // How many distinct values (and lists of resource ids) a reader makes once and shares between
    // rows; past it, rows make their own.
    static constexpr qsizetype kMaxRepeatedValues = 20000;

    explicit RequestRowReader(int busyTimeoutMs = 5000);
    ~RequestRowReader();
    Q_DISABLE_COPY_MOVE(RequestRowReader)

    // Opens the database file read-only and prepares the statement; false with a sentence in
    // `error` (no such file, not a database, locked past the busy timeout).
    bool open(const QString &databasePath, QString *error = nullptr);
    // The same for the rows of one subscription (its id as the cache writes it), in no particular
    // order.
    bool open(const QString &databasePath, const QString &subscriptionId, QString *error = nullptr);
    // The next `count` rows (fewer at the end). On a failure part way, the rows read so far and a
    // sentence in `error`; the reader is then at its end.
    // `room`: a list whose room the rows take (what it holds is dropped first), so that chunk
    // after chunk is read into the same few buffers rather than each into a new one.
    QList<AccessRequest> next(int count, QString *error = nullptr, QList<AccessRequest> room = {});
    bool atEnd() const { return m_atEnd; }
    // How many requests the whole cache holds, every subscription's (also when the reader was
    // opened for one), as of the rows this reader reads (the same snapshot while rows are left);
    // -1 when it cannot tell. Room a caller may make for them.
    qint64 countAll();

    // Whether a request is kept whole in the table: Pending (it may be decided) or in a transition
    // (the tray follows it to its end).
    static bool keepsWhole(RequestStatus::Kind kind);
    // `request` as the table keeps it: whole when keepsWhole(), otherwise without the long values
    // it does not show (the ARM id, the name, the support case's URL) and with the justification's
    // first kSummaryJustificationChars characters. The rest is short or shared between rows (ids,
    // status, times, subscription, resources, support case, duration, access level, type, work item
    // source, the approval).
    static AccessRequest summary(const AccessRequest &request);
    // summary() in place.
    static void summarise(AccessRequest &request);
    // Whether summary() would change `request`: false for one that is whole by keepsWhole() or
    // already a summary (next() reads rows as summaries; making each again would copy it).
    static bool summaryChanges(const AccessRequest &request);
    // Whether `request` is a summary() (not whole).
    static bool isSummarised(const AccessRequest &request) { return !keepsWhole(request.status.kind()); }

private:
    bool openWith(const QString &databasePath, const QString *subscriptionId, QString *error);
    QString failure(const QString &what) const;
    // A column whose values rows repeat (ids of subscriptions, types, durations), shared.
    QString value(sqlite3_stmt *statement, int column);
    void close();

    int m_busyTimeoutMs;
    QString m_path;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    bool m_atEnd = true;
    StringPool m_strings;
    // By their bytes in the file: values rows repeat, and lists of resource ids (a few hundred
    // distinct among 100,000 requests, each a row shares instead of making its own).
    QHash<QByteArray, QString> m_values;
    QHash<QByteArray, QStringList> m_lists;
    // The last values each column gave (value()), compared before any hashing: a column repeats
    // a handful of values, most of them row after row.
    struct Recent
    {
        QByteArray bytes; // shares the key in m_values
        QString value;
    };
    static constexpr int kColumns = 18;
    static constexpr int kRecentPerColumn = 12;
    struct RecentValues
    {
        std::array<Recent, kRecentPerColumn> values;
        int count = 0; // filled
        int next = 0;  // replaced next
    };
    std::array<RecentValues, kColumns> m_recent;
};

} // namespace lockbox::store
