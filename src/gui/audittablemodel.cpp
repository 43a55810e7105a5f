#include "audittablemodel.h"

#include "requestpresentation.h"

#include "engine/auditactions.h"
#include "engine/auditreader.h"

#include <QLocale>
#include <QScopedValueRollback>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// A record's time in the locale's short date and time, with the year in full (a trail spans
// years) and the seconds (records of one decision are seconds apart), each with the locale's own
// separators: "06.12.2026 14:05:09", "12/6/2026 2:05:09 PM", "6.12.2026 14.05.09".
QString recordTimeFormat()
{
    const QLocale locale;
    QString date = locale.dateFormat(QLocale::ShortFormat);
    if (!date.contains(u"yyyy"_s))
        date.replace(u"yy"_s, u"yyyy"_s);
    QString time = locale.timeFormat(QLocale::ShortFormat);
    const qsizetype minutes = time.indexOf(u"mm"_s);
    if (!time.contains(u's') && minutes > 0)
        time.insert(minutes + 2, time.at(minutes - 1) + u"ss"_s);
    return date + u' ' + time;
}

} // namespace

AuditTableModel::AuditTableModel(const engine::AuditReader &reader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(reader)
{
    loadFirstPage();
}

AuditTableModel::~AuditTableModel() = default;

void AuditTableModel::setQuery(const engine::AuditQuery &query)
{
    QScopedValueRollback reading(m_reading, true);
    beginResetModel();
    m_query = query;
    loadFirstPage();
    endResetModel();
}

void AuditTableModel::loadFirstPage()
{
    m_query.order = engine::AuditQuery::Order::NewestFirst;
    m_query.after.reset();
    m_query.appendedAfter = 0;
    m_query.limit = kPageSize;
    m_rows.clear();
    m_atEnd = true;
    m_lastError.clear();

    // The head is read before the page: a record appended in between is in the page, past its
    // end (read by fetchMore) or, when appended after the page's newest sequence, picked up by the
    // next refresh(); never twice.
    m_firstPageLoaded = false;
    QString error;
    const qint64 last = m_log.lastSequence(&error);
    if (last < 0) {
        fail(error);
        return;
    }
    const auto page = readPage(std::nullopt);
    if (!page)
        return;
    m_firstPageLoaded = true;
    m_rows = *page;
    m_atEnd = m_rows.size() < kPageSize;
    qint64 newest = last;
    for (const AuditRecord &r : std::as_const(m_rows))
        newest = qMax(newest, r.sequence);
    m_newestSequence = newest;
}

std::optional<QList<AuditRecord>> AuditTableModel::readPage(const std::optional<engine::AuditCursor> &after)
{
    engine::AuditQuery query = m_query;
    query.after = after;
    QString error;
    QList<AuditRecord> page = m_log.records(query, &error);
    if (!error.isEmpty()) {
        fail(error);
        return std::nullopt;
    }
    return page;
}

void AuditTableModel::fail(const QString &message)
{
    // Stop fetching: a view would otherwise ask again at once, forever.
    m_atEnd = true;
    m_lastError = message;
    Q_EMIT readFailed(message);
}

bool AuditTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_reading;
}

void AuditTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Views and testers call fetchMore from rowsInserted handlers; the page being inserted must
    // not be read twice.
    QScopedValueRollback reading(m_reading, true);
    const auto page =
        readPage(m_rows.isEmpty() ? std::nullopt : std::optional(engine::AuditCursor::of(m_rows.constLast())));
    if (!page)
        return;
    m_atEnd = page->size() < kPageSize;
    if (page->isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(page->size()) - 1);
    m_rows.append(*page);
    endInsertRows();
}

int AuditTableModel::refresh()
{
    if (m_reading)
        return 0;
    if (!m_firstPageLoaded) {
        setQuery(m_query); // the last attempt failed: try again from the start
        return m_firstPageLoaded ? int(m_rows.size()) : -1;
    }
    QList<AuditRecord> added;
    {
        QScopedValueRollback reading(m_reading, true);
        QString error;
        const qint64 last = m_log.lastSequence(&error);
        if (last < 0) {
            fail(error);
            return -1;
        }
        if (last <= m_newestSequence)
            return 0;

        // What was appended since, in the order of appending: a range of the primary key.
        engine::AuditQuery query = m_query;
        query.order = engine::AuditQuery::Order::Appended;
        query.after.reset();
        query.appendedAfter = m_newestSequence;
        query.limit = kMaxRefreshInsert + 1;
        added = m_log.records(query, &error);
        if (!error.isEmpty()) {
            fail(error);
            return -1;
        }
        if (added.size() <= kMaxRefreshInsert) {
            m_newestSequence = qMax(last, added.isEmpty() ? 0 : added.constLast().sequence);
            const std::optional<int> inserted = insertAppended(added);
            if (inserted)
                return *inserted;
        }
    }
    // A large import, or one scattered over the rows: the first page of the new state is what
    // anyone looks at.
    setQuery(m_query);
    return int(m_rows.size());
}

std::optional<int> AuditTableModel::insertAppended(QList<AuditRecord> added)
{
    // An imported event can be older than records already shown, so each goes to its place in
    // the order of time. One past the last row loaded comes with a later page instead, unless
    // every matching record is loaded.
    std::sort(added.begin(), added.end(), newerThan);
    if (!m_atEnd && !m_rows.isEmpty()) {
        const AuditRecord &lastLoaded = m_rows.constLast();
        const auto beyond = std::find_if(added.cbegin(), added.cend(),
                                         [&lastLoaded](const AuditRecord &r) { return newerThan(lastLoaded, r); });
        added.erase(beyond, added.cend());
    }
    // Runs of records that land between the same two rows, each one insertion.
    QList<std::pair<int, QList<AuditRecord>>> runs; // place among the rows before the insertions
    for (const AuditRecord &r : std::as_const(added)) {
        const int at = int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), r, newerThan) - m_rows.cbegin());
        if (!runs.isEmpty() && runs.constLast().first == at)
            runs.last().second.append(r);
        else
            runs.append({at, {r}});
    }
    if (runs.size() > kMaxRefreshRuns)
        return std::nullopt;
    int inserted = 0;
    for (const auto &[at, run] : std::as_const(runs)) {
        const int first = at + inserted;
        beginInsertRows(QModelIndex(), first, first + int(run.size()) - 1);
        m_rows.insert(first, run.size(), AuditRecord());
        std::copy(run.cbegin(), run.cend(), m_rows.begin() + first);
        endInsertRows();
        inserted += int(run.size());
    }
    return inserted;
}

bool AuditTableModel::newerThan(const AuditRecord &a, const AuditRecord &b)
{
    const qint64 at = a.time.toMSecsSinceEpoch();
    const qint64 bt = b.time.toMSecsSinceEpoch();
    return at != bt ? at > bt : a.sequence > b.sequence;
}

void AuditTableModel::setSubscriptionNames(const QHash<QString, QString> &names)
{
    m_subscriptionNames = names;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, SubscriptionColumn), index(int(m_rows.size()) - 1, SubscriptionColumn));
}

AuditRecord AuditTableModel::record(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return m_rows.at(row);
}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditTableModel::rawText(const AuditRecord &r, int column) const
{
    switch (column) {
    case TimeColumn:
        return r.time.isValid() ? r.time.toUTC().toString(Qt::ISODateWithMs) : QString();
    case ActorColumn:
        return r.actor;
    case ActionColumn:
        return r.action;
    case RequestColumn:
        return r.requestId;
    case SubscriptionColumn:
        return r.subscriptionId;
    case ReasonColumn:
        return r.reason;
    case OutcomeColumn:
        return r.outcome;
    case SourceColumn:
        return AuditRecord::sourceName(r.source);
    default:
        return {};
    }
}

QString AuditTableModel::subscriptionText(const QString &subscriptionId) const
{
    const QString name = m_subscriptionNames.value(subscriptionId);
    return name.isEmpty() ? subscriptionId : name;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRecord &r = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return r.time.isValid() ? QLocale().toString(r.time.toLocalTime(), recordTimeFormat()) : tr("unknown");
        case ActorColumn:
            return r.actor.isEmpty() ? tr("unknown") : RequestPresentation::singleLine(r.actor);
        case ActionColumn:
            return RequestPresentation::singleLine(engine::auditActionName(r.action));
        case SubscriptionColumn:
            return RequestPresentation::singleLine(subscriptionText(r.subscriptionId));
        case OutcomeColumn: // sized to its contents: a long one is cut here, whole in the tooltip
            return RequestPresentation::singleLine(r.outcome, kOutcomeChars);
        case SourceColumn:
            return r.source == AuditRecord::Source::Azure ? tr("Azure") : tr("Local");
        default:
            return RequestPresentation::singleLine(rawText(r, column));
        }
    case Qt::ToolTipRole:
        switch (column) {
        case TimeColumn:
            return RequestPresentation::exactTime(r.time);
        case SubscriptionColumn: {
            const QString name = m_subscriptionNames.value(r.subscriptionId);
            return RequestPresentation::plainToolTip(name.isEmpty() ? r.subscriptionId
                                                                    : name + u'\n' + r.subscriptionId);
        }
        case SourceColumn:
            return r.source == AuditRecord::Source::Azure ? tr("Imported from Azure's Activity Log")
                                                          : tr("Recorded by this console");
        case ActionColumn: {
            // The words, and the action as files and lockboxctl's JSON carry it.
            const QString name = engine::auditActionName(r.action);
            return RequestPresentation::plainToolTip(name == r.action ? name : name + u'\n' + r.action);
        }
        default: {
            const QString text = rawText(r, column);
            return text.isEmpty() ? QVariant() : QVariant(RequestPresentation::plainToolTip(text));
        }
        }
    case SequenceRole:
        return qlonglong(r.sequence);
    case RawTextRole:
        return rawText(r, column);
    default:
        return {};
    }
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("Actor");
    case ActionColumn:
        return tr("Action");
    case RequestColumn:
        return tr("Request");
    case SubscriptionColumn:
        return tr("Subscription");
    case ReasonColumn:
        return tr("Reason");
    case OutcomeColumn:
        return tr("Outcome");
    case SourceColumn:
        return tr("Source");
    default:
        return {};
    }
}

} // namespace lockbox::gui
