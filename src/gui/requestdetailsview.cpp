#include "requestdetailsview.h"

#include "plaintextlabel.h"
#include "requestpresentation.h"
#include "supportcaselink.h"
#include "ui_requestdetailsview.h"
#include "wrappingitemdelegate.h"

#include "core/clock.h"
#include "engine/approvaltime.h"
#include "engine/requestrows.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLocale>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidgetItem>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

using RP = RequestPresentation;

constexpr int kRefreshIntervalMs = 30 * 1000;

QString localTime(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}

QString orNotStated(const QString &text)
{
    return text.trimmed().isEmpty() ? RequestDetailsView::tr("Not stated") : text;
}

// A case link is opened only when it is https: anything else (javascript:, file:, http:) stays text.
std::optional<QUrl> httpsUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (url.isValid() && url.scheme() == u"https" && !url.host().isEmpty() && url.userInfo().isEmpty())
        return url;
    return std::nullopt;
}

// The widest piece of `text` that cannot be broken (see PlainTextLabel::breakable()).
int widestUnbreakable(const QFontMetrics &metrics, const QString &text)
{
    const QString breakable = PlainTextLabel::breakable(text);
    int widest = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= breakable.size(); ++i) {
        if (i < breakable.size() && !breakable.at(i).isSpace() && breakable.at(i).unicode() != 0x200B)
            continue;
        if (i > start)
            widest = qMax(widest, metrics.horizontalAdvance(breakable.mid(start, i - start)));
        start = i + 1;
    }
    return widest;
}

QToolButton *makeCopyButton(QWidget *parent, const QString &accessibleName)
{
    auto *button = new QToolButton(parent);
    button->setIcon(QIcon(u":/icons/action-copy.svg"_s));
    button->setText(RequestDetailsView::tr("Copy")); // shown when the icon is missing
    button->setToolTip(accessibleName);
    button->setAccessibleName(accessibleName);
    button->setAutoRaise(true);
    return button;
}

} // namespace

RequestDetailsView::RequestDetailsView(const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::RequestDetailsView>())
    , m_clock(clock)
{
    m_ui->setupUi(this);

    QFont captionFont = m_ui->timelineCaption->font();
    captionFont.setBold(true);
    m_ui->timelineCaption->setFont(captionFont);
    QFont statusFont = m_ui->statusValue->font();
    statusFont.setBold(true);
    m_ui->statusValue->setFont(statusFont);

    m_ui->approveButton->setIcon(QIcon(u":/icons/action-approve.svg"_s));
    m_ui->denyButton->setIcon(QIcon(u":/icons/action-deny.svg"_s));
    m_ui->withdrawButton->setIcon(QIcon(u":/icons/action-withdraw.svg"_s));
    m_ui->copyRequestIdButton->setIcon(QIcon(u":/icons/action-copy.svg"_s));
    m_ui->supportCaseButton->setIcon(QIcon(u":/icons/action-open-link.svg"_s));
    // Focusing the pane (the window's "Enter details") lands in the scroll area: arrows scroll,
    // Tab walks the fields and buttons.
    m_ui->scrollArea->setFocusPolicy(Qt::StrongFocus);
    setFocusProxy(m_ui->scrollArea);
    m_ui->scrollArea->viewport()->installEventFilter(this);

    // Ids, names and URLs have no spaces to wrap at: they break after '/', '-', '.' instead.
    const QList<PlainTextLabel *> values = m_ui->scrollContents->findChildren<PlainTextLabel *>();
    for (PlainTextLabel *label : values)
        label->setBreakAnywhere(true);
    m_ui->resourcesWidget->layout()->setSpacing(6);

    QTreeWidget *tree = m_ui->timelineTree;
    tree->setItemDelegate(new WrappingItemDelegate(tree));
    // fitTimeline() sets every column's width; the header must not add to them.
    tree->header()->setStretchLastSection(false);
    tree->header()->setMinimumSectionSize(1);
    tree->header()->setSectionResizeMode(QHeaderView::Fixed);
    tree->header()->setAccessibleName(tr("Timeline columns"));
    tree->viewport()->installEventFilter(this);

    connect(m_ui->approveButton, &QPushButton::clicked, this, [this] {
        if (m_request)
            Q_EMIT approveRequested(m_request->requestId);
    });
    connect(m_ui->denyButton, &QPushButton::clicked, this, [this] {
        if (m_request)
            Q_EMIT denyRequested(m_request->requestId);
    });
    connect(m_ui->withdrawButton, &QPushButton::clicked, this, [this] {
        if (m_request)
            Q_EMIT withdrawRequested(m_request->requestId);
    });
    connect(m_ui->copyRequestIdButton, &QToolButton::clicked, this, [this] {
        if (m_request)
            copyToClipboard(m_request->requestId);
    });
    connect(m_ui->supportCaseButton, &QToolButton::clicked, this, &RequestDetailsView::openSupportCase);

    m_refreshTimer.setInterval(kRefreshIntervalMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &RequestDetailsView::refreshTimes);

    clear();
}

RequestDetailsView::~RequestDetailsView() = default;

QString RequestDetailsView::requestId() const
{
    return m_request ? m_request->requestId : QString();
}

void RequestDetailsView::clear()
{
    m_request.reset();
    m_summary.reset();
    m_showsWhole = false;
    m_liveDecision.reset();
    m_supportCaseUrl.clear();
    m_refreshTimer.stop();
    fillResources({});
    m_ui->timelineTree->clear();
    m_ui->justificationView->clear();
    m_ui->stack->setCurrentWidget(m_ui->placeholderPage);
}

void RequestDetailsView::setRequest(const std::optional<AccessRequest> &request, const QString &subscriptionName,
                                    const std::optional<QueuedDecision> &liveDecision)
{
    if (!request) {
        clear();
        return;
    }
    m_summary.reset(); // shown as given; setRequestSummary() sets it again when this is a summary
    const bool sameRequest = m_request && m_request->requestId.compare(request->requestId, Qt::CaseInsensitive) == 0;
    if (!sameRequest)
        setTimeline({}); // another request's history must never show under this one
    // A sync refreshes the shown request often: what did not change is left alone, so that the
    // reader keeps their scroll position, selection and focus.
    const bool sameJustification = sameRequest && m_request->justification == request->justification;
    const bool sameResources = sameRequest && m_request->resourceIds == request->resourceIds;
    m_request = request;
    m_liveDecision.reset();
    if (liveDecision && liveDecision->isLive() && liveDecision->requestId == request->requestId)
        m_liveDecision = liveDecision;

    const AccessRequest &r = *m_request;
    if (!sameRequest) {
        // Another request is read from its top; a refresh of the same one keeps the reader's place.
        m_ui->scrollArea->verticalScrollBar()->setValue(0);
        m_ui->justificationView->verticalScrollBar()->setValue(0);
    }
    m_ui->requestIdValue->setPlainText(orNotStated(r.requestId));
    m_ui->copyRequestIdButton->setEnabled(!r.requestId.isEmpty());
    m_ui->subscriptionValue->setPlainText(subscriptionName.trimmed().isEmpty()
                                              ? orNotStated(r.subscriptionId)
                                              : tr("%1 (%2)").arg(subscriptionName, r.subscriptionId));
    m_ui->resourceTypeValue->setPlainText(orNotStated(r.resourceType));
    m_ui->accessLevelValue->setPlainText(orNotStated(r.accessLevel.value_or(QString())));
    const QString duration = RP::durationText(r);
    m_ui->durationValue->setPlainText(
        duration.isEmpty() ? tr("%n h (Microsoft's default)", nullptr, kDefaultAccessHours) : duration);
    m_ui->workItemSourceValue->setPlainText(orNotStated(r.workItemSource));
    // The one long free text: a QPlainTextEdit lays out lazily, so megabytes stay responsive.
    if (!sameJustification)
        m_ui->justificationView->setPlainText(PlainTextLabel::displayLongText(r.justification));

    const QIcon icon = RP::statusIcon(r.status);
    m_ui->statusIconLabel->setVisible(!icon.isNull());
    if (!icon.isNull())
        m_ui->statusIconLabel->setPixmap(icon.pixmap(QSize(16, 16), devicePixelRatioF()));
    m_ui->statusValue->setPlainText(RP::statusText(r.status));
    m_ui->statusIconLabel->setAccessibleName(RP::statusText(r.status));

    if (!sameResources)
        fillResources(r.resourceIds);
    fillSupportCase(r);
    fillLiveDecision();
    refreshTimes();

    m_ui->stack->setCurrentWidget(m_ui->detailsPage);
    if (isVisible())
        m_refreshTimer.start();
}

void RequestDetailsView::setRequestSummary(const AccessRequest &summary, const QString &subscriptionName,
                                           const std::optional<QueuedDecision> &liveDecision)
{
    const bool keepWhole = m_summary && m_showsWhole && *m_summary == summary;
    if (keepWhole) {
        setRequest(m_request, subscriptionName, liveDecision);
    } else {
        setRequest(summary, subscriptionName, liveDecision);
        m_showsWhole = false;
    }
    m_summary = summary;
    m_subscriptionName = subscriptionName;
    // Asked each time: what the summary leaves out may have changed too.
    Q_EMIT wholeRequestWanted(summary.requestId);
}

void RequestDetailsView::setWholeRequest(const AccessRequest &request)
{
    if (!m_summary || !m_request || request.requestId.isEmpty()
        || request.requestId.compare(m_summary->requestId, Qt::CaseInsensitive) != 0
        || engine::RequestRows::summary(request) != *m_summary)
        return;
    const std::optional<QueuedDecision> live = m_liveDecision;
    const std::optional<AccessRequest> summary = m_summary;
    setRequest(request, m_subscriptionName, live);
    m_summary = summary;
    m_showsWhole = true;
}

void RequestDetailsView::setTimeline(const QList<AuditRecord> &records)
{
    QTreeWidget *tree = m_ui->timelineTree;
    tree->clear();
    QList<QTreeWidgetItem *> items;
    items.reserve(records.size());
    for (const AuditRecord &record : records) {
        auto *item = new QTreeWidgetItem;
        // Item views show plain text; each cell is still one bounded line of it.
        item->setText(0, localTime(record.time));
        item->setToolTip(0, RP::plainToolTip(RP::exactTime(record.time)));
        item->setText(1, RP::singleLine(record.action, 120));
        item->setToolTip(1,
                         record.source == AuditRecord::Source::Azure ? tr("From the Azure Activity Log")
                                                                     : tr("Recorded by this console"));
        item->setText(2, RP::singleLine(record.actor, 200));
        item->setToolTip(2, RP::plainToolTip(record.actor));
        item->setText(3, RP::singleLine(record.outcome, 300));
        item->setToolTip(3, RP::plainToolTip(record.outcome));
        item->setText(4, RP::singleLine(record.reason, 300));
        item->setToolTip(4, RP::plainToolTip(record.reason));
        items.append(item);
    }
    tree->addTopLevelItems(items);
    m_ui->timelineEmptyLabel->setVisible(records.isEmpty());
    fitTimeline();
}

bool RequestDetailsView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        if (resize->size().width() != resize->oldSize().width()) {
            if (watched == m_ui->scrollArea->viewport())
                updateFieldWidths();
            else if (watched == m_ui->timelineTree->viewport())
                fitTimeline();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RequestDetailsView::updateFieldWidths()
{
    const QMargins margins = m_ui->contentLayout->contentsMargins();
    // Beside its caption a field also has the form's spacing before it.
    const int room = m_ui->scrollArea->viewport()->width() - margins.left() - margins.right()
        - qMax(0, m_ui->fieldsForm->horizontalSpacing());
    // Never wider than the pane: beside their caption when there is room, below it otherwise.
    const int width = qBound(0, room, kWideFieldWidth);
    const QList<QWidget *> wide = {m_ui->requestIdField, m_ui->subscriptionValue, m_ui->resourcesWidget,
                                   m_ui->supportCaseField, m_ui->justificationView};
    for (QWidget *field : wide)
        field->setMinimumWidth(width);
}

void RequestDetailsView::fitTimeline()
{
    QTreeWidget *tree = m_ui->timelineTree;
    QHeaderView *header = tree->header();
    const int columns = tree->columnCount();
    const int available = tree->viewport()->width();
    if (columns == 0 || available <= 0)
        return;

    // Each column needs at least its header's word; it is comfortable when its widest word fits
    // (narrower, words break anywhere) and best with its longest text on one line.
    const QFontMetrics metrics = tree->fontMetrics();
    const QFontMetrics headerMetrics = header->fontMetrics();
    const int padding = 2 * (tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree) + 1) + 2;
    const int headerPadding = 2 * tree->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header) + 4;
    QList<int> least(columns);
    QList<int> comfortable(columns);
    QList<int> natural(columns);
    for (int c = 0; c < columns; ++c) {
        least[c] = headerMetrics.horizontalAdvance(tree->headerItem()->text(c)) + headerPadding;
        comfortable[c] = natural[c] = least[c];
    }
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        for (int c = 0; c < columns; ++c) {
            const QString text = item->text(c);
            comfortable[c] = qMax(comfortable[c], widestUnbreakable(metrics, text) + padding);
            natural[c] = std::max({natural[c], comfortable[c], metrics.horizontalAdvance(text) + padding});
        }
    }

    QList<int> widths = least;
    const int needed = std::accumulate(least.cbegin(), least.cend(), 0);
    if (needed > available) {
        // Not even the headers fit: every column gives up the same share.
        for (int c = 0; c < columns; ++c)
            widths[c] = least[c] * available / needed;
    } else {
        // The room left goes in fair shares to the columns that want more, first until their
        // widest word fits, then their whole text: a long reason cannot squeeze the time or the
        // actor into breaking words.
        int spare = available - needed;
        for (const QList<int> *target : {&comfortable, &natural}) {
            QList<int> wanting;
            for (int c = 0; c < columns; ++c) {
                if (target->at(c) > widths[c])
                    wanting.append(c);
            }
            while (spare > 0 && !wanting.isEmpty()) {
                const int share = qMax(1, spare / int(wanting.size()));
                QList<int> still;
                for (const int c : std::as_const(wanting)) {
                    const int give = std::min({share, target->at(c) - widths[c], spare});
                    widths[c] += give;
                    spare -= give;
                    if (widths[c] < target->at(c))
                        still.append(c);
                }
                wanting = still;
            }
        }
    }
    // The last column (the reason) takes what is left; together they are exactly as wide as the view.
    widths[columns - 1] += available - std::accumulate(widths.cbegin(), widths.cend(), 0);
    for (int c = 0; c < columns; ++c)
        header->resizeSection(c, widths[c]);

    // Rows are as tall as their wrapped text; the table as tall as its rows, up to a limit.
    tree->doItemsLayout();
    int rows = 0;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        rows += tree->visualItemRect(tree->topLevelItem(i)).height();
    const int chrome = header->sizeHint().height() + 2 * tree->frameWidth();
    const int height = qBound(chrome + 2 * metrics.lineSpacing(), chrome + rows, kMaxTimelineHeight);
    tree->setMinimumHeight(height);
    tree->setMaximumHeight(height);
}

void RequestDetailsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_request) {
        refreshTimes();
        m_refreshTimer.start();
    }
}

void RequestDetailsView::hideEvent(QHideEvent *event)
{
    m_refreshTimer.stop();
    QWidget::hideEvent(event);
}

void RequestDetailsView::fillResources(const QStringList &resourceIds)
{
    QWidget *container = m_ui->resourcesWidget;
    const QList<QWidget *> old = container->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(old);
    QLayout *layout = container->layout();

    if (resourceIds.isEmpty() && m_request) {
        auto *none = new PlainTextLabel(container);
        none->setBreakAnywhere(true);
        none->setPlainText(tr("Not stated"));
        none->setAccessibleName(tr("Resource IDs"));
        layout->addWidget(none);
        return;
    }

    const qsizetype shown = qMin<qsizetype>(resourceIds.size(), kMaxResourceRows);
    for (qsizetype i = 0; i < shown; ++i) {
        const QString &id = resourceIds.at(i);
        auto *row = new QWidget(container);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *textLayout = new QVBoxLayout;
        textLayout->setSpacing(0);
        // The resource's own name first, as the reader knows it; the full id below it.
        const QString name = RP::resourceText({id});
        if (!name.isEmpty() && name != id) {
            auto *nameLabel = new PlainTextLabel(row);
            nameLabel->setObjectName(u"resourceNameLabel"_s);
            nameLabel->setBreakAnywhere(true);
            QFont nameFont = nameLabel->font();
            nameFont.setBold(true);
            nameLabel->setFont(nameFont);
            nameLabel->setPlainText(name);
            nameLabel->setAccessibleName(tr("Resource %1").arg(i + 1));
            textLayout->addWidget(nameLabel);
        }
        auto *label = new PlainTextLabel(row);
        label->setObjectName(u"resourceIdLabel"_s);
        label->setBreakAnywhere(true);
        label->setPlainText(id);
        label->setAccessibleName(tr("Resource ID %1").arg(i + 1));
        textLayout->addWidget(label);
        QToolButton *copy = makeCopyButton(row, tr("Copy resource ID %1").arg(i + 1));
        copy->setObjectName(u"copyResourceIdButton"_s);
        connect(copy, &QToolButton::clicked, this, [this, id] { copyToClipboard(id); });
        rowLayout->addLayout(textLayout, 1);
        rowLayout->addWidget(copy, 0, Qt::AlignTop);
        layout->addWidget(row);
    }
    if (resourceIds.size() > shown) {
        auto *more = new PlainTextLabel(container);
        more->setBreakAnywhere(true);
        more->setPlainText(tr("… and %n more (Copy all copies every one)", nullptr, int(resourceIds.size() - shown)));
        more->setAccessibleName(tr("More resource IDs"));
        layout->addWidget(more);
    }
    if (resourceIds.size() > 1) {
        QToolButton *copyAll = makeCopyButton(container, tr("Copy all resource IDs"));
        copyAll->setObjectName(u"copyAllResourceIdsButton"_s);
        copyAll->setText(tr("Copy all"));
        copyAll->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        const QString all = resourceIds.join(u'\n');
        connect(copyAll, &QToolButton::clicked, this, [this, all] { copyToClipboard(all); });
        layout->addWidget(copyAll);
        layout->setAlignment(copyAll, Qt::AlignLeft);
    }
}

void RequestDetailsView::fillSupportCase(const AccessRequest &request)
{
    m_supportCaseUrl = request.supportCaseUrl;
    const std::optional<QUrl> url = httpsUrl(request.supportCaseUrl);
    QString text = request.supportRequest.trimmed();
    if (!url && !request.supportCaseUrl.trimmed().isEmpty()) {
        // Not https: shown for what it is, never opened.
        text = text.isEmpty() ? request.supportCaseUrl : tr("%1 (%2)").arg(text, request.supportCaseUrl);
    }
    if (text.isEmpty() && !url)
        text = tr("Not stated");
    m_ui->supportCaseValue->setPlainText(text);
    m_ui->supportCaseValue->setVisible(!text.isEmpty());
    // The link in full as text (it wraps; a button's text would not), opened by the button beside.
    m_ui->supportCaseUrlValue->setVisible(url.has_value());
    m_ui->supportCaseButton->setVisible(url.has_value());
    const QString shown = url ? url->toDisplayString() : QString();
    m_ui->supportCaseUrlValue->setPlainText(shown);
    const QString tip = url ? SupportCaseLink::toolTip(*url) : QString();
    m_ui->supportCaseButton->setToolTip(url ? RP::plainToolTip(tip) : QString());
}

void RequestDetailsView::openSupportCase()
{
    if (const std::optional<QUrl> url = httpsUrl(m_supportCaseUrl))
        SupportCaseLink::open(this, *url);
}

void RequestDetailsView::fillLiveDecision()
{
    if (!m_liveDecision) {
        m_ui->liveDecisionFrame->setVisible(false);
        m_ui->withdrawButton->setEnabled(false);
        return;
    }
    const QueuedDecision &d = *m_liveDecision;
    const bool approve = d.verdict == Verdict::Approve;
    const bool queued = d.state == QueuedDecision::State::Queued;
    QStringList lines;
    if (queued)
        lines << (approve ? tr("Approval queued — not yet sent") : tr("Denial queued — not yet sent"));
    else
        lines << (approve ? tr("Approval being sent…") : tr("Denial being sent…"));
    if (!d.reason.trimmed().isEmpty())
        lines << tr("Reason: %1").arg(d.reason);
    if (!d.lastError.trimmed().isEmpty())
        lines << tr("Last attempt: %1").arg(d.lastError);
    m_ui->liveDecisionLabel->setPlainText(lines.join(u'\n'));
    m_ui->liveDecisionFrame->setVisible(true);
    // Once sending, the server may already have it: withdrawing is no longer honest.
    m_ui->withdrawButton->setEnabled(queued);
    m_ui->withdrawButton->setToolTip(queued ? tr("Withdraw this decision before it is sent")
                                            : tr("Being sent: it can no longer be withdrawn"));
}

void RequestDetailsView::refreshTimes()
{
    if (!m_request)
        return;
    const AccessRequest &r = *m_request;
    const QDateTime now = m_clock.now();

    auto timeText = [&now](const QDateTime &when) {
        if (!when.isValid())
            return tr("Not stated");
        return tr("%1 (%2)").arg(localTime(when), RP::relativeTime(when, now));
    };
    m_ui->requestedValue->setPlainText(timeText(r.createdDateTime));
    m_ui->requestedValue->setToolTip(RP::plainToolTip(RP::exactTime(r.createdDateTime)));
    m_ui->expiresValue->setPlainText(timeText(r.expirationDateTime));
    m_ui->expiresValue->setToolTip(RP::plainToolTip(RP::exactTime(r.expirationDateTime)));

    const std::optional<QDateTime> deadline = RP::deadline(r, now);
    const bool pending = r.status.isDecidable();
    const bool expired = pending && deadline && now >= *deadline;
    QString left;
    if (deadline && pending)
        left = expired ? tr("Expired: it can no longer be decided")
                       : tr("%1 left to decide").arg(RP::timeLeftText(now.secsTo(*deadline)));
    else if (deadline)
        left = tr("%1 of access left").arg(RP::timeLeftText(now.secsTo(*deadline)));
    else if (r.status.kind() == RequestStatus::Kind::Approved && r.accessEndsAt().isValid())
        left = tr("Access ended %1").arg(timeText(r.accessEndsAt()));
    // Access counts from the approval: when it was, and how the console knows.
    if (const QString approved = engine::approvalLine(r, localTime(r.approvedAt)); !approved.isEmpty())
        left += (left.isEmpty() ? QString() : u"\n"_s) + tr("Approved %1").arg(approved);
    m_ui->timeLeftValue->setPlainText(left);
    m_ui->fieldsForm->setRowVisible(m_ui->timeLeftValue, !left.isEmpty());

    const bool decidable = pending && !expired && !m_liveDecision;
    m_ui->approveButton->setEnabled(decidable);
    m_ui->denyButton->setEnabled(decidable);
    QString why;
    if (m_liveDecision)
        why = tr("A decision on this request is already on its way");
    else if (!pending)
        why = tr("Only pending requests can be approved or denied");
    else if (expired)
        why = tr("This request has expired");
    m_ui->approveButton->setToolTip(why);
    m_ui->denyButton->setToolTip(why);
}

void RequestDetailsView::copyToClipboard(const QString &text)
{
    if (text.isEmpty())
        return;
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
    Q_EMIT copied(text);
}

} // namespace lockbox::gui
