#include "auditview.h"

#include "auditcharts.h"
#include "audittablemodel.h"
#include "requestpresentation.h"
#include "ui_auditview.h"

#include "core/clock.h"
#include "engine/auditactions.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QHeaderView>
#include <QMenu>
#include <QPromise>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStyle>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// Runs `work(promise)` on the global thread pool and returns its future: QtConcurrent::run with a
// promise, from QtCore alone. `work` must own everything it touches (values, its own connection):
// the view may be gone when it finishes.
template<typename T, typename Work>
QFuture<T> runInPool(Work work)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        if (!promise->isCanceled())
            work(*promise);
        promise->finish();
    });
    return future;
}

// A null icon when the resource is missing (QIcon would warn on each use).
QIcon resourceIcon(const QString &path)
{
    return QFile::exists(path) ? QIcon(path) : QIcon();
}

QColor mixed(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

AuditView::AuditView(const engine::AuditReader &reader, QString profileDir, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::AuditView>())
    , m_reader(reader)
    , m_profileDir(std::move(profileDir))
    , m_clock(clock)
    , m_verifyWatcher(new QFutureWatcher<engine::AuditVerification>(this))
    , m_exportWatcher(new QFutureWatcher<AuditExport::Result>(this))
    , m_chartsWatcher(new QFutureWatcher<ChartsOutcome>(this))
{
    m_ui->setupUi(this);

    m_model = new AuditTableModel(m_reader, this);
    QTableView *table = m_ui->table;
    table->setModel(m_model);
    setUpColumns();
    connect(m_model, &AuditTableModel::readFailed, this, [this](const QString &message) {
        m_ui->recordsStatus->setText(tr("The audit history could not be read: %1").arg(message));
        m_ui->recordsStatus->show();
    });
    m_ui->recordsStatus->hide();

    setUpFilters();
    setUpExport();

    connect(m_ui->verifyButton, &QPushButton::clicked, this, &AuditView::verifyIntegrity);
    m_ui->verifyButton->setIcon(resourceIcon(u":/icons/action-verify.svg"_s));
    connect(m_verifyWatcher, &QFutureWatcherBase::finished, this, &AuditView::verificationDone);
    m_ui->verifyBanner->hide();

    m_charts = new AuditCharts(m_ui->chartsTab);
    m_ui->chartsLayout->addWidget(m_charts);
    connect(m_charts, &AuditCharts::refreshRequested, this, &AuditView::refreshCharts);
    connect(m_chartsWatcher, &QFutureWatcherBase::finished, this, &AuditView::chartsDone);
    // The charts read the whole window of history: only once someone looks at them.
    connect(m_ui->tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_ui->tabs->widget(index) == m_ui->chartsTab && !m_chartsRequested)
            refreshCharts();
    });
}

AuditView::~AuditView()
{
    // A running export stops at its next page and leaves no file; a verification or a chart
    // computation finishes on its own connection and is dropped.
    m_exportWatcher->future().cancel();
}

void AuditView::setUpColumns()
{
    // Short texts fit their contents, the reason takes the rest, and a request id (a GUID) shows
    // whole; the others start at a width that fits their usual values and can be dragged.
    QHeaderView *header = m_ui->table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (const int column :
         {AuditTableModel::TimeColumn, AuditTableModel::OutcomeColumn, AuditTableModel::SourceColumn})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AuditTableModel::ReasonColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(m_ui->table->font());
    const int padding = 2 * metrics.averageCharWidth() + 8;
    const auto fit = [&metrics, padding](const QString &sample) { return metrics.horizontalAdvance(sample) + padding; };
    header->resizeSection(AuditTableModel::RequestColumn, fit(u"00000000-0000-0000-0000-000000000000"_s));
    header->resizeSection(AuditTableModel::ActionColumn, fit(engine::auditActionName(u"decision.acknowledged"_s)));
    header->resizeSection(AuditTableModel::ActorColumn, fit(u"alex.wilber@contoso.com"_s));
    header->resizeSection(AuditTableModel::SubscriptionColumn, fit(u"Contoso Energy – Dev"_s));
}

void AuditView::setUpFilters()
{
    QComboBox *period = m_ui->periodCombo;
    period->addItem(tr("All time"), int(Period::All));
    period->addItem(tr("Last 7 days"), int(Period::Last7Days));
    period->addItem(tr("Last 30 days"), int(Period::Last30Days));
    period->addItem(tr("Last 12 months"), int(Period::Last12Months));
    period->addItem(tr("Custom range"), int(Period::Custom));
    for (QDateEdit *edit : {m_ui->fromDate, m_ui->toDate})
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    periodChanged();

    connect(period, &QComboBox::currentIndexChanged, this, [this] {
        periodChanged();
        applyFilters();
    });
    connect(m_ui->fromDate, &QDateEdit::dateChanged, this, [this](QDate date) {
        m_ui->toDate->setMinimumDate(date);
        applyFilters();
    });
    connect(m_ui->toDate, &QDateEdit::dateChanged, this, &AuditView::applyFilters);

    m_ui->searchEdit->addAction(resourceIcon(u":/icons/action-search.svg"_s), QLineEdit::LeadingPosition);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(kSearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, &AuditView::applyFilters);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));

    populateChoices();
    connect(m_ui->actionCombo, &QComboBox::currentIndexChanged, this, &AuditView::applyFilters);
    connect(m_ui->subscriptionCombo, &QComboBox::currentIndexChanged, this, &AuditView::applyFilters);
}

void AuditView::setUpExport()
{
    auto *menu = new QMenu(m_ui->exportButton);
    QAction *csv = menu->addAction(tr("Export as &CSV…"));
    QAction *json = menu->addAction(tr("Export as &JSON…"));
    connect(csv, &QAction::triggered, this, [this] { chooseExportFile(AuditExport::Format::Csv); });
    connect(json, &QAction::triggered, this, [this] { chooseExportFile(AuditExport::Format::Json); });
    m_ui->exportButton->setMenu(menu);
    m_ui->exportButton->setIcon(resourceIcon(u":/icons/action-export.svg"_s));

    connect(m_ui->cancelExportButton, &QPushButton::clicked, this, &AuditView::cancelExport);
    connect(m_exportWatcher, &QFutureWatcherBase::progressRangeChanged, m_ui->exportProgress, &QProgressBar::setRange);
    connect(m_exportWatcher, &QFutureWatcherBase::progressValueChanged, m_ui->exportProgress, &QProgressBar::setValue);
    connect(m_exportWatcher, &QFutureWatcherBase::finished, this, &AuditView::exportDone);
    m_ui->exportProgress->hide();
    m_ui->cancelExportButton->hide();
}

void AuditView::setSubscriptionNames(const QHash<QString, QString> &names)
{
    m_subscriptionNames = names;
    m_model->setSubscriptionNames(names);
    populateChoices();
}

void AuditView::populateChoices()
{
    QString error;
    const QStringList actions = m_reader.actions(&error);
    const QStringList subscriptions = m_reader.subscriptions(&error);

    // Rebuilt in place, keeping the choice; no filter change while rebuilding.
    auto fill = [](QComboBox *combo, const QString &anyText, const QStringList &values, auto label) {
        const QSignalBlocker blocker(combo);
        const QString current = combo->currentData().toString();
        combo->clear();
        combo->addItem(anyText, QString());
        for (const QString &value : values) {
            combo->addItem(label(value), value);
            combo->setItemData(combo->count() - 1, RequestPresentation::plainToolTip(value), Qt::ToolTipRole);
        }
        int index = combo->findData(current);
        if (index < 0) { // chosen before and gone from the list: keep it
            combo->addItem(label(current), current);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(current.isEmpty() ? 0 : index);
    };
    // By the words shown, not the stored codes: "Decision …" apart from Azure's "Request …".
    QStringList byName = actions;
    std::sort(byName.begin(), byName.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(engine::auditActionName(a), engine::auditActionName(b)) < 0;
    });
    fill(m_ui->actionCombo, tr("Any"), byName,
         [](const QString &action) { return RequestPresentation::singleLine(engine::auditActionName(action), 80); });
    fill(m_ui->subscriptionCombo, tr("Any"), subscriptions, [this](const QString &id) {
        const QString name = m_subscriptionNames.value(id);
        return RequestPresentation::singleLine(name.isEmpty() ? id : name, 80);
    });
    if (!error.isEmpty()) {
        m_ui->recordsStatus->setText(tr("The filter choices could not be read: %1").arg(error));
        m_ui->recordsStatus->show();
    }
}

void AuditView::periodChanged()
{
    const bool custom = period() == Period::Custom;
    m_ui->fromDate->setEnabled(custom);
    m_ui->toDate->setEnabled(custom);
    showPeriodDates();
}

AuditView::Period AuditView::period() const
{
    return Period(m_ui->periodCombo->currentData().toInt());
}

QDateTime AuditView::periodStart(Period period, const QDateTime &now)
{
    switch (period) {
    case Period::Last7Days:
        return now.addDays(-7);
    case Period::Last30Days:
        return now.addDays(-30);
    case Period::Last12Months:
        return now.addMonths(-12);
    case Period::All:
    case Period::Custom:
        break;
    }
    return {};
}

void AuditView::showPeriodDates()
{
    // A chosen range stays as chosen; the others show the days they cover (and become the
    // starting point of a custom range).
    if (period() == Period::Custom)
        return;
    const QDateTime now = m_clock.now();
    const QDate today = now.toLocalTime().date();
    QDate first = periodStart(period(), now).toLocalTime().date();
    if (!first.isValid()) { // all time: from the oldest record
        engine::AuditQuery oldest;
        oldest.order = engine::AuditQuery::Order::OldestFirst;
        oldest.limit = 1;
        const QList<AuditRecord> records = m_reader.records(oldest);
        first = records.isEmpty() || !records.constFirst().time.isValid()
            ? today
            : std::min(today, records.constFirst().time.toLocalTime().date());
    }
    const QSignalBlocker fromBlocker(m_ui->fromDate);
    const QSignalBlocker toBlocker(m_ui->toDate);
    m_ui->toDate->clearMinimumDate();
    m_ui->fromDate->setDate(first);
    m_ui->toDate->setDate(today);
    m_ui->toDate->setMinimumDate(first);
}

engine::AuditQuery AuditView::filterQuery() const
{
    engine::AuditQuery query;
    if (period() == Period::Custom) {
        // Whole local days, first to last inclusive.
        query.since = QDateTime(m_ui->fromDate->date(), QTime(0, 0)).toUTC();
        query.until = QDateTime(m_ui->toDate->date().addDays(1), QTime(0, 0)).addMSecs(-1).toUTC();
    } else {
        query.since = periodStart(period(), m_clock.now());
    }
    query.action = m_ui->actionCombo->currentData().toString();
    query.subscriptionId = m_ui->subscriptionCombo->currentData().toString();
    query.text = m_ui->searchEdit->text().trimmed();
    return query;
}

void AuditView::applyFilters()
{
    m_searchTimer->stop();
    m_ui->recordsStatus->hide();
    showPeriodDates(); // "last 7 days" moves with the clock
    m_model->setQuery(filterQuery());
    // The charts count what the records show: again now when they are in view, else when they
    // next are.
    if (m_ui->tabs->currentWidget() == m_ui->chartsTab)
        refreshCharts();
    else
        m_chartsRequested = false;
}

void AuditView::refresh()
{
    m_model->refresh();
    populateChoices();
    showPeriodDates(); // all time starts at the oldest record, which an import may have moved
}

void AuditView::focusSearch()
{
    m_ui->tabs->setCurrentWidget(m_ui->recordsTab);
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

// Verification

void AuditView::verifyIntegrity()
{
    if (isVerifying())
        return;
    m_verifying = true;
    m_ui->verifyButton->setEnabled(false);
    showBanner(Banner::Working, tr("Verifying the audit log…"));
    m_verifyWatcher->setFuture(
        runInPool<engine::AuditVerification>([profileDir = m_profileDir](QPromise<engine::AuditVerification> &promise) {
            promise.addResult(engine::AuditReader::verify(profileDir));
        }));
}

void AuditView::verificationDone()
{
    m_verifying = false;
    m_ui->verifyButton->setEnabled(true);
    const QFuture<engine::AuditVerification> future = m_verifyWatcher->future();
    if (future.resultCount() == 0) {
        showBanner(Banner::Failed, tr("The verification did not finish."));
        Q_EMIT verificationFinished(false);
        return;
    }
    const engine::AuditVerification result = future.result();
    if (result.ok) {
        showBanner(Banner::Intact, tr("Audit log intact: %n record(s) verified.", nullptr, int(result.recordsChecked)));
    } else if (result.firstBadSequence > 0) {
        showBanner(Banner::Tampered,
                   tr("Audit log tampered: first bad record #%1 — %2")
                       .arg(QString::number(result.firstBadSequence), result.message));
    } else {
        showBanner(Banner::Failed, tr("The audit log could not be verified: %1").arg(result.message));
    }
    // Q_EMIT expands to nothing, which the check reads as a statement indented past the else.
    Q_EMIT verificationFinished(result.ok); // NOLINT(readability-misleading-indentation)
}

QString AuditView::verificationText() const
{
    return m_ui->verifyBanner->isHidden() ? QString() : m_ui->bannerText->text();
}

void AuditView::showBanner(Banner kind, const QString &text)
{
    // Icon and words say the result; the tint only repeats it.
    const QPalette p = palette();
    QStyle::StandardPixmap icon = QStyle::SP_BrowserReload;
    QColor tint = p.color(QPalette::Highlight);
    switch (kind) {
    case Banner::Working:
        break;
    case Banner::Intact:
        icon = QStyle::SP_DialogApplyButton;
        tint = QColor(0x2e, 0xa0, 0x43);
        break;
    case Banner::Tampered:
        icon = QStyle::SP_MessageBoxCritical;
        tint = QColor(0xd0, 0x2b, 0x2b);
        break;
    case Banner::Failed:
        icon = QStyle::SP_MessageBoxWarning;
        tint = QColor(0xd0, 0x8a, 0x00);
        break;
    }
    const QColor window = p.color(QPalette::Window);
    m_ui->verifyBanner->setStyleSheet(
        u"QFrame#verifyBanner { background-color: %1; border: 1px solid %2;"
        " border-radius: 4px; }"_s.arg(mixed(window, tint, 0.22).name(), mixed(window, tint, 0.7).name()));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_ui->bannerIcon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    m_ui->bannerText->setText(text);
    m_ui->verifyBanner->setAccessibleDescription(text);
    m_ui->verifyBanner->show();
}

// Export

void AuditView::chooseExportFile(AuditExport::Format format)
{
    const bool csv = format == AuditExport::Format::Csv;
    const QString suffix = csv ? u"csv"_s : u"json"_s;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        folder + u"/lockbox-audit-"_s + m_clock.now().toLocalTime().toString(u"yyyy-MM-dd"_s) + u'.' + suffix;
    QString path = QFileDialog::getSaveFileName(this, tr("Export audit history"), suggested,
                                                csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += u'.' + suffix;
    exportTo(path, format);
}

void AuditView::exportTo(const QString &path, AuditExport::Format format)
{
    if (isExporting()) {
        Q_EMIT exportFinished(false, tr("An export is already running."));
        return;
    }
    if (m_searchTimer->isActive())
        applyFilters(); // text typed a moment ago counts: the export is what the table shows
    const engine::AuditQuery query = m_model->query();

    m_exporting = true;
    m_exportPath = path;
    m_ui->exportButton->setEnabled(false);
    m_ui->exportProgress->setRange(0, 0); // busy until the first page
    m_ui->exportProgress->show();
    m_ui->cancelExportButton->show();
    m_ui->exportStatus->setText(tr("Exporting to %1…").arg(QFileInfo(path).fileName()));

    m_exportWatcher->setFuture(runInPool<AuditExport::Result>(
        [profileDir = m_profileDir, query, format, path](QPromise<AuditExport::Result> &promise) {
            promise.setProgressRange(0, 1000);
            const auto progress = [&promise](qint64 written, qint64 total) {
                promise.setProgressValue(total > 0 ? int(written * 1000 / total) : 1000);
                return !promise.isCanceled();
            };
            promise.addResult(AuditExport::writeFromProfile(profileDir, query, format, path, progress));
        }));
}

void AuditView::cancelExport()
{
    m_exportWatcher->future().cancel();
}

void AuditView::exportDone()
{
    m_exporting = false;
    m_ui->exportButton->setEnabled(true);
    m_ui->exportProgress->hide();
    m_ui->cancelExportButton->hide();
    const QFuture<AuditExport::Result> future = m_exportWatcher->future();
    AuditExport::Result result;
    if (future.resultCount() > 0)
        result = future.result();
    else
        result.canceled = true; // a canceled future keeps no result
    QString message;
    if (result.ok)
        message = tr("Exported %n record(s) to %1.", nullptr, int(result.records)).arg(m_exportPath);
    else if (result.canceled)
        message = tr("Export canceled; no file was written.");
    else
        message = tr("Export failed: %1").arg(result.error);
    m_ui->exportStatus->setText(message);
    Q_EMIT exportFinished(result.ok, message);
}

// Charts

void AuditView::refreshCharts()
{
    m_chartsRequested = true;
    if (isComputingCharts()) {
        m_chartsAgain = true;
        return;
    }
    m_computingCharts = true;
    m_charts->setBusy(true);
    // The records' filter, as the table last applied it.
    const engine::AuditQuery filter = m_model->query();
    const bool filtered = !filter.action.isEmpty() || !filter.subscriptionId.isEmpty() || !filter.requestId.isEmpty()
        || filter.source.has_value() || !filter.text.isEmpty();
    m_chartsWatcher->setFuture(runInPool<ChartsOutcome>(
        [profileDir = m_profileDir, filter, filtered, now = m_clock.now()](QPromise<ChartsOutcome> &promise) {
            ChartsOutcome outcome;
            outcome.statistics = engine::AuditReader::statistics(profileDir, filter, now, kChartWeeks, &outcome.error);
            outcome.filtered = filtered;
            promise.addResult(outcome);
        }));
}

void AuditView::chartsDone()
{
    m_computingCharts = false;
    const QFuture<ChartsOutcome> future = m_chartsWatcher->future();
    const ChartsOutcome outcome = future.resultCount() > 0 ? future.result() : ChartsOutcome();
    if (outcome.statistics)
        m_charts->setStatistics(*outcome.statistics, outcome.filtered);
    else
        m_charts->setError(outcome.error.isEmpty() ? tr("the computation did not finish") : outcome.error);
    Q_EMIT chartsUpdated();
    if (std::exchange(m_chartsAgain, false))
        refreshCharts();
}

} // namespace lockbox::gui
