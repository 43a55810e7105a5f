#include "decisiondialog.h"

#include "plaintextlabel.h"
#include "requestpresentation.h"
#include "ui_decisiondialog.h"

#include "core/clock.h"

#include <QDesktopServices>
#include <QIcon>
#include <QKeyEvent>
#include <QListWidgetItem>
#include <QLocale>
#include <QPushButton>
#include <QUrl>

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
    const QString name = names.value(id);
    if (id.isEmpty())
        return DecisionDialog::tr("Not stated");
    return name.trimmed().isEmpty() ? id : DecisionDialog::tr("%1 (%2)").arg(name, id);
}

// A case link is offered only for https: anything else (javascript:, file:, http:) stays text.
std::optional<QUrl> httpsUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (url.isValid() && url.scheme() == u"https" && !url.host().isEmpty() && url.userInfo().isEmpty())
        return url;
    return std::nullopt;
}

// Button texts treat '&' as a mnemonic marker; server text must not create shortcuts.
QString escapeMnemonics(QString text)
{
    return text.replace(u'&', u"&&"_s);
}

// One line of untrusted text for a list row.
QString oneLine(const QString &text, qsizetype maxChars = 200)
{
    return RP::singleLine(text, maxChars);
}

// Why `request` can no longer be decided at `now`, or an empty string when it can.
QString undecidableReason(const AccessRequest &request, const QDateTime &now)
{
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

} // namespace

DecisionDialog::DecisionDialog(Verdict verdict, const QList<AccessRequest> &requests,
                               const QHash<QString, QString> &subscriptionNames, const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::DecisionDialog>())
    , m_verdict(verdict)
    , m_requests(requests)
    , m_subscriptionNames(subscriptionNames)
    , m_clock(clock)
{
    m_ui->setupUi(this);
    const bool approve = m_verdict == Verdict::Approve;
    const int count = int(m_requests.size());

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

    m_confirmButton = m_ui->buttonBox->addButton(approve ? tr("&Approve") : tr("&Deny"), QDialogButtonBox::AcceptRole);
    m_confirmButton->setObjectName(u"confirmButton"_s);
    m_confirmButton->setIcon(QIcon(approve ? u":/icons/action-approve.svg"_s : u":/icons/action-deny.svg"_s));
    // Never the target of Enter/Return, not even when it has focus.
    m_confirmButton->setAutoDefault(false);
    m_confirmButton->setDefault(false);
    m_confirmButton->setEnabled(false);

    connect(m_confirmButton, &QPushButton::clicked, this, &DecisionDialog::confirm);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &DecisionDialog::reject);
    connect(m_ui->reasonEdit, &QPlainTextEdit::textChanged, this, &DecisionDialog::updateConfirmButton);

    m_armTimer.setSingleShot(true);
    m_armTimer.setInterval(kDefaultArmDelayMs);
    connect(&m_armTimer, &QTimer::timeout, this, [this] {
        m_armed = true;
        updateConfirmButton();
    });
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
    if (m_armTimer.isActive())
        m_armTimer.start();
}

void DecisionDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!event->spontaneous())
        m_cancelButton->setFocus(Qt::OtherFocusReason);
    refresh();
    m_refreshTimer.start();
    startArming();
}

void DecisionDialog::hideEvent(QHideEvent *event)
{
    m_refreshTimer.stop();
    m_armTimer.stop();
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
        m_armed = false;
        updateConfirmButton();
    }
}

void DecisionDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    // QDialog would click the default button (Cancel); when the confirming button has focus, Enter
    // does nothing rather than cancel behind the user's back.
    if (enter && (focusWidget() == m_confirmButton || m_confirmButton->isDefault())) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void DecisionDialog::fillSingle(const AccessRequest &request)
{
    m_ui->subscriptionValue->setPlainText(subscriptionText(request.subscriptionId, m_subscriptionNames));
    m_ui->resourceTypeValue->setPlainText(orNotStated(request.resourceType));
    m_ui->resourcesView->setPlainText(request.resourceIds.isEmpty()
                                          ? tr("Not stated")
                                          : PlainTextLabel::displayLongText(request.resourceIds.join(u'\n')));
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
    m_ui->supportCaseButton->setVisible(caseUrl.has_value());
    if (caseUrl) {
        const QString shown = caseUrl->toDisplayString();
        m_ui->supportCaseButton->setText(escapeMnemonics(RP::singleLine(shown, 120)));
        m_ui->supportCaseButton->setToolTip(RP::plainToolTip(shown));
        m_ui->supportCaseButton->setIcon(QIcon(u":/icons/action-open-link.svg"_s));
        connect(m_ui->supportCaseButton, &QToolButton::clicked, this,
                [url = *caseUrl] { QDesktopServices::openUrl(url); });
    }
}

void DecisionDialog::startArming()
{
    m_armed = false;
    updateConfirmButton();
    m_armTimer.start();
}

void DecisionDialog::refresh()
{
    const QDateTime now = m_clock.now();
    QStringList decidable;
    QStringList reasons;
    reasons.reserve(m_requests.size());
    for (const AccessRequest &request : m_requests) {
        reasons.append(undecidableReason(request, now));
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
        QString warning;
        const int excluded = int(m_requests.size() - m_decidableIds.size());
        if (m_requests.isEmpty())
            warning = tr("There is nothing to decide.");
        else if (!isBatch() && excluded > 0)
            warning = tr("This request can no longer be approved or denied: %1.").arg(reasons.constFirst());
        else if (m_decidableIds.isEmpty())
            warning = tr("None of these requests can still be approved or denied.");
        else if (excluded > 0)
            warning =
                tr("%n of these requests can no longer be approved or denied and will be left out.", nullptr, excluded);
        m_ui->warningLabel->setPlainText(warning);
        m_ui->warningLabel->setVisible(!warning.isEmpty());

        if (isBatch()) {
            const int n = int(m_decidableIds.size());
            const bool approve = m_verdict == Verdict::Approve;
            QString text;
            if (n == 0)
                text = approve ? tr("&Approve") : tr("&Deny");
            else if (n == 1)
                text = approve ? tr("&Approve 1 request") : tr("&Deny 1 request");
            else
                text = approve ? tr("&Approve %n requests", nullptr, n) : tr("&Deny %n requests", nullptr, n);
            m_confirmButton->setText(text);
        }
        m_confirmButton->setAccessibleName(QString(m_confirmButton->text()).remove(u'&'));
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
        QString resource = request.resourceIds.isEmpty() ? tr("no resource stated") : request.resourceIds.constFirst();
        if (request.resourceIds.size() > 1)
            resource = tr("%1 (+%n more)", nullptr, int(request.resourceIds.size() - 1)).arg(resource);
        QString subscription = m_subscriptionNames.value(request.subscriptionId);
        if (subscription.trimmed().isEmpty())
            subscription = request.subscriptionId;
        QString line;
        const QString &why = excludedReasons.at(i);
        if (why.isEmpty()) {
            const std::optional<QDateTime> deadline = RP::deadline(request, now);
            const QString left =
                deadline ? tr("%1 left").arg(RP::timeLeftText(now.secsTo(*deadline))) : tr("time left unknown");
            line = tr("%1 · %2 · %3 · %4")
                       .arg(oneLine(orNotStated(request.resourceType), 80), oneLine(resource),
                            oneLine(subscription, 80), left);
        } else {
            line = tr("Left out (%1): %2 · %3 · %4")
                       .arg(oneLine(why, 80), oneLine(orNotStated(request.resourceType), 80), oneLine(resource),
                            oneLine(subscription, 80));
        }
        QListWidgetItem *item = fresh ? new QListWidgetItem(list) : list->item(int(i));
        item->setText(line);
        item->setData(Qt::UserRole, request.requestId);
        // Greyed and marked in words: a left-out request is never shown by colour alone.
        item->setFlags(why.isEmpty() ? Qt::ItemIsEnabled : Qt::NoItemFlags);
    }
}

void DecisionDialog::updateConfirmButton()
{
    const bool reasonGiven = !reason().isEmpty();
    const bool reasonOk = m_verdict == Verdict::Approve || reasonGiven;
    m_ui->reasonHint->setVisible(!reasonOk && !m_decidableIds.isEmpty());
    m_confirmButton->setEnabled(m_armed && !m_decidableIds.isEmpty() && reasonOk);
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
