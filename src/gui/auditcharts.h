#pragma once

#include "engine/auditreader.h"

#include <QList>
#include <QStringList>
#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QChart;
class QChartView;
class QHorizontalBarSeries;
class QLabel;
class QPushButton;
class QStackedBarSeries;
class QStackedWidget;
class QValueAxis;

namespace lockbox::gui {

// Two charts of the audit history: requests per week by outcome (stacked bars) and the time from
// request to decision (a histogram), drawn in the widget's palette, light or dark. Each chart
// gives way to a sentence when it has nothing to show. The figures come from outside
// (AuditStatistics for the history's filter, computed off the GUI thread); "Refresh" asks for
// them again. The week axis labels as many weeks as its width holds, upright, the current week
// always among them.
class AuditCharts final : public QWidget
{
    Q_OBJECT

public:
    explicit AuditCharts(QWidget *parent = nullptr);
    ~AuditCharts() override;

    // `filtered`: the figures count only the requests the history's filters select (not only its
    // period), which the words say.
    void setStatistics(const engine::AuditStatistics::Statistics &statistics, bool filtered = false);
    // While figures are being computed: the Refresh button waits and a note says so.
    void setBusy(bool busy);
    void setError(const QString &message);

    // What is plotted, for tests and assistive technology.
    bool showsWeeklyChart() const;
    bool showsLatencyChart() const;
    QStringList weekLabels() const;      // one per week, oldest first
    QStringList shownWeekLabels() const; // those the axis has room for
    // The sum of each outcome's bars, in the order approved, denied, expired, other.
    QList<qreal> outcomeTotals() const;
    // The histogram's bars, one per AuditStatistics::LatencyBucket.
    QList<qreal> latencyCounts() const;
    QString summaryText() const;
    QString emptyText() const; // what the latency chart's place says when it has nothing

Q_SIGNALS:
    void refreshRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildWeeklyChart();
    void buildLatencyChart();
    void applyPalette();
    // Labels every how-many-th week the plot's width has room for; again when the width changes.
    void labelWeeks();
    static void setCountRange(QValueAxis *axis, qreal maximum);

    QLabel *m_summary = nullptr;
    QPushButton *m_refresh = nullptr;
    QStackedWidget *m_weeklyStack = nullptr;
    QStackedWidget *m_latencyStack = nullptr;
    QLabel *m_weeklyEmpty = nullptr;
    QLabel *m_latencyEmpty = nullptr;

    QChart *m_weeklyChart = nullptr;
    QStackedBarSeries *m_weeklySeries = nullptr;
    QList<QBarSet *> m_outcomeSets;      // approved, denied, expired, other
    QCategoryAxis *m_weekAxis = nullptr; // positions: bar i at value i
    QStringList m_weekLabels;
    int m_weekLabelStride = 0; // of the labels on the axis; 0: none placed yet
    QValueAxis *m_weekCountAxis = nullptr;

    QChart *m_latencyChart = nullptr;
    QHorizontalBarSeries *m_latencySeries = nullptr;
    QBarSet *m_latencySet = nullptr;
    QBarCategoryAxis *m_latencyAxis = nullptr;
    QValueAxis *m_latencyCountAxis = nullptr;

    bool m_hasStatistics = false;
};

} // namespace lockbox::gui
