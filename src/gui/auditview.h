#pragma once

#include "engine/auditexport.h"
#include "engine/auditreader.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QTimer;

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

namespace Ui {
class AuditView;
} // namespace Ui

class AuditCharts;
class AuditTableModel;
using engine::AuditExport;

// The audit history: every local and Azure record, filtered by period, action, subscription and
// text, loaded lazily; export of the current filter to CSV or JSON; "Verify integrity" of the
// hash chain; charts of requests per week and of the time to a decision, for the requests the
// filters select.
//
// The table reads through the GUI thread's read-only connection (small keyset pages). Export,
// verification and the charts read the whole trail, so each runs on a pool thread with a
// read-only connection of its own to the profile's database; the window never waits for them.
class AuditView final : public QWidget
{
    Q_OBJECT

public:
    enum class Period { All, Last7Days, Last30Days, Last12Months, Custom };

    // The charts' weeks for "All time" at the least (more when the history is older).
    static constexpr int kChartWeeks = 16;
    static constexpr int kSearchDelayMs = 200;

    // Reads through `reader` (which must outlive the view); verification, charts and exports open
    // connections of their own to the profile in `profileDir`, on worker threads.
    AuditView(const engine::AuditReader &reader, QString profileDir, const Clock &clock, QWidget *parent = nullptr);
    ~AuditView() override;

    AuditTableModel *model() const { return m_model; }
    AuditCharts *charts() const { return m_charts; }

    // Subscription ids shown by name in the table and the subscription filter.
    void setSubscriptionNames(const QHash<QString, QString> &names);

    // The filters the controls select now (the table follows them after the search delay).
    engine::AuditQuery filterQuery() const;

    // From the request until its result is shown.
    bool isVerifying() const { return m_verifying; }
    bool isExporting() const { return m_exporting; }
    bool isComputingCharts() const { return m_computingCharts; }
    // The verification banner's words (empty before the first verification).
    QString verificationText() const;

public Q_SLOTS:
    // Shows records appended since (at the top) and new choices in the filters. Cheap: call it
    // after a sync, an import or a decision.
    void refresh();
    // Re-walks the hash chain in the background; the banner tells the result.
    void verifyIntegrity();
    // Writes the records of the current filter to `path` in the background.
    void exportTo(const QString &path, lockbox::engine::AuditExport::Format format);
    void cancelExport();
    // Computes the charts again in the background.
    void refreshCharts();
    // For the window's Ctrl+F while this view is shown.
    void focusSearch();

Q_SIGNALS:
    void verificationFinished(bool intact);
    void exportFinished(bool ok, const QString &message);
    void chartsUpdated();

private:
    struct ChartsOutcome
    {
        std::optional<engine::AuditStatistics::Statistics> statistics;
        bool filtered = false; // counts only what filters beyond the period select
        QString error;
    };
    enum class Banner { Working, Intact, Tampered, Failed };

    void setUpColumns();
    void setUpFilters();
    void setUpExport();
    void populateChoices();
    void applyFilters();
    void periodChanged();
    Period period() const;
    // Where a preset period starts, counted back from `now` (invalid for All and Custom).
    static QDateTime periodStart(Period period, const QDateTime &now);
    // The date fields show the days the chosen period covers.
    void showPeriodDates();
    void chooseExportFile(AuditExport::Format format);
    void showBanner(Banner kind, const QString &text);
    void verificationDone();
    void exportDone();
    void chartsDone();

    std::unique_ptr<Ui::AuditView> m_ui;
    const engine::AuditReader &m_reader;
    const QString m_profileDir;
    const Clock &m_clock;
    AuditTableModel *m_model = nullptr;
    AuditCharts *m_charts = nullptr;
    QTimer *m_searchTimer = nullptr;
    QHash<QString, QString> m_subscriptionNames;
    QString m_exportPath; // of the running or last export

    QFutureWatcher<engine::AuditVerification> *m_verifyWatcher = nullptr;
    QFutureWatcher<AuditExport::Result> *m_exportWatcher = nullptr;
    QFutureWatcher<ChartsOutcome> *m_chartsWatcher = nullptr;
    bool m_verifying = false;
    bool m_exporting = false;
    bool m_computingCharts = false;
    bool m_chartsRequested = false; // computed once, or asked for while a computation ran
    bool m_chartsAgain = false;
};

} // namespace lockbox::gui
