#pragma once

#include "core/auditrecord.h"
#include "engine/auditreader.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace lockbox::gui {

// The audit trail as a table, newest event first (records of the same time by sequence, the
// later first), read lazily by key: the first page on setQuery(), the next one after the last
// row's (time, sequence) each time the view scrolls to the end (fetchMore), so a trail of 100,000
// records opens as fast as one of ten. Reads through the GUI thread's read-only connection; each
// page is one indexed query.
//
// Every text but the time comes from a server or a user: DisplayRole shows it as one plain line
// without control characters, ToolTipRole the whole text escaped. Actions show in words
// (engine::auditActionName), an unknown one as received; RawTextRole keeps the stored value.
class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ActorColumn,
        ActionColumn,
        RequestColumn,
        SubscriptionColumn,
        ReasonColumn,
        OutcomeColumn,
        SourceColumn,
        ColumnCount,
    };
    enum Role {
        SequenceRole = Qt::UserRole + 1, // the record's place in the chain (qint64)
        RawTextRole,                     // the stored value of the cell, unfiltered (for copying)
    };

    static constexpr int kPageSize = 200;
    // The most characters the Outcome column shows (it is sized to its contents).
    static constexpr int kOutcomeChars = 60;
    // More new records than this at refresh(), or new records in more separate places than
    // kMaxRefreshRuns, reload the first page instead of inserting them all.
    static constexpr int kMaxRefreshInsert = 5000;
    static constexpr int kMaxRefreshRuns = 64;

    // Reads through `reader`, which must outlive the model.
    explicit AuditTableModel(const engine::AuditReader &reader, QObject *parent = nullptr);
    ~AuditTableModel() override;

    // The filters (since, until, action, subscription, request, source, text) of `query`; its
    // order, paging and appendedAfter fields are the model's own. Resets the model to the first page.
    void setQuery(const engine::AuditQuery &query);
    engine::AuditQuery query() const { return m_query; }

    // Inserts the records appended since the last read that match the filters, each at its place
    // in time (a decision at the top, an imported older event further down), without a reset.
    // Returns how many rows were inserted, or -1 on a read error. After more than
    // kMaxRefreshInsert new records (a large import) it resets to the first page instead.
    int refresh();

    // Subscription ids shown by their display names.
    void setSubscriptionNames(const QHash<QString, QString> &names);

    AuditRecord record(int row) const;
    // The last read error, empty when the last read worked.
    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page could not be read (the database is locked for too long, or damaged).
    void readFailed(const QString &message);

private:
    std::optional<QList<AuditRecord>> readPage(const std::optional<engine::AuditCursor> &after);
    // Inserts `added` at their places; nothing when they would take more than kMaxRefreshRuns
    // insertions.
    std::optional<int> insertAppended(QList<AuditRecord> added);
    // The rows' order: later event time first, then later sequence.
    static bool newerThan(const AuditRecord &a, const AuditRecord &b);
    void loadFirstPage();
    void fail(const QString &message);
    QString rawText(const AuditRecord &record, int column) const;
    QString subscriptionText(const QString &subscriptionId) const;

    const engine::AuditReader &m_log;
    engine::AuditQuery m_query;
    QList<AuditRecord> m_rows;      // newest first (newerThan)
    qint64 m_newestSequence = 0;    // every record up to here has been considered
    bool m_atEnd = true;            // the oldest matching record is loaded
    bool m_firstPageLoaded = false; // false after a failed setQuery(): refresh() starts over
    bool m_reading = false;         // a read is running: no nested fetchMore from a signal handler
    QString m_lastError;
    QHash<QString, QString> m_subscriptionNames;
};

} // namespace lockbox::gui
