#include "audittablemodel.h"

#include "requestpresentation.h"

#include "engine/auditreader.h"

#include <QScopedValueRollback>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

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
    m_query.newestFirst = true;
    m_query.afterSequence = 0;
    m_query.limit = kPageSize;
    m_rows.clear();
    m_atEnd = true;
    m_lastError.clear();

    // The head is read before the page: a record appended in between is either in the page or
    // picked up by the next refresh(), never both.
    m_firstPageLoaded = false;
    QString error;
    const qint64 last = m_log.lastSequence(&error);
    if (last < 0) {
        fail(error);
        return;
    }
    const auto page = readPage(0);
    if (!page)
        return;
    m_firstPageLoaded = true;
    m_rows = *page;
    m_atEnd = m_rows.size() < kPageSize;
    m_newestSequence = qMax(last, m_rows.isEmpty() ? 0 : m_rows.constFirst().sequence);
}

std::optional<QList<AuditRecord>> AuditTableModel::readPage(qint64 afterSequence)
{
    engine::AuditQuery query = m_query;
    query.afterSequence = afterSequence;
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
    const auto page = readPage(m_rows.isEmpty() ? 0 : m_rows.constLast().sequence);
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

        engine::AuditQuery query = m_query;
        query.newestFirst = false;
        query.afterSequence = m_newestSequence;
        query.limit = kMaxRefreshInsert + 1;
        added = m_log.records(query, &error);
        if (!error.isEmpty()) {
            fail(error);
            return -1;
        }
        if (added.size() <= kMaxRefreshInsert) {
            m_newestSequence = qMax(last, added.isEmpty() ? 0 : added.constLast().sequence);
            if (added.isEmpty())
                return 0;
            std::reverse(added.begin(), added.end());
            beginInsertRows(QModelIndex(), 0, int(added.size()) - 1);
            m_rows = added + m_rows;
            endInsertRows();
            return int(added.size());
        }
    }
    // A large import: the first page of the new state is what anyone looks at.
    setQuery(m_query);
    return int(m_rows.size());
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
            return r.time.isValid() ? r.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : tr("unknown");
        case SubscriptionColumn:
            return RequestPresentation::singleLine(subscriptionText(r.subscriptionId));
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
