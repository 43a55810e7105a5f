#include "auditcharts.h"

#include "requestpresentation.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFile>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLocale>
#include <QPushButton>
#include <QStackedBarSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// Okabe–Ito colours: told apart with the common colour-vision deficiencies, and readable on light
// and dark backgrounds. The legend names each one, so colour is never the only cue.
const QColor kApproved(0x00, 0x9E, 0x73);
const QColor kDenied(0xD5, 0x5E, 0x00);
const QColor kExpired(0x99, 0x99, 0x99);
const QColor kOther(0x56, 0xB4, 0xE9);
const QColor kLatency(0x00, 0x72, 0xB2);

// Qt Charts gives each label of a horizontal axis the axis' width over the number of labels plus
// one, less this padding on either side, and elides a label that does not fit.
constexpr int kAxisLabelPadding = 5;
constexpr int kAxisLabelGap = 8; // between two labels, at the least

QChartView *makeView(QChart *chart, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    // A chart view wants its scene's size, which grows with the window it was last shown in; in
    // a resizable scroll area that would ask for ever more height. It takes what it is given.
    view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    view->setAccessibleName(accessibleName);
    return view;
}

// The plot gets the room: no margins around the chart beyond a few pixels.
void tighten(QChart *chart)
{
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
}

QLabel *makeEmptyLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setAlignment(Qt::AlignCenter);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setEnabled(false); // the palette's muted text
    return label;
}

qreal sum(const QBarSet *set)
{
    qreal total = 0;
    for (int i = 0; i < set->count(); ++i)
        total += set->at(i);
    return total;
}

void replaceValues(QBarSet *set, const QList<qreal> &values)
{
    if (set->count() > 0)
        set->remove(0, set->count());
    set->append(values);
}

} // namespace

AuditCharts::AuditCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"chartsSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    top->addWidget(m_summary, 1);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(u"chartsRefreshButton"_s);
    if (const QString icon = u":/icons/action-sync.svg"_s; QFile::exists(icon))
        m_refresh->setIcon(QIcon(icon)); // QIcon would warn on each use of a missing file
    m_refresh->setToolTip(tr("Compute the charts again from the current history"));
    connect(m_refresh, &QPushButton::clicked, this, &AuditCharts::refreshRequested);
    top->addWidget(m_refresh);
    layout->addLayout(top);

    buildWeeklyChart();
    buildLatencyChart();

    m_weeklyStack = new QStackedWidget(this);
    m_weeklyStack->addWidget(makeView(m_weeklyChart, tr("Requests per week by outcome"), m_weeklyStack));
    m_weeklyEmpty = makeEmptyLabel(m_weeklyStack);
    m_weeklyStack->addWidget(m_weeklyEmpty);

    m_latencyStack = new QStackedWidget(this);
    m_latencyStack->addWidget(makeView(m_latencyChart, tr("Time from request to decision"), m_latencyStack));
    m_latencyEmpty = makeEmptyLabel(m_latencyStack);
    m_latencyStack->addWidget(m_latencyEmpty);
    // Side by side: a window has more width than height, and each plot gets the full height.
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_weeklyStack, 2);
    charts->addWidget(m_latencyStack, 1);
    layout->addLayout(charts, 1);

    applyPalette();
    setBusy(true);
}

AuditCharts::~AuditCharts() = default;

void AuditCharts::buildWeeklyChart()
{
    m_weeklyChart = new QChart;
    m_weeklyChart->setTitle(tr("Requests per week by outcome"));
    m_weeklyChart->setAnimationOptions(QChart::NoAnimation);
    m_weeklySeries = new QStackedBarSeries(m_weeklyChart);
    const std::pair<QString, QColor> outcomes[] = {
        {tr("Approved"), kApproved},
        {tr("Denied"), kDenied},
        {tr("Expired"), kExpired},
        {tr("Other or pending"), kOther},
    };
    for (const auto &[name, colour] : outcomes) {
        auto *set = new QBarSet(name, m_weeklySeries);
        set->setColor(colour);
        m_outcomeSets.append(set);
        m_weeklySeries->append(set);
    }
    m_weeklyChart->addSeries(m_weeklySeries);
    // A value axis with labels where there is room for them: bar i stands at value i. (A
    // QBarCategoryAxis labels every bar, and elides them all once they do not fit.)
    m_weekAxis = new QCategoryAxis(m_weeklyChart);
    m_weekAxis->setTitleText(tr("Week starting"));
    m_weekAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_weekAxis->setGridLineVisible(false);
    m_weekAxis->setStartValue(-0.5);
    m_weekAxis->setRange(-0.5, 0.5);
    m_weeklyChart->addAxis(m_weekAxis, Qt::AlignBottom);
    m_weeklySeries->attachAxis(m_weekAxis);
    m_weekCountAxis = new QValueAxis(m_weeklyChart);
    m_weekCountAxis->setTitleText(tr("Requests"));
    m_weekCountAxis->setLabelFormat(u"%d"_s);
    m_weeklyChart->addAxis(m_weekCountAxis, Qt::AlignLeft);
    m_weeklySeries->attachAxis(m_weekCountAxis);
    // Beside the plot, not below it: a wide window has width to spare, not height.
    m_weeklyChart->legend()->setAlignment(Qt::AlignRight);
    tighten(m_weeklyChart);
    connect(m_weeklyChart, &QChart::plotAreaChanged, this, &AuditCharts::labelWeeks, Qt::QueuedConnection);
}

void AuditCharts::buildLatencyChart()
{
    m_latencyChart = new QChart;
    m_latencyChart->setTitle(tr("Time from request to decision"));
    m_latencyChart->setAnimationOptions(QChart::NoAnimation);
    // Bars lying down, the buckets as rows: their names need width, which a narrow chart lacks.
    m_latencySeries = new QHorizontalBarSeries(m_latencyChart);
    m_latencySet = new QBarSet(tr("Requests decided"), m_latencySeries);
    m_latencySet->setColor(kLatency);
    m_latencySeries->append(m_latencySet);
    m_latencyChart->addSeries(m_latencySeries);
    m_latencyAxis = new QBarCategoryAxis(m_latencyChart);
    // One label per AuditStatistics::LatencyBucket, the longest first: a horizontal bar series
    // draws its first category at the bottom, and the quickest reads best on top. Axis labels
    // are rendered as rich text, so they avoid markup characters such as "<".
    m_latencyAxis->append({tr("1–4 d"), tr("4–24 h"), tr("1–4 h"), tr("15–60 min"), tr("under 15 min")});
    m_latencyChart->addAxis(m_latencyAxis, Qt::AlignLeft);
    m_latencySeries->attachAxis(m_latencyAxis);
    m_latencyCountAxis = new QValueAxis(m_latencyChart);
    m_latencyCountAxis->setTitleText(tr("Requests"));
    m_latencyCountAxis->setLabelFormat(u"%d"_s);
    m_latencyChart->addAxis(m_latencyCountAxis, Qt::AlignBottom);
    m_latencySeries->attachAxis(m_latencyCountAxis);
    m_latencyChart->legend()->hide(); // one series: the title says what it is
    tighten(m_latencyChart);
}

void AuditCharts::setCountRange(QValueAxis *axis, qreal maximum)
{
    // Whole numbers only: a step of 1, 2 or 5 times a power of ten, about five ticks.
    const qreal top = qMax<qreal>(1, maximum);
    const qreal magnitude = std::pow(10.0, std::floor(std::log10(top / 5)));
    qreal step = magnitude;
    for (const qreal factor : {1.0, 2.0, 5.0, 10.0}) {
        step = factor * magnitude;
        if (top / step <= 5)
            break;
    }
    step = qMax<qreal>(1, std::round(step));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, std::ceil(top / step) * step);
}

void AuditCharts::setStatistics(const engine::AuditStatistics::Statistics &statistics, bool filtered)
{
    m_hasStatistics = true;
    // Past a year, a day and month alone would repeat.
    const QString format = statistics.weeks.size() > 52 ? u"d MMM yyyy"_s : u"d MMM"_s;
    QStringList labels;
    QList<QList<qreal>> values(m_outcomeSets.size());
    qreal highest = 0;
    qint64 requests = 0;
    for (const auto &week : statistics.weeks) {
        labels.append(QLocale().toString(week.weekStart, format));
        values[0].append(week.approved);
        values[1].append(week.denied);
        values[2].append(week.expired);
        values[3].append(week.other);
        highest = qMax<qreal>(highest, week.total());
        requests += week.total();
    }
    m_weekLabels = labels;
    m_weekLabelStride = 0;
    labelWeeks();
    for (qsizetype i = 0; i < m_outcomeSets.size(); ++i)
        replaceValues(m_outcomeSets.at(i), values.at(i));
    // A few wide bars read as a mistake; narrower ones as the few weeks they are.
    m_weeklySeries->setBarWidth(labels.size() <= 4 ? 0.3 : 0.6);
    setCountRange(m_weekCountAxis, highest);

    QList<qreal> latency;
    qreal latencyHighest = 0;
    for (const int n : statistics.decisionLatencyBuckets) {
        latency.prepend(n); // in the axis' order
        latencyHighest = qMax<qreal>(latencyHighest, n);
    }
    replaceValues(m_latencySet, latency);
    setCountRange(m_latencyCountAxis, latencyHighest);

    const QString dateFormat = u"d MMM yyyy"_s;
    const QString from = QLocale().toString(statistics.from.toLocalTime().date(), dateFormat);
    const QString until = QLocale().toString(statistics.until.toLocalTime().date(), dateFormat);
    m_weeklyEmpty->setText(filtered ? tr("No requests created from %1 to %2 match the filters.").arg(from, until)
                                    : tr("No requests were created from %1 to %2.").arg(from, until));
    m_latencyEmpty->setText(filtered ? tr("No decisions on the requests that match the filters")
                                     : tr("No decisions yet"));
    m_weeklyStack->setCurrentIndex(requests > 0 ? 0 : 1);
    m_latencyStack->setCurrentIndex(statistics.decided > 0 ? 0 : 1);

    const QString counted = filtered
        ? tr("%n request(s) created from %1 to %2 match the filters", nullptr, int(requests)).arg(from, until)
        : tr("%n request(s) created from %1 to %2", nullptr, int(requests)).arg(from, until);
    if (statistics.decided > 0) {
        m_summary->setText(tr("%1; %2 decided, after a median of %3.")
                               .arg(counted, QString::number(statistics.decided),
                                    RequestPresentation::durationText(statistics.medianLatencySec)));
    } else {
        m_summary->setText(tr("%1; none decided.").arg(counted));
    }
    setBusy(false);
}

void AuditCharts::labelWeeks()
{
    const auto n = int(m_weekLabels.size());
    const qreal width = m_weeklyChart->plotArea().width();
    int stride = 1;
    if (n > 1 && width > 0) {
        const QFontMetrics metrics(m_weekAxis->labelsFont());
        int widest = 0;
        for (const QString &label : std::as_const(m_weekLabels))
            widest = qMax(widest, metrics.horizontalAdvance(label));
        const int room = widest + 2 * kAxisLabelPadding + kAxisLabelGap;
        const int fits = qMax(1, int(width / room) - 1);
        stride = (n + fits - 1) / fits;
    }
    if (stride == m_weekLabelStride)
        return; // also what ends the round trip through plotAreaChanged
    m_weekLabelStride = stride;
    const QStringList placed = m_weekAxis->categoriesLabels();
    for (const QString &label : placed)
        m_weekAxis->remove(label);
    // Counted back from the current week, which is always labelled.
    for (int i = (n - 1) % stride; i < n; i += stride)
        m_weekAxis->append(m_weekLabels.at(i), i);
    m_weekAxis->setStartValue(-0.5);
    m_weekAxis->setRange(-0.5, qMax(0.5, n - 0.5));
}

void AuditCharts::setBusy(bool busy)
{
    m_refresh->setEnabled(!busy);
    if (busy && !m_hasStatistics) {
        m_weeklyEmpty->setText(tr("Computing…"));
        m_latencyEmpty->setText(QString());
        m_weeklyStack->setCurrentIndex(1);
        m_latencyStack->setCurrentIndex(1);
    }
    if (busy)
        m_summary->setText(tr("Computing the charts…"));
}

void AuditCharts::setError(const QString &message)
{
    m_refresh->setEnabled(true);
    m_summary->setText(tr("The charts could not be computed: %1").arg(message));
}

bool AuditCharts::showsWeeklyChart() const
{
    return m_weeklyStack->currentIndex() == 0;
}

bool AuditCharts::showsLatencyChart() const
{
    return m_latencyStack->currentIndex() == 0;
}

QStringList AuditCharts::weekLabels() const
{
    return m_weekLabels;
}

QStringList AuditCharts::shownWeekLabels() const
{
    return m_weekAxis->categoriesLabels();
}

QList<qreal> AuditCharts::outcomeTotals() const
{
    QList<qreal> out;
    for (const QBarSet *set : m_outcomeSets)
        out.append(sum(set));
    return out;
}

QList<qreal> AuditCharts::latencyCounts() const
{
    QList<qreal> out;
    for (int i = 0; i < m_latencySet->count(); ++i)
        out.prepend(m_latencySet->at(i)); // drawn the other way round
    return out;
}

QString AuditCharts::summaryText() const
{
    return m_summary->text();
}

QString AuditCharts::emptyText() const
{
    return m_latencyEmpty->text();
}

void AuditCharts::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void AuditCharts::applyPalette()
{
    // The charts take their colours from the widget's palette rather than a fixed chart theme, so
    // they follow the system's light or dark scheme and any change of it.
    const QPalette p = palette();
    const QColor background = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::WindowText);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(120);
    for (QChart *chart : {m_weeklyChart, m_latencyChart}) {
        chart->setBackgroundBrush(background);
        chart->setBackgroundPen(Qt::NoPen);
        chart->setTitleBrush(text);
        chart->legend()->setLabelColor(text);
        const QList<QAbstractAxis *> axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsBrush(text);
            axis->setTitleBrush(text);
            axis->setLinePenColor(text);
            axis->setGridLineColor(grid);
        }
    }
    // A thin outline in the background colour keeps stacked segments apart.
    for (QBarSet *set : std::as_const(m_outcomeSets))
        set->setBorderColor(background);
    m_latencySet->setBorderColor(background);
}

} // namespace lockbox::gui
