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
// text, resource ids with copy buttons, the support case link (https only), the live queued
// decision with Withdraw, Approve / Deny, and the request's own timeline from the audit log.
// It shows and asks; the window decides what the signals lead to.
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
    // The request's own audit records, oldest first.
    void setTimeline(const QList<AuditRecord> &records);
    void clear();
    // The shown request's id, or an empty string.
    QString requestId() const;

    // Resource ids beyond this many are summarised (all of them still go to "Copy all").
    static constexpr int kMaxResourceRows = 100;

Q_SIGNALS:
    void approveRequested(const QString &requestId);
    void denyRequested(const QString &requestId);
    void withdrawRequested(const QString &requestId);
    // Something went to the clipboard (for the status bar).
    void copied(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void fillResources(const QStringList &resourceIds);
    void fillSupportCase(const AccessRequest &request);
    void fillLiveDecision();
    // Texts that move with the clock: relative times, time left, whether deciding is possible.
    void refreshTimes();
    void copyToClipboard(const QString &text);

    std::unique_ptr<Ui::RequestDetailsView> m_ui;
    const Clock &m_clock;
    std::optional<AccessRequest> m_request;
    std::optional<QueuedDecision> m_liveDecision;
    QString m_supportCaseUrl;
    QTimer m_refreshTimer;
};

} // namespace lockbox::gui
