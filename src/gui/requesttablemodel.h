#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/queueddecision.h"
#include "engine/requestrows.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

// The main window's table of requests: engine::RequestRows (rows keyed by request id, never by
// row number) adapted to QAbstractTableModel, with the words, times and icons of
// RequestPresentation.
//
// The initial load is a reset (setRequests) or chunked appends; every later change from the
// engine arrives as a ChangeSet, which the rows report by position and this model signals with
// fine-grained row signals, so selections and scroll positions survive a sync. Times (relative
// "requested", time left) are shown as of the rows' "now", which refreshTimes() moves forward;
// call it once a minute.
class RequestTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Status,
        Requested,
        TimeLeft,
        Subscription,
        ResourceType,
        Resource,
        SupportCase,
        Duration,
        AccessLevel,
        Justification,
        ColumnCount
    };
    Q_ENUM(Column)

    // Row-level roles answer on every column; their changes are signalled on the Status column.
    enum Role {
        SortRole = Qt::UserRole + 1, // raw values: ms, seconds left, status order, case-folded text
        RequestIdRole,
        StatusKindRole, // int(RequestStatus::Kind)
        SubscriptionIdRole,
        QueuedVerdictRole, // int(Verdict) of a live queued decision, else an invalid QVariant
    };
    Q_ENUM(Role)

    explicit RequestTableModel(const Clock &clock, QObject *parent = nullptr);
    ~RequestTableModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // What engine::RequestRows does of the same name, signalled as rows, never as a reset but for
    // setRequests.
    void setRequests(const QList<AccessRequest> &all);
    void appendRequests(const QList<AccessRequest> &more);
    void reserve(int rows) { m_rows.reserve(rows); }
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows);
    void setSubscriptionNames(const QHash<QString, QString> &idToName);
    void setQueuedDecisions(const QList<QueuedDecision> &live);
    // Rows keep only what the table shows (engine::RequestRows::setSummarised).
    void setSummarised(bool summarised) { m_rows.setSummarised(summarised); }
    // Moves the model's "now" to the clock's and signals the Requested and TimeLeft columns.
    void refreshTimes();

    // The rows themselves: what filters and counts read, by row number.
    const engine::RequestRows &rows() const { return m_rows; }
    int rowOf(const QString &requestId) const { return m_rows.rowOf(requestId); } // -1 when absent
    std::optional<AccessRequest> requestAt(int row) const { return m_rows.requestAt(row); }
    std::optional<AccessRequest> request(const QString &requestId) const { return m_rows.request(requestId); }
    QDateTime now() const { return m_rows.now(); }

    // Whether a dataChanged over these columns may change what a row matches or how it is
    // filtered (content, subscription names), rather than only times or queued decisions.
    static bool affectsContent(int firstColumn, int lastColumn);

Q_SIGNALS:
    // Around applyChanges(): the row signals in between are one change (a sorting proxy places the
    // rows that moved once, at the end).
    void changesAboutToBeApplied();
    void changesApplied();

private:
    void onRowsReordered(const std::vector<int> &newRowOf);
    QString displayText(int row, int column) const;
    QString statusDisplay(int row) const; // what the cell shows
    QString statusInFull(int row) const;  // with a live decision's status and what it means
    QVariant toolTip(int row, int column) const;
    QIcon icon(const RequestStatus &status) const;

    engine::RequestRows m_rows;
    mutable QHash<QString, QIcon> m_icons;
};

} // namespace lockbox::gui
