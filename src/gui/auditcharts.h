#pragma once

#include "engine/auditreader.h"

#include <QList>
#include <QStringList>
#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QPushButton;
class QStackedBarSeries;
class QStackedWidget;
class QValueAxis;

namespace lockbox::gui {

// Two charts of the audit history: requests per week by outcome (stacked bars) and the time from
// request to decision (a histogram), drawn in the widget's palette, light or dark. Each chart
// gives way to a sentence when it has nothing to show. The figures come from outside
// (AuditStatistics, computed off the GUI thread); "Refresh" asks for them again.
class AuditCharts final : public QWidget
{
    Q_OBJECT

public:
    explicit AuditCharts(QWidget *parent = nullptr);
    ~AuditCharts() override;

    void setStatistics(const engine::AuditStatistics::Statistics &statistics);
    // While figures are being computed: the Refresh button waits and a note says so.
    void setBusy(bool busy);
    void setError(const QString &message);

    // What is plotted, for tests and assistive technology.
    bool showsWeeklyChart() const;
    bool showsLatencyChart() const;
    QStringList weekLabels() const;
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
    static void setCountRange(QValueAxis *axis, qreal maximum);

    QLabel *m_summary = nullptr;
    QPushButton *m_refresh = nullptr;
    QStackedWidget *m_weeklyStack = nullptr;
    QStackedWidget *m_latencyStack = nullptr;
    QLabel *m_weeklyEmpty = nullptr;
    QLabel *m_latencyEmpty = nullptr;

    QChart *m_weeklyChart = nullptr;
    QStackedBarSeries *m_weeklySeries = nullptr;
    QList<QBarSet *> m_outcomeSets; // approved, denied, expired, other
    QBarCategoryAxis *m_weekAxis = nullptr;
    QValueAxis *m_weekCountAxis = nullptr;

    QChart *m_latencyChart = nullptr;
    QBarSeries *m_latencySeries = nullptr;
    QBarSet *m_latencySet = nullptr;
    QBarCategoryAxis *m_latencyAxis = nullptr;
    QValueAxis *m_latencyCountAxis = nullptr;

    bool m_hasStatistics = false;
};

} // namespace lockbox::gui
