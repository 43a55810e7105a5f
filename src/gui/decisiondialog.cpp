#include "decisiondialog.h"

#include "focusring.h"
#include "plaintextlabel.h"
#include "requestpresentation.h"
#include "supportcaselink.h"
#include "ui_decisiondialog.h"
#include "wrappingitemdelegate.h"

#include "core/clock.h"
#include "core/hiddentext.h"

#include <QAbstractTextDocumentLayout>
#include <QCheckBox>
#include <QIcon>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidgetItem>
#include <QLocale>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QStyle>
#include <QTextBlock>
#include <QTextCursor>
#include <QUrl>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

using RP = RequestPresentation;

// Local time in the user's short format; the dialog has little room.
QString localTime(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}

QString durationText(const AccessRequest &request)
{
    const QString text = RP::durationText(request);
    return text.isEmpty() ? DecisionDialog::tr("%n h (Microsoft's default)", nullptr, kDefaultAccessHours) : text;
}

QString orNotStated(const QString &text)
{
    return text.trimmed().isEmpty() ? DecisionDialog::tr("Not stated") : text;
}

QString subscriptionText(const QString &id, const QHash<QString, QString> &names)
{
    if (id.isEmpty())
        return DecisionDialog::tr("Not stated");
    const QString name = names.value(id, names.value(id.toLower()));
    return name.trimmed().isEmpty() ? id : DecisionDialog::tr("%1 (%2)").arg(name, id);
}

// The same content from the server (what this profile knows locally, the approval time, aside).
bool sameContent(AccessRequest a, const AccessRequest &b)
{
    a.approvedAt = b.approvedAt;
    a.approvalSource = b.approvalSource;
    return a == b;
}

bool reachesWholeSubscription(const AccessRequest &request)
{
    return std::any_of(request.resourceIds.cbegin(), request.resourceIds.cend(), DecisionDialog::isWholeSubscription);
}

// A case link is offered only for https: anything else (javascript:, file:, http:) stays text.
std::optional<QUrl> httpsUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (url.isValid() && url.scheme() == u"https" && !url.host().isEmpty() && url.userInfo().isEmpty())
        return url;
    return std::nullopt;
}

// How tall `edit` must be to show all of its wrapped text, or `limit` if that is less.
int contentHeight(const QPlainTextEdit *edit, int limit)
{
    const QTextDocument *document = edit->document();
    const QAbstractTextDocumentLayout *layout = document->documentLayout();
    // The frame and the document's margin above the first line and below the last.
    const int chrome = 2 * edit->frameWidth() + 2 * qCeil(document->documentMargin()) + 2;
    qreal height = chrome;
    for (QTextBlock block = document->begin(); block.isValid() && height < limit; block = block.next())
        height += layout->blockBoundingRect(block).height();
    const int least = chrome + edit->fontMetrics().lineSpacing();
    return qBound(least, qCeil(height), limit);
}

// Why `request` can no longer be decided at `now`, or an empty string when it can.
QString undecidableReason(const AccessRequest &request, bool removed, const QDateTime &now)
{
    if (removed)
        return DecisionDialog::tr("removed while this dialog was open: Azure no longer lists it");
    if (!request.status.isDecidable())
        return DecisionDialog::tr("no longer pending (%1)").arg(RP::statusText(request.status));
    const std::optional<QDateTime> deadline = RP::deadline(request, now);
    if (deadline && now >= *deadline)
        return DecisionDialog::tr("expired %1").arg(localTime(*deadline));
    return {};
}

QString timeLeftFor(const AccessRequest &request, const QDateTime &now)
{
    if (!request.status.isDecidable())
        return DecisionDialog::tr("Not pending (%1)").arg(RP::statusText(request.status));
    const std::optional<QDateTime> deadline = RP::deadline(request, now);
    if (!deadline)
        return DecisionDialog::tr("Unknown");
    const qint64 secs = now.secsTo(*deadline);
    if (secs <= 0)
        return DecisionDialog::tr("Expired %1").arg(localTime(*deadline));
    return DecisionDialog::tr("%1 left (expires %2)").arg(RP::timeLeftText(secs), localTime(*deadline));
}

// One request of a batch in lines: every field that says what is granted, every resource id in
// full. Server text shows hidden characters as \uXXXX (lockbox::showHidden).
QString batchRow(qsizetype index, const AccessRequest &request, const QString &subscription,
                 const QString &excludedReason, bool changed, const QDateTime &now)
{
    QStringList lines;
    if (changed)
        lines << DecisionDialog::tr("Changed on the server while this dialog was open: read it again");
    if (!excludedReason.isEmpty())
        lines << DecisionDialog::tr("Left out (%1)").arg(excludedReason);
    // What the reader knows the resources by first, then each full id.
    QStringList names;
    for (const QString &id : request.resourceIds)
        names << (DecisionDialog::isWholeSubscription(id) ? DecisionDialog::tr("whole subscription")
                                                          : RP::resourceText({id}));
    // Numbered, so that the rows read apart and their count can be checked.
    lines << DecisionDialog::tr("%1. %2").arg(index + 1).arg(names.isEmpty() ? DecisionDialog::tr("No resource stated")
                                                                             : names.join(u", "_s));
    if (reachesWholeSubscription(request))
        lines << DecisionDialog::tr("Scope: the whole subscription, every resource in it");
    lines << DecisionDialog::tr("Subscription: %1").arg(showHidden(subscription));
    for (const QString &id : request.resourceIds)
        lines << showHidden(id);
    lines << DecisionDialog::tr("Type: %1").arg(showHidden(orNotStated(request.resourceType)));
    QString left;
    if (excludedReason.isEmpty()) {
        const std::optional<QDateTime> deadline = RP::deadline(request, now);
        left = deadline ? DecisionDialog::tr("%1 left").arg(RP::timeLeftText(now.secsTo(*deadline)))
                        : DecisionDialog::tr("time left unknown");
    }
    const QString access =
        DecisionDialog::tr("Access level: %1 · Duration: %2")
            .arg(showHidden(orNotStated(request.accessLevel.value_or(QString()))), durationText(request));
    lines << (left.isEmpty() ? access : DecisionDialog::tr("%1 · %2").arg(access, left));
    lines
        << DecisionDialog::tr("Justification: %1").arg(PlainTextLabel::displayText(orNotStated(request.justification)));
    return lines.join(u'\n');
}

} // namespace

bool DecisionDialog::isWholeSubscription(const QString &resourceId)
{
    // "/subscriptions/<id>", nothing below it.
    QStringView id = QStringView(resourceId).trimmed();
    while (id.endsWith(u'/'))
        id.chop(1);
    static constexpr QStringView kPrefix = u"/subscriptions/";
    if (!id.startsWith(kPrefix, Qt::CaseInsensitive))
        return false;
    const QStringView rest = id.mid(kPrefix.size());
    return !rest.isEmpty() && !rest.contains(u'/');
}

DecisionDialog::DecisionDialog(Verdict verdict, const QList<AccessRequest> &requests,
                               const QHash<QString, QString> &subscriptionNames, const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::DecisionDialog>())
    , m_verdict(verdict)
    , m_requests(requests)
    , m_changed(requests.size(), false)
    , m_removed(requests.size(), false)
    , m_subscriptionNames(subscriptionNames)
    , m_clock(clock)
{
    m_ui->setupUi(this);
    for (qsizetype i = 0; i < m_requests.size(); ++i)
        m_index.insert(m_requests.at(i).requestId.toLower(), i);
    const bool approve = m_verdict == Verdict::Approve;
    const int count = int(m_requests.size());

    // Ids, names and URLs have no spaces to wrap at: they break after '/', '-', '.' instead.
    const QList<PlainTextLabel *> values = findChildren<PlainTextLabel *>();
    for (PlainTextLabel *label : values)
        label->setBreakAnywhere(true);
    m_ui->batchList->setItemDelegate(new WrappingItemDelegate(m_ui->batchList));
    // Tab goes to the boxes in the page (which scrolls to show them), not to the page itself.
    m_ui->singleScrollArea->setFocusPolicy(Qt::NoFocus);
    m_ui->resourcesView->viewport()->installEventFilter(this);
    m_ui->justificationView->viewport()->installEventFilter(this);

    if (isBatch()) {
        setWindowTitle(approve ? tr("Approve %n Lockbox requests", nullptr, count)
                               : tr("Deny %n Lockbox requests", nullptr, count));
        m_ui->headingLabel->setText(
            tr("%n requests. Each is decided on its own, with the reason below.", nullptr, count));
        m_ui->detailsStack->setCurrentWidget(m_ui->batchPage);
    } else {
        setWindowTitle(approve ? tr("Approve Lockbox request") : tr("Deny Lockbox request"));
        m_ui->headingLabel->setText(approve ? tr("Microsoft Support asks for access. Approve this request?")
                                            : tr("Microsoft Support asks for access. Deny this request?"));
        m_ui->detailsStack->setCurrentWidget(m_ui->singlePage);
        fillSingle(m_requests.constFirst());
    }
    QFont headingFont = m_ui->headingLabel->font();
    headingFont.setBold(true);
    m_ui->headingLabel->setFont(headingFont);

    m_ui->reasonEdit->setPlaceholderText(approve ? tr("Optional") : tr("Required: why is this access denied?"));
    m_ui->reasonHint->setText(tr("A reason is required to deny."));
    m_ui->reasonHint->setVisible(false);

    m_cancelButton = m_ui->buttonBox->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_cancelButton->setAccessibleName(tr("Cancel"));
    m_cancelButton->setAutoDefault(true);
    m_cancelButton->setDefault(true);

    m_confirmText = approve ? tr("&Approve") : tr("&Deny");
    m_confirmButton = m_ui->buttonBox->addButton(m_confirmText, QDialogButtonBox::AcceptRole);
    m_confirmButton->setObjectName(u"confirmButton"_s);
    m_confirmButton->setIcon(QIcon(approve ? u":/icons/action-approve.svg"_s : u":/icons/action-deny.svg"_s));
    // Never the target of Enter/Return, not even when it has focus.
    m_confirmButton->setAutoDefault(false);
    m_confirmButton->setDefault(false);
    m_confirmButton->setEnabled(false);

    connect(m_confirmButton, &QPushButton::clicked, this, &DecisionDialog::confirm);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &DecisionDialog::reject);
    connect(m_ui->reasonEdit, &QPlainTextEdit::textChanged, this, &DecisionDialog::updateConfirmButton);
    connect(m_ui->confirmCountEdit, &QLineEdit::textChanged, this, &DecisionDialog::updateConfirmButton);
    connect(m_ui->wholeSubscriptionCheck, &QCheckBox::toggled, this, &DecisionDialog::updateConfirmButton);
    connect(m_ui->supportCaseButton, &QToolButton::clicked, this, [this] {
        if (m_caseUrl.isValid())
            SupportCaseLink::open(this, m_caseUrl);
    });

    // Keyboard focus shows on the boxes and buttons whatever the style (Fusion shows none on a
    // read-only box, and draws the default button alike focused or not). The ring is drawn in the
    // margin around the focused widget: the button box gets that margin.
    const int ringH = style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this);
    const int ringV = style()->pixelMetric(QStyle::PM_FocusFrameVMargin, nullptr, this);
    m_ui->buttonBox->layout()->setContentsMargins(ringH, ringV, ringH, ringV);
    new FocusRing(this,
                  {m_ui->resourcesView, m_ui->justificationView, m_ui->reasonEdit, m_ui->batchList,
                   m_ui->supportCaseButton, m_ui->wholeSubscriptionCheck, m_ui->confirmCountEdit, m_cancelButton,
                   m_confirmButton});

    m_armTimer.setSingleShot(true);
    m_armTimer.setTimerType(Qt::PreciseTimer); // never early, and the countdown reads true
    m_armTimer.setInterval(kDefaultArmDelayMs);
    connect(&m_armTimer, &QTimer::timeout, this, [this] {
        m_armed = true;
        m_countdownTimer.stop();
        updateConfirmButton();
    });
    // The seconds left come from the arm timer itself; this only redraws them.
    m_countdownTimer.setInterval(200);
    connect(&m_countdownTimer, &QTimer::timeout, this, &DecisionDialog::updateConfirmButton);
    // Expiry moves with the clock while the dialog is open.
    m_refreshTimer.setInterval(1000);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DecisionDialog::refresh);

    refresh();
    m_cancelButton->setFocus(Qt::OtherFocusReason);
}

DecisionDialog::~DecisionDialog() = default;

QString DecisionDialog::reason() const
{
    return m_ui->reasonEdit->toPlainText().trimmed();
}

void DecisionDialog::setArmDelay(int ms)
{
    m_armTimer.setInterval(qMax(0, ms));
    if (m_armTimer.isActive()) {
        m_armTimer.start();
        updateConfirmButton();
    }
}

void DecisionDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!event->spontaneous())
        m_cancelButton->setFocus(Qt::OtherFocusReason);
    refresh();
    m_refreshTimer.start();
    startArming();
    if (!m_fitted) {
        m_fitted = true;
        // Once laid out at its real width: text boxes and the dialog as tall as their content.
        QTimer::singleShot(0, this, [this] {
            fitBoxes();
            fitToScreen();
        });
    }
}

void DecisionDialog::hideEvent(QHideEvent *event)
{
    m_refreshTimer.stop();
    m_armTimer.stop();
    m_countdownTimer.stop();
    m_armed = false;
    updateConfirmButton();
    QDialog::hideEvent(event);
}

void DecisionDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() != QEvent::ActivationChange || !isVisible())
        return;
    // A click that lands while the user switches back to this window must not confirm: disarm
    // when leaving and wait the arm delay again after returning.
    if (isActiveWindow()) {
        startArming();
    } else {
        m_armTimer.stop();
        m_countdownTimer.stop();
        m_armed = false;
        updateConfirmButton();
    }
}

void DecisionDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    // QDialog would click the default button (Cancel); when the confirming button has focus, Enter
    // does nothing rather than cancel behind the user's back, and Enter after typing the number of
    // requests neither confirms nor throws away the reason typed.
    if (enter
        && (focusWidget() == m_confirmButton || m_confirmButton->isDefault()
            || focusWidget() == m_ui->confirmCountEdit)) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

bool DecisionDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && m_fitted) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        // Text re-wraps at a new width; the box lays it out after this event.
        if (resize->size().width() != resize->oldSize().width())
            QTimer::singleShot(0, this, &DecisionDialog::fitBoxes);
    }
    return QDialog::eventFilter(watched, event);
}

void DecisionDialog::fitBoxes()
{
    if (isBatch())
        return;
    QPlainTextEdit *resources = m_ui->resourcesView;
    QPlainTextEdit *justification = m_ui->justificationView;
    resources->setFixedHeight(contentHeight(resources, kMaxResourcesHeight));
    justification->setFixedHeight(contentHeight(justification, kMaxJustificationHeight));
}

void DecisionDialog::fitToScreen()
{
    // What the page would need beyond what it has now, without scrolling.
    int shown = 0;
    int needed = 0;
    if (isBatch()) {
        QListWidget *list = m_ui->batchList;
        shown = list->viewport()->height();
        for (int i = 0; i < list->count(); ++i)
            needed += list->visualItemRect(list->item(i)).height() + 2 * list->spacing();
    } else {
        QScrollArea *area = m_ui->singleScrollArea;
        QWidget *contents = area->widget();
        shown = area->viewport()->height();
        const int width = area->viewport()->width();
        needed = contents->hasHeightForWidth() ? contents->heightForWidth(width) : contents->sizeHint().height();
    }
    // kMaxHeight and nine tenths of the screen, title bar and frame included.
    int limit = kMaxHeight;
    if (const QScreen *where = screen())
        limit = qMin(limit, where->availableGeometry().height() * 9 / 10);
    limit -= qMax(0, frameGeometry().height() - height());
    const int wanted = height() - shown + needed;
    resize(width(), qBound(minimumSizeHint().height(), wanted, qMax(limit, minimumSizeHint().height())));
}

void DecisionDialog::fillSingle(const AccessRequest &request)
{
    m_ui->subscriptionValue->setPlainText(subscriptionText(request.subscriptionId, m_subscriptionNames));
    m_ui->resourceTypeValue->setPlainText(orNotStated(request.resourceType));
    fillResources(request.resourceIds);
    m_ui->accessLevelValue->setPlainText(orNotStated(request.accessLevel.value_or(QString())));
    m_ui->durationValue->setPlainText(durationText(request));
    m_ui->justificationView->setPlainText(PlainTextLabel::displayLongText(request.justification));

    const std::optional<QUrl> caseUrl = httpsUrl(request.supportCaseUrl);
    QString caseText = request.supportRequest.trimmed();
    if (!caseUrl && !request.supportCaseUrl.trimmed().isEmpty()) {
        // Not https: shown for what it is, never opened.
        caseText = caseText.isEmpty() ? request.supportCaseUrl : tr("%1 (%2)").arg(caseText, request.supportCaseUrl);
    }
    m_ui->supportCaseValue->setPlainText(caseText.isEmpty() && !caseUrl ? tr("Not stated") : caseText);
    m_ui->supportCaseValue->setVisible(!caseText.isEmpty() || !caseUrl);
    // The link in full as text (it wraps; a button's text would not), opened by the button beside.
    m_ui->supportCaseUrlValue->setVisible(caseUrl.has_value());
    m_ui->supportCaseButton->setVisible(caseUrl.has_value());
    m_caseUrl = caseUrl.value_or(QUrl());
    if (caseUrl) {
        const QString shown = caseUrl->toDisplayString();
        m_ui->supportCaseUrlValue->setPlainText(shown);
        m_ui->supportCaseButton->setToolTip(RP::plainToolTip(SupportCaseLink::toolTip(*caseUrl)));
        m_ui->supportCaseButton->setIcon(QIcon(u":/icons/action-open-link.svg"_s));
    }
}

void DecisionDialog::fillResources(const QStringList &resourceIds)
{
    QPlainTextEdit *view = m_ui->resourcesView;
    if (resourceIds.isEmpty()) {
        view->setPlainText(tr("Not stated"));
        return;
    }
    view->clear();
    // Each resource by its own name first (bold), as the reader knows it, then its full id. Text
    // goes in through the cursor as plain characters: nothing in it is read as markup.
    QTextCursor cursor(view->document());
    QTextCharFormat nameFormat;
    nameFormat.setFontWeight(QFont::Bold);
    const QTextCharFormat idFormat;
    bool first = true;
    auto line = [&](const QString &text, const QTextCharFormat &format) {
        if (!first)
            cursor.insertBlock(QTextBlockFormat(), format);
        cursor.insertText(text, format);
        first = false;
    };
    for (const QString &id : resourceIds) {
        const QString name = isWholeSubscription(id) ? tr("The whole subscription") : RP::resourceText({id});
        if (!name.isEmpty() && name != id)
            line(name, nameFormat);
        line(PlainTextLabel::displayLongText(id), idFormat);
    }
    view->moveCursor(QTextCursor::Start);
}

void DecisionDialog::startArming()
{
    m_armed = false;
    m_armTimer.start();
    m_countdownTimer.start();
    updateConfirmButton();
}

void DecisionDialog::refresh()
{
    const QDateTime now = m_clock.now();
    QStringList decidable;
    QStringList reasons;
    reasons.reserve(m_requests.size());
    for (qsizetype i = 0; i < m_requests.size(); ++i) {
        const AccessRequest &request = m_requests.at(i);
        reasons.append(undecidableReason(request, m_removed.at(i), now));
        if (reasons.constLast().isEmpty())
            decidable.append(request.requestId);
    }
    const bool changed = !m_refreshedOnce || decidable != m_decidableIds;
    m_decidableIds = decidable;
    m_refreshedOnce = true;

    if (isBatch()) {
        rebuildBatchList(reasons);
    } else {
        m_ui->timeLeftValue->setPlainText(timeLeftFor(m_requests.constFirst(), now));
    }

    if (changed) {
        QStringList warnings;
        const int excluded = int(m_requests.size() - m_decidableIds.size());
        const int touched = int(std::count(m_changed.cbegin(), m_changed.cend(), true));
        if (m_requests.isEmpty())
            warnings << tr("There is nothing to decide.");
        else if (!isBatch() && excluded > 0)
            warnings << tr("This request can no longer be approved or denied: %1.").arg(reasons.constFirst());
        else if (!isBatch() && touched > 0)
            warnings << tr("This request changed on the server while this dialog was open. Read it again before "
                           "you decide.");
        if (isBatch() && touched > 0)
            warnings << tr("%n of these requests changed on the server while this dialog was open (marked below). "
                           "Read them again before you decide.",
                           nullptr, touched);
        if (isBatch() && !m_requests.isEmpty() && m_decidableIds.isEmpty())
            warnings << tr("None of these requests can still be approved or denied.");
        else if (isBatch() && excluded > 0)
            warnings << tr("%n of these requests can no longer be approved or denied and will be left out.", nullptr,
                           excluded);
        const QString warning = warnings.join(u'\n');
        m_ui->warningLabel->setPlainText(warning);
        m_ui->warningLabel->setVisible(!warning.isEmpty());

        if (isBatch()) {
            const int n = int(m_decidableIds.size());
            const bool approve = m_verdict == Verdict::Approve;
            if (n == 0)
                m_confirmText = approve ? tr("&Approve") : tr("&Deny");
            else
                m_confirmText =
                    approve ? tr("&Approve %n request(s)", nullptr, n) : tr("&Deny %n request(s)", nullptr, n);
        }
        m_confirmButton->setAccessibleName(QString(m_confirmText).remove(u'&'));
        updateSecondConfirmation();
    }
    updateConfirmButton();
}

void DecisionDialog::rebuildBatchList(const QStringList &excludedReasons)
{
    QListWidget *list = m_ui->batchList;
    const QDateTime now = m_clock.now();
    const bool fresh = list->count() != m_requests.size();
    if (fresh)
        list->clear();
    for (qsizetype i = 0; i < m_requests.size(); ++i) {
        const AccessRequest &request = m_requests.at(i);
        const QString &why = excludedReasons.at(i);
        const QString text = batchRow(i, request, subscriptionText(request.subscriptionId, m_subscriptionNames), why,
                                      m_changed.at(i), now);
        QListWidgetItem *item = fresh ? new QListWidgetItem(list) : list->item(int(i));
        if (item->text() != text)
            item->setText(text);
        item->setData(Qt::UserRole, request.requestId);
        // Greyed and marked in words: a left-out request is never shown by colour alone.
        const Qt::ItemFlags flags = why.isEmpty() ? Qt::ItemIsEnabled : Qt::NoItemFlags;
        if (item->flags() != flags)
            item->setFlags(flags);
    }
}

QList<AccessRequest> DecisionDialog::decidableRequests() const
{
    QList<AccessRequest> out;
    out.reserve(m_decidableIds.size());
    qsizetype next = 0; // m_decidableIds keeps the order of m_requests
    for (const AccessRequest &request : m_requests) {
        if (next < m_decidableIds.size() && request.requestId == m_decidableIds.at(next)) {
            out.append(request);
            ++next;
        }
    }
    return out;
}

qsizetype DecisionDialog::indexOf(const QString &requestId) const
{
    return m_index.value(requestId.toLower(), -1);
}

void DecisionDialog::updateRequests(const QList<AccessRequest> &rows)
{
    bool any = false;
    for (const AccessRequest &row : rows) {
        const qsizetype i = indexOf(row.requestId);
        if (i < 0 || (!m_removed.at(i) && sameContent(m_requests.at(i), row)))
            continue;
        m_requests[i] = row;
        m_changed[i] = true;
        m_removed[i] = false;
        any = true;
    }
    if (!any)
        return;
    if (!isBatch())
        fillSingle(m_requests.constFirst());
    startOver();
}

void DecisionDialog::removeRequests(const QStringList &requestIds)
{
    bool any = false;
    for (const QString &id : requestIds) {
        const qsizetype i = indexOf(id);
        if (i < 0 || m_removed.at(i))
            continue;
        m_removed[i] = true;
        m_changed[i] = true;
        any = true;
    }
    if (any)
        startOver();
}

void DecisionDialog::startOver()
{
    // What was confirmed was something else: the second confirmation and the arm delay again.
    m_ui->confirmCountEdit->clear();
    m_ui->wholeSubscriptionCheck->setChecked(false);
    m_refreshedOnce = false; // the warnings and the confirmation's texts are written again
    refresh();
    if (isVisible()) {
        startArming();
        if (m_fitted)
            QTimer::singleShot(0, this, &DecisionDialog::fitBoxes);
    }
}

void DecisionDialog::updateSecondConfirmation()
{
    const int n = int(m_decidableIds.size());
    const bool approve = m_verdict == Verdict::Approve;
    m_countNeeded = isBatch() && n > kConfirmCountAbove;
    // Only an approval grants access; denying a whole subscription's request needs no more care.
    int whole = 0;
    if (approve) {
        const QList<AccessRequest> decidable = decidableRequests();
        whole = int(std::count_if(decidable.cbegin(), decidable.cend(), reachesWholeSubscription));
    }
    m_scopeNeeded = whole > 0;

    if (m_scopeNeeded) {
        if (isBatch()) {
            m_ui->wholeSubscriptionLabel->setText(
                tr("%n of these requests give(s) Microsoft Support access to a whole subscription, every resource in "
                   "it (marked \"Scope: the whole subscription\" above).",
                   nullptr, whole));
            m_ui->wholeSubscriptionCheck->setText(
                tr("I approve whole-subscription access for %n request(s)", nullptr, whole));
        } else {
            const AccessRequest &request = m_requests.constFirst();
            m_ui->wholeSubscriptionLabel->setText(
                tr("This request gives Microsoft Support access to the whole subscription %1, every resource in it.")
                    .arg(showHidden(subscriptionText(request.subscriptionId, m_subscriptionNames))));
            m_ui->wholeSubscriptionCheck->setText(tr("I approve access to the whole subscription"));
        }
    }
    if (m_countNeeded) {
        m_ui->confirmCountLabel->setText(
            approve ? tr("You are about to approve %n requests at once. To confirm that you have read them all, type "
                         "their number (%n):",
                         nullptr, n)
                    : tr("You are about to deny %n requests at once. To confirm that you have read them all, type "
                         "their number (%n):",
                         nullptr, n));
    }
    m_ui->wholeSubscriptionLabel->setVisible(m_scopeNeeded);
    m_ui->wholeSubscriptionCheck->setVisible(m_scopeNeeded);
    m_ui->confirmCountLabel->setVisible(m_countNeeded);
    m_ui->confirmCountEdit->setVisible(m_countNeeded);
    m_ui->confirmationFrame->setVisible(m_scopeNeeded || m_countNeeded);
}

bool DecisionDialog::secondConfirmationGiven() const
{
    if (m_countNeeded && m_ui->confirmCountEdit->text().trimmed() != QString::number(m_decidableIds.size()))
        return false;
    return !m_scopeNeeded || m_ui->wholeSubscriptionCheck->isChecked();
}

void DecisionDialog::updateConfirmButton()
{
    const bool reasonGiven = !reason().isEmpty();
    const bool reasonOk = m_verdict == Verdict::Approve || reasonGiven;
    m_ui->reasonHint->setVisible(!reasonOk && !m_decidableIds.isEmpty());
    m_confirmButton->setEnabled(m_armed && !m_decidableIds.isEmpty() && reasonOk && secondConfirmationGiven());

    // While arming, the button says how long it stays grey: "Approve (2)".
    const int msLeft = !m_armed && m_armTimer.isActive() ? m_armTimer.remainingTime() : 0;
    const int secondsLeft = (qMax(0, msLeft) + 999) / 1000;
    const QString text = secondsLeft > 0 ? tr("%1 (%2)").arg(m_confirmText).arg(secondsLeft) : m_confirmText;
    if (m_confirmButton->text() != text)
        m_confirmButton->setText(text);
    const QString why = secondsLeft > 0
        ? tr("Available in %n s: a moment to read what is asked, so that a stray click cannot decide", nullptr,
             secondsLeft)
        : QString();
    if (m_confirmButton->toolTip() != why) {
        m_confirmButton->setToolTip(why);
        m_confirmButton->setAccessibleDescription(why);
    }
}

void DecisionDialog::confirm()
{
    // The last look before the decision: a request may have expired since the previous tick.
    refresh();
    if (!m_confirmButton->isEnabled())
        return;
    accept();
}

} // namespace lockbox::gui
