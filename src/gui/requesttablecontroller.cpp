#include "requesttablecontroller.h"

#include "requestcelldelegate.h"
#include "requestfilterproxy.h"
#include "requesttablemodel.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSettings>
#include <QTabBar>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

const auto kHeader = u"window/header"_s;
const auto kQuickFilter = u"window/quickFilter"_s;

// The quick filter of each tab, in the order of the tabs.
QuickFilter quickFilterAt(int index)
{
    return std::array {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History,
                       QuickFilter::All}[std::clamp(index, 0, 3)];
}

} // namespace

RequestTableController::RequestTableController(RequestTableModel *model, RequestFilterProxy *proxy,
                                               const Widgets &widgets, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_proxy(proxy)
    , m_widgets(widgets)
    , m_quickFilters(new QTabBar(m_widgets.table->parentWidget()))
    , m_searchDelay(new QTimer(this))
{
    setUpTable();

    m_quickFilters->setObjectName(u"quickFilters"_s);
    m_quickFilters->setAccessibleName(tr("Quick filter"));
    m_quickFilters->setDrawBase(false);
    m_quickFilters->setExpanding(false);
    for (int i = 0; i < 4; ++i)
        m_quickFilters->addTab(QString());
    m_widgets.filterRow->insertWidget(0, m_quickFilters);
    m_proxy->setQuickFilter(quickFilterAt(m_quickFilters->currentIndex()));
    connect(m_quickFilters, &QTabBar::currentChanged, this, [this](int index) {
        m_proxy->setQuickFilter(quickFilterAt(index));
        Q_EMIT quickFilterChanged();
    });

    m_widgets.subscriptionFilter->addItem(tr("All subscriptions"), QString());
    connect(m_widgets.subscriptionFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setSubscriptionFilter(m_widgets.subscriptionFilter->currentData().toString()); });

    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(60);
    connect(m_searchDelay, &QTimer::timeout, this, [this] { m_proxy->setSearchText(m_widgets.searchBox->text()); });
    connect(m_widgets.searchBox, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));

    connect(m_proxy, &RequestFilterProxy::countsChanged, this, &RequestTableController::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RequestTableController::selectFirstIfNone);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &RequestTableController::selectFirstIfNone);
    updateCounts();
}

RequestTableController::~RequestTableController() = default;

void RequestTableController::setUpTable()
{
    QTableView *table = m_widgets.table;
    table->setModel(m_proxy);
    // Each cell's line of text laid out once, not at every repaint (search as you type repaints).
    table->setItemDelegate(new RequestCellDelegate(table));
    table->sortByColumn(RequestTableModel::Requested, Qt::DescendingOrder);
    table->horizontalHeader()->setSectionsMovable(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Fixed row heights: the view never measures rows, which keeps repaints cheap at 100,000 rows.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setColumnWidth(RequestTableModel::Status, 170);
    table->setColumnWidth(RequestTableModel::Requested, 110);
    table->setColumnWidth(RequestTableModel::TimeLeft, 100);
    table->setColumnWidth(RequestTableModel::Subscription, 170);
    table->setColumnWidth(RequestTableModel::ResourceType, 190);
    table->setColumnWidth(RequestTableModel::Resource, 170);
    table->setColumnWidth(RequestTableModel::SupportCase, 130);
    table->setColumnWidth(RequestTableModel::Duration, 80);
    table->setColumnWidth(RequestTableModel::AccessLevel, 110);
    table->installEventFilter(this);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        // What is selected stays in the table, whatever a decision or a sync does to it.
        m_proxy->setPinnedRequests(selectedRequestIds());
        Q_EMIT selectionChanged();
    });
    connect(table, &QTableView::doubleClicked, this, [this] { Q_EMIT detailsRequested(Qt::OtherFocusReason); });
}

QStringList RequestTableController::selectedRequestIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_widgets.table->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &index : rows)
        ids.append(index.data(RequestTableModel::RequestIdRole).toString());
    return ids;
}

void RequestTableController::selectFirstIfNone()
{
    QItemSelectionModel *selection = m_widgets.table->selectionModel();
    if (!m_loaded || selection->hasSelection() || m_proxy->rowCount() == 0)
        return;
    const QModelIndex first = m_proxy->index(0, 0);
    selection->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void RequestTableController::showRequest(const QString &requestId)
{
    const int sourceRow = m_model->rowOf(requestId);
    if (sourceRow < 0)
        return;
    QModelIndex index = m_proxy->mapFromRequestModel(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by the filters: show everything so the request can be seen.
        m_widgets.searchBox->clear();
        m_proxy->setSearchText(QString());
        m_widgets.subscriptionFilter->setCurrentIndex(0);
        m_quickFilters->setCurrentIndex(3);
        index = m_proxy->mapFromRequestModel(m_model->index(sourceRow, 0));
    }
    if (!index.isValid())
        return;
    m_widgets.table->selectionModel()->setCurrentIndex(index,
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_widgets.table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void RequestTableController::updateCounts()
{
    const RequestCounts counts = m_proxy->counts();
    const std::array<std::pair<QString, int>, 4> labels {{{tr("Pending"), counts.pending},
                                                          {tr("Active"), counts.active},
                                                          {tr("History"), counts.history},
                                                          {tr("All"), counts.all}}};
    for (int i = 0; i < 4; ++i)
        m_quickFilters->setTabText(i, u"%1 (%2)"_s.arg(labels[i].first).arg(labels[i].second));
}

// It changes the subscription filter it owns, through a pointer: not const in meaning.
// NOLINTNEXTLINE(readability-make-member-function-const)
void RequestTableController::setSubscriptions(const QList<std::pair<QString, QString>> &byName, bool namesChanged)
{
    QComboBox *combo = m_widgets.subscriptionFilter;
    if (combo->count() == byName.size() + 1 && !namesChanged)
        return;
    const QString selected = combo->currentData().toString();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("All subscriptions"), QString());
    for (const auto &[name, id] : byName)
        combo->addItem(name, id);
    combo->setCurrentIndex(std::max(0, combo->findData(selected)));
}

void RequestTableController::setQuickFilter(int index)
{
    m_quickFilters->setCurrentIndex(index);
}

int RequestTableController::quickFilter() const
{
    return m_quickFilters->currentIndex();
}

void RequestTableController::restoreLayout(const QSettings &settings)
{
    m_widgets.table->horizontalHeader()->restoreState(settings.value(kHeader).toByteArray());
    m_quickFilters->setCurrentIndex(std::clamp(settings.value(kQuickFilter, 0).toInt(), 0, 3));
    m_proxy->setQuickFilter(quickFilterAt(m_quickFilters->currentIndex()));
}

void RequestTableController::saveLayout(QSettings &settings) const
{
    settings.setValue(kHeader, m_widgets.table->horizontalHeader()->saveState());
    settings.setValue(kQuickFilter, m_quickFilters->currentIndex());
}

bool RequestTableController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_widgets.table && event->type() == QEvent::FocusIn) {
        // Tabbing into the table selects the row that has the focus (the first one when none
        // has), so that the actions have a subject without a Space.
        QItemSelectionModel *selection = m_widgets.table->selectionModel();
        if (!selection->hasSelection() && m_proxy->rowCount() > 0) {
            const QModelIndex current = selection->currentIndex();
            selection->setCurrentIndex(current.isValid() ? current : m_proxy->index(0, 0),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    if (watched == m_widgets.table && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() == Qt::NoModifier) {
            Q_EMIT detailsRequested(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace lockbox::gui
