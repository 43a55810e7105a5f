#include "requesttablemodel.h"

#include "requestpresentation.h"

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// A column's number is its sort key.
using SortKey = engine::RequestRows::SortKey;
static_assert(int(SortKey::Status) == RequestTableModel::Status && int(SortKey::Created) == RequestTableModel::Requested
              && int(SortKey::TimeLeft) == RequestTableModel::TimeLeft
              && int(SortKey::Subscription) == RequestTableModel::Subscription
              && int(SortKey::ResourceType) == RequestTableModel::ResourceType
              && int(SortKey::Resource) == RequestTableModel::Resource
              && int(SortKey::SupportCase) == RequestTableModel::SupportCase
              && int(SortKey::Duration) == RequestTableModel::Duration
              && int(SortKey::AccessLevel) == RequestTableModel::AccessLevel
              && int(SortKey::Justification) == RequestTableModel::Justification);

QString columnTitle(int column)
{
    switch (column) {
    case RequestTableModel::Status:
        return RequestTableModel::tr("Status");
    case RequestTableModel::Requested:
        return RequestTableModel::tr("Requested");
    case RequestTableModel::TimeLeft:
        return RequestTableModel::tr("Time left");
    case RequestTableModel::Subscription:
        return RequestTableModel::tr("Subscription");
    case RequestTableModel::ResourceType:
        return RequestTableModel::tr("Resource type");
    case RequestTableModel::Resource:
        return RequestTableModel::tr("Resource");
    case RequestTableModel::SupportCase:
        return RequestTableModel::tr("Support case");
    case RequestTableModel::Duration:
        return RequestTableModel::tr("Duration");
    case RequestTableModel::AccessLevel:
        return RequestTableModel::tr("Access level");
    case RequestTableModel::Justification:
        return RequestTableModel::tr("Justification");
    default:
        return {};
    }
}

} // namespace

RequestTableModel::RequestTableModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_rows(clock, this) // a child, so that it follows the model to another thread
{
    // Users find a status by the word they read as well as by the server's.
    for (int kind = 0; kind < RequestStatus::knownCount; ++kind) {
        const auto k = RequestStatus::Kind(kind);
        m_rows.setStatusWord(k, RequestPresentation::statusText(RequestStatus(k)));
    }

    using Rows = engine::RequestRows;
    connect(&m_rows, &Rows::aboutToReset, this, [this] { beginResetModel(); });
    connect(&m_rows, &Rows::resetDone, this, [this] { endResetModel(); });
    connect(&m_rows, &Rows::rowsAboutToBeInserted, this,
            [this](int first, int last) { beginInsertRows(QModelIndex(), first, last); });
    connect(&m_rows, &Rows::rowsInserted, this, [this] { endInsertRows(); });
    connect(&m_rows, &Rows::rowsAboutToBeRemoved, this,
            [this](int first, int last) { beginRemoveRows(QModelIndex(), first, last); });
    connect(&m_rows, &Rows::rowsRemoved, this, [this] { endRemoveRows(); });
    connect(&m_rows, &Rows::rowsAboutToBeReordered, this,
            [this] { Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint); });
    connect(&m_rows, &Rows::rowsReordered, this, &RequestTableModel::onRowsReordered);
    connect(&m_rows, &Rows::rowChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(&m_rows, &Rows::queuedDecisionChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row, Status), index(row, Status)); });
    connect(&m_rows, &Rows::subscriptionNamesChanged, this, [this] {
        if (m_rows.rowCount() > 0)
            Q_EMIT dataChanged(index(0, Subscription), index(m_rows.rowCount() - 1, Subscription));
    });
}

RequestTableModel::~RequestTableModel() = default;

void RequestTableModel::onRowsReordered(const std::vector<int> &newRowOf)
{
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from)
        to.append(this->index(newRowOf[std::size_t(index.row())], index.column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

QModelIndex RequestTableModel::index(int row, int column, const QModelIndex &parent) const
{
    // Sorting calls this twice per comparison; skip the virtual rowCount/columnCount of hasIndex().
    if (parent.isValid() || row < 0 || column < 0 || row >= m_rows.rowCount() || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

int RequestTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.rowCount();
}

int RequestTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags RequestTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
        return columnTitle(section);
    return {};
}

QVariant RequestTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= m_rows.rowCount()
        || index.column() >= ColumnCount)
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::DecorationRole:
        if (column == Status)
            return icon(m_rows.statusAt(row));
        return {};
    case Qt::AccessibleTextRole: {
        const QString text = column == Status ? statusInFull(row).replace(u'\n', u' ') : displayText(row, column);
        return tr("%1: %2").arg(columnTitle(column), text.isEmpty() ? tr("none") : text);
    }
    case SortRole:
        return m_rows.sortValue(row, engine::RequestRows::SortKey(column));
    case RequestIdRole:
        return m_rows.requestIdAt(row);
    case StatusKindRole:
        return int(m_rows.statusKindAt(row));
    case SubscriptionIdRole:
        return m_rows.subscriptionId(m_rows.subscriptionIndexAt(row));
    case QueuedVerdictRole: {
        const engine::RequestRows::Queued *queued = m_rows.queuedAt(row);
        if (!queued)
            return {};
        return int(queued->verdict);
    }
    default:
        return {};
    }
}

QString RequestTableModel::statusDisplay(int row) const
{
    // A live decision says what happens next; the status beside it ("Pending · approval queued")
    // would not fit the column, so it goes to the tooltip and the accessible text.
    const engine::RequestRows::Queued *queued = m_rows.queuedAt(row);
    if (queued)
        return RequestPresentation::queuedText(queued->verdict, queued->state);
    return RequestPresentation::statusText(m_rows.statusAt(row));
}

QString RequestTableModel::statusInFull(int row) const
{
    const RequestStatus status = m_rows.statusAt(row);
    const engine::RequestRows::Queued *queued = m_rows.queuedAt(row);
    if (!queued)
        return RequestPresentation::statusText(status);
    return RequestPresentation::statusText(status, queued->verdict, queued->state) + u'\n'
        + RequestPresentation::queuedExplanation(queued->verdict, queued->state);
}

QString RequestTableModel::displayText(int row, int column) const
{
    switch (column) {
    case Status:
        return statusDisplay(row);
    case Requested:
        return RequestPresentation::relativeTime(m_rows.createdAt(row), m_rows.now());
    case TimeLeft: {
        const std::optional<qint64> deadline = m_rows.deadlineMsAt(row);
        if (!deadline)
            return {};
        return RequestPresentation::timeLeftText((*deadline - m_rows.nowMs()) / 1000);
    }
    case Subscription:
        return RequestPresentation::singleLine(m_rows.subscriptionDisplayName(m_rows.subscriptionIndexAt(row)), 120);
    case ResourceType:
        return RequestPresentation::singleLine(m_rows.resourceTypeAt(row), 120);
    case Resource:
        return RequestPresentation::resourceText(m_rows.resourceIdsAt(row));
    case SupportCase:
        return RequestPresentation::singleLine(m_rows.supportRequestAt(row), 80);
    case Duration:
        return RequestPresentation::durationText(m_rows.durationHoursAt(row), m_rows.durationAt(row));
    case AccessLevel:
        return RequestPresentation::singleLine(m_rows.accessLevelAt(row).value_or(QString()), 80);
    case Justification:
        return RequestPresentation::singleLine(m_rows.justificationAt(row), 200);
    default:
        return {};
    }
}

QVariant RequestTableModel::toolTip(int row, int column) const
{
    switch (column) {
    case Status:
        return RequestPresentation::plainToolTip(statusInFull(row));
    case Requested:
        return RequestPresentation::exactTime(m_rows.createdAt(row));
    case TimeLeft: {
        const std::optional<qint64> deadline = m_rows.deadlineMsAt(row);
        if (!deadline)
            return {};
        const QString exact = RequestPresentation::exactTime(QDateTime::fromMSecsSinceEpoch(*deadline, Qt::UTC));
        return m_rows.statusKindAt(row) == RequestStatus::Kind::Pending ? tr("Expires at\n%1").arg(exact)
                                                                        : tr("Access ends at\n%1").arg(exact);
    }
    case Subscription: {
        const int subscription = m_rows.subscriptionIndexAt(row);
        const QString id = m_rows.subscriptionId(subscription);
        const QString name = m_rows.subscriptionName(subscription);
        return RequestPresentation::plainToolTip(name.isEmpty() ? id : name + u'\n' + id);
    }
    case ResourceType:
        return RequestPresentation::plainToolTip(m_rows.resourceTypeAt(row));
    case Resource:
        return RequestPresentation::plainToolTip(m_rows.resourceIdsAt(row).join(u'\n'));
    case SupportCase:
        return RequestPresentation::plainToolTip(m_rows.supportRequestAt(row));
    case Duration:
        return RequestPresentation::plainToolTip(m_rows.durationAt(row));
    case AccessLevel:
        return RequestPresentation::plainToolTip(m_rows.accessLevelAt(row).value_or(QString()));
    case Justification:
        return RequestPresentation::plainToolTip(m_rows.justificationAt(row));
    default:
        return {};
    }
}

QIcon RequestTableModel::icon(const RequestStatus &status) const
{
    const QString path = RequestPresentation::statusIconPath(status);
    auto it = m_icons.constFind(path);
    if (it == m_icons.constEnd())
        it = m_icons.insert(path, RequestPresentation::statusIcon(status));
    return *it;
}

void RequestTableModel::setRequests(const QList<AccessRequest> &all)
{
    m_rows.setRequests(all);
}

void RequestTableModel::appendRequests(const QList<AccessRequest> &more)
{
    m_rows.appendRequests(more);
}

void RequestTableModel::applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    Q_EMIT changesAboutToBeApplied();
    m_rows.applyChanges(changes, rows);
    Q_EMIT changesApplied();
}

void RequestTableModel::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    m_rows.setSubscriptionNames(idToName);
}

void RequestTableModel::setQueuedDecisions(const QList<QueuedDecision> &live)
{
    m_rows.setQueuedDecisions(live);
}

void RequestTableModel::refreshTimes()
{
    m_rows.refreshNow();
    if (m_rows.rowCount() > 0)
        Q_EMIT dataChanged(index(0, Requested), index(m_rows.rowCount() - 1, TimeLeft));
}

bool RequestTableModel::affectsContent(int firstColumn, int lastColumn)
{
    // Times and queued decisions are signalled on Status..TimeLeft alone; content changes cover
    // the whole row and subscription names the Subscription column.
    Q_UNUSED(firstColumn)
    return lastColumn >= Subscription;
}

} // namespace lockbox::gui
