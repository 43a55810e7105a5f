#include "traycontroller.h"

#include "requestpresentation.h"
#include "traynotifier.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

using engine::Alert;
using engine::AlertBatch;
using engine::AlertRequest;

namespace {

constexpr int kBatchLines = 3; // requests named in a batched message
constexpr qsizetype kResourceTypeChars = 80;
constexpr qsizetype kJustificationChars = 120;
constexpr qsizetype kReasonChars = 300;

QString joinNonEmpty(const QStringList &parts, QStringView separator)
{
    QStringList kept;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            kept.append(part);
    }
    return kept.join(separator);
}

QString resourceTypeText(const AlertRequest &request)
{
    return RequestPresentation::singleLine(request.resourceType, kResourceTypeChars);
}

} // namespace

TrayController::TrayController(TrayNotifier *notifier, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_notifier(notifier)
    , m_policy(clock)
{
    if (m_notifier) {
        connect(m_notifier, &TrayNotifier::messageClicked, this,
                [this](const QStringList &ids) { Q_EMIT openRequested(ids.size() == 1 ? ids.first() : QString()); });
        connect(m_notifier, &TrayNotifier::activated, this, [this] { Q_EMIT openRequested(QString()); });
        connect(m_notifier, &TrayNotifier::remindRequested, this, &TrayController::remindLater);
    }
    connect(&m_policy, &engine::AlertPolicy::alerted, this, &TrayController::show);
    connect(&m_policy, &engine::AlertPolicy::updated, this, &TrayController::refresh);
    connect(&m_policy, &engine::AlertPolicy::pendingCountChanged, this, &TrayController::pendingCountChanged);
    connect(&m_policy, &engine::AlertPolicy::pausedChanged, this, &TrayController::pausedChanged);
    connect(&m_policy, &engine::AlertPolicy::quietChanged, this, &TrayController::quietChanged);
    connect(&m_policy, &engine::AlertPolicy::quietChanged, this, &TrayController::refresh);
    refresh();
}

TrayController::~TrayController() = default;

void TrayController::setOptions(const Options &options)
{
    m_options = options;
    m_options.reminderBeforeSec = std::max(0, m_options.reminderBeforeSec);
    m_policy.setReminderBeforeSecs(m_options.reminderBeforeSec);
}

void TrayController::setAlertSettings(const engine::AlertSettings &settings)
{
    m_options.reminderBeforeSec = settings.reminderBeforeSecs;
    m_policy.setSettings(settings);
    refresh();
}

void TrayController::remindLater(const QStringList &requestIds)
{
    m_policy.remindAgainAt(requestIds, m_policy.now().addSecs(kRemindLaterSecs));
}

// ---- what goes out

bool TrayController::urgent(const Alert &alert)
{
    if (alert.kind != Alert::Kind::New && alert.kind != Alert::Kind::Reminder)
        return false;
    return alert.request.deadline.isValid() && alert.at.secsTo(alert.request.deadline) < kUrgentSecs;
}

void TrayController::show(const AlertBatch &batch)
{
    if (!m_notifier)
        return;
    const QList<Alert> &alerts = batch.alerts;
    const bool pending = batch.group != AlertBatch::Group::Outcome;
    const int threshold = std::max(2, m_options.batchThreshold);
    if (alerts.size() < threshold) {
        for (const Alert &alert : alerts) {
            const Message message = messageOf(alert);
            Notice notice;
            notice.slot = u"request:"_s + alert.request.requestId.toLower();
            notice.title = message.title;
            notice.body = message.body;
            notice.requestIds = {alert.request.requestId};
            notice.urgency = urgent(alert) ? Notice::Urgency::Critical : Notice::Urgency::Normal;
            notice.remindable = pending;
            m_notifier->notify(notice);
        }
        return;
    }
    const int count = int(alerts.size());
    Notice notice;
    switch (batch.group) {
    case AlertBatch::Group::New:
        notice.slot = u"batch:new"_s;
        notice.title = tr("%n new Lockbox requests", nullptr, count);
        break;
    case AlertBatch::Group::Reminder:
        notice.slot = u"batch:reminder"_s;
        notice.title = tr("%n Lockbox requests expire soon", nullptr, count);
        break;
    case AlertBatch::Group::Outcome:
        notice.slot = u"batch:outcome"_s;
        notice.title = tr("Updates on %n Lockbox requests", nullptr, count);
        break;
    }
    QStringList lines;
    for (const Alert &alert : alerts) {
        if (lines.size() < kBatchLines)
            lines.append(messageOf(alert).summary);
        notice.requestIds.append(alert.request.requestId);
        if (urgent(alert))
            notice.urgency = Notice::Urgency::Critical;
    }
    if (count > kBatchLines)
        lines.append(tr("and %n more", nullptr, count - kBatchLines));
    notice.body = lines.join(u'\n');
    notice.remindable = pending;
    m_notifier->notify(notice);
}

void TrayController::refresh()
{
    const int count = m_policy.pendingCount();
    const bool paused = m_policy.isPaused();
    if (m_notifier && (count != m_shownCount || paused != m_shownPaused))
        m_notifier->setIcon(m_icon.pendingIcon(count, paused));
    const QString tip = toolTip();
    if (m_notifier && tip != m_shownToolTip)
        m_notifier->setToolTip(tip);
    if (m_notifier && count != m_shownCount)
        m_notifier->setPendingCount(count);
    m_shownCount = count;
    m_shownPaused = paused;
    m_shownToolTip = tip;
}

QString TrayController::toolTip() const
{
    const int count = m_policy.pendingCount();
    QString tip = count == 0 ? tr("No pending Lockbox requests") : tr("%n pending Lockbox request(s)", nullptr, count);
    if (m_policy.isPaused()) {
        tip += u'\n'
            + tr("Alerts paused until %1")
                  .arg(QLocale().toString(m_policy.pausedUntil().toLocalTime(), QLocale::ShortFormat));
    } else if (m_policy.isQuiet()) {
        tip += u'\n'
            + tr("Quiet hours until %1: alerts are told as they end")
                  .arg(QLocale().toString(m_policy.quietUntil().toLocalTime().time(), QLocale::ShortFormat));
    }
    return tip;
}

// ---- words

QString TrayController::subscriptionText(const AlertRequest &request)
{
    QString name = RequestPresentation::singleLine(request.subscriptionName, 80);
    if (!name.isEmpty())
        return name;
    if (!request.subscriptionId.isEmpty())
        return RequestPresentation::singleLine(request.subscriptionId, 80);
    return tr("Unknown subscription");
}

QString TrayController::detailsText(const AlertRequest &request)
{
    return joinNonEmpty(
        {subscriptionText(request),
         joinNonEmpty({resourceTypeText(request), RequestPresentation::resourceText(request.resourceIds)}, u" · ")},
        u"\n");
}

QString TrayController::summaryText(const AlertRequest &request, const QString &tail)
{
    QString what = RequestPresentation::resourceText(request.resourceIds);
    if (what.isEmpty())
        what = resourceTypeText(request);
    return joinNonEmpty({subscriptionText(request), what, tail}, u" · ");
}

QString TrayController::expiresText(const Alert &alert)
{
    if (!alert.request.deadline.isValid())
        return {};
    const qint64 left = alert.at.secsTo(alert.request.deadline);
    if (left <= 0)
        return tr("Expired");
    return tr("Expires in %1").arg(RequestPresentation::timeLeftText(left));
}

TrayController::Message TrayController::messageOf(const Alert &alert) const
{
    switch (alert.kind) {
    case Alert::Kind::New: {
        const QString expires = expiresText(alert);
        QStringList lines {detailsText(alert.request), expires};
        const QString justification = RequestPresentation::singleLine(alert.request.justification, kJustificationChars);
        if (!justification.isEmpty())
            lines.append(tr("Justification: %1").arg(justification));
        return {tr("New Lockbox request"), joinNonEmpty(lines, u"\n"), summaryText(alert.request, expires)};
    }
    case Alert::Kind::Reminder: {
        const QString expires = expiresText(alert);
        return {tr("Lockbox request expires soon"), joinNonEmpty({detailsText(alert.request), expires}, u"\n"),
                summaryText(alert.request, expires)};
    }
    case Alert::Kind::NotApplied:
        return notAppliedMessage(alert);
    case Alert::Kind::TookEffect:
    case Alert::Kind::DecidedElsewhere:
    case Alert::Kind::Expired:
    case Alert::Kind::Removed:
    case Alert::Kind::Ended:
        break;
    }
    return outcomeMessage(alert);
}

TrayController::Message TrayController::outcomeMessage(const Alert &alert) const
{
    const bool ours = alert.verdict.has_value();
    const bool approval = alert.verdict == Verdict::Approve;
    QString title;
    QString extra;
    switch (alert.kind) {
    case Alert::Kind::Removed:
        title = tr("Lockbox request no longer listed");
        extra = tr("Azure no longer lists this request.");
        break;
    case Alert::Kind::TookEffect:
        title = approval ? tr("Your approval took effect") : tr("Your denial took effect");
        break;
    case Alert::Kind::DecidedElsewhere:
        if (engine::verdictOf(alert.request.status) == Verdict::Approve)
            title = tr("Approved by someone else");
        else
            title = tr("Denied by someone else");
        if (ours)
            extra = approval ? tr("Your approval was not applied.") : tr("Your denial was not applied.");
        break;
    case Alert::Kind::Expired:
        title = tr("Expired without a decision");
        if (ours)
            extra = approval ? tr("Your approval did not reach Azure in time.")
                             : tr("Your denial did not reach Azure in time.");
        break;
    default:
        title = tr("Lockbox request ended");
        extra = tr("Status: %1").arg(RequestPresentation::statusText(alert.request.status));
        break;
    }
    return {title, joinNonEmpty({detailsText(alert.request), extra}, u"\n"),
            tr("%1: %2").arg(title, summaryText(alert.request, QString()))};
}

TrayController::Message TrayController::notAppliedMessage(const Alert &alert) const
{
    const bool approval = alert.verdict == Verdict::Approve;
    QStringList lines {detailsText(alert.request)};
    const QString reason = RequestPresentation::singleLine(alert.reason, kReasonChars);
    if (!reason.isEmpty())
        lines.append(tr("Reason: %1").arg(reason));
    if (alert.request.status.kind() != RequestStatus::Kind::Pending)
        lines.append(tr("Status now: %1").arg(RequestPresentation::statusText(alert.request.status)));
    const QString summary = approval ? tr("Approval not applied: %1") : tr("Denial not applied: %1");
    return {approval ? tr("Your approval was not applied") : tr("Your denial was not applied"), lines.join(u'\n'),
            summary.arg(summaryText(alert.request, QString()))};
}

} // namespace lockbox::gui
