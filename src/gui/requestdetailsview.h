#pragma once

#include "core/accessrequest.h"
#include "core/auditrecord.h"
#include "core/queueddecision.h"

#include <QList>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

namespace lockbox {
class Clock;
}

namespace lockbox::gui {

namespace Ui {
class RequestDetailsView;
}

// The details pane beside the request table: every field of one request as selectable plain
// text, each resource by its own name and then its full id with a copy button, the support case
// link (https only; on a host other than the Azure portal's opened only after a question naming
// the host), the live queued decision with Withdraw, Approve / Deny, and the request's own
// timeline from the audit log. It shows and asks; the window decides what the signals lead to.
//
// Everything wraps to the pane's width, ids and URLs included (they break after '/', '-', '.'),
// so nothing needs scrolling sideways; long values go below their caption when the pane is narrow.
class RequestDetailsView final : public QWidget
{
    Q_OBJECT

public:
    explicit RequestDetailsView(const Clock &clock, QWidget *parent = nullptr);
    ~RequestDetailsView() override;

    // Shows `request` (or the placeholder when there is none). `liveDecision` is the request's
    // decision still on its way to Azure, if any. Showing another request clears the timeline.
    void setRequest(const std::optional<AccessRequest> &request, const QString &subscriptionName,
                    const std::optional<QueuedDecision> &liveDecision);
    // Shows a request of which the table keeps only a summary (engine::RequestRows::summary) and
    // asks for all of it with wholeRequestWanted(). While the pane shows this request whole and
    // nothing the summary says changed, it keeps showing it whole until the answer comes.
    void setRequestSummary(const AccessRequest &summary, const QString &subscriptionName,
                           const std::optional<QueuedDecision> &liveDecision);
    // The answer to wholeRequestWanted(): shown when it is still the request on show (an answer to
    // an earlier question, for another request or an older summary, is dropped).
    void setWholeRequest(const AccessRequest &request);
    // The request's own audit records, oldest first.
    void setTimeline(const QList<AuditRecord> &records);
    void clear();
    // The shown request's id, or an empty string.
    QString requestId() const;

    // Resource ids beyond this many are summarised (all of them still go to "Copy all").
    static constexpr int kMaxResourceRows = 100;
    // Long values (ids, the subscription, resources, the case link, the justification) are laid
    // out below their caption when beside it they would get less than this width.
    static constexpr int kWideFieldWidth = 300;
    // The timeline grows with its rows up to this height, then scrolls.
    static constexpr int kMaxTimelineHeight = 360;

Q_SIGNALS:
    void approveRequested(const QString &requestId);
    void denyRequested(const QString &requestId);
    void withdrawRequested(const QString &requestId);
    // The pane shows a summary: read the request whole from the cache (then setWholeRequest()).
    void wholeRequestWanted(const QString &requestId);
    // Something went to the clipboard (for the status bar).
    void copied(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fillResources(const QStringList &resourceIds);
    void fillSupportCase(const AccessRequest &request);
    // Opens the support case link: at once on an Azure portal host (core/AzurePortal), after a
    // question naming the host on any other.
    void openSupportCase();
    void fillLiveDecision();
    // Texts that move with the clock: relative times, time left, whether deciding is possible.
    void refreshTimes();
    void copyToClipboard(const QString &text);
    // Minimum widths of the long values, from the room the pane has (see kWideFieldWidth).
    void updateFieldWidths();
    // Shares the timeline's width out among its columns, so that the table never needs scrolling
    // sideways, and fits its height to its rows.
    void fitTimeline();

    std::unique_ptr<Ui::RequestDetailsView> m_ui;
    const Clock &m_clock;
    std::optional<AccessRequest> m_request;
    // While the shown request came as a summary: that summary, what was shown with it, and
    // whether the whole request has replaced it since.
    std::optional<AccessRequest> m_summary;
    QString m_subscriptionName;
    bool m_showsWhole = false;
    std::optional<QueuedDecision> m_liveDecision;
    QString m_supportCaseUrl;
    QTimer m_refreshTimer;
};

} // namespace lockbox::gui
