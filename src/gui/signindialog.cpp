#include "signindialog.h"

#include "cloudpicker.h"
#include "plaintextlabel.h"
#include "requestpresentation.h"
#include "ui_signindialog.h"

#include "core/clock.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

using Method = engine::SignInRequest::Method;

// A device code is a handful of characters; anything much longer is not one and must not blow
// up a label drawn at two and a half times the normal size.
constexpr qsizetype kMaxCodeChars = 64;
constexpr qsizetype kMaxUriChars = 200;

bool defaultOpener(const QUrl &url)
{
    return QDesktopServices::openUrl(url);
}

const Clock &systemClock()
{
    static const SystemClock clock;
    return clock;
}

// "14:32", or "1:02:03" from an hour up.
QString clockText(qint64 secs)
{
    const qint64 hours = secs / 3600;
    const qint64 minutes = (secs % 3600) / 60;
    const qint64 seconds = secs % 60;
    if (hours > 0)
        return u"%1:%2:%3"_s.arg(hours).arg(minutes, 2, 10, QChar(u'0')).arg(seconds, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(minutes).arg(seconds, 2, 10, QChar(u'0'));
}

} // namespace

SignInDialog::SignInDialog(const SignInDefaults &defaults, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SignInDialog>())
    , m_opener(defaultOpener)
    , m_clock(&systemClock())
{
    m_ui->setupUi(this);

    switch (defaults.method) {
    case Method::DeviceCode:
        m_ui->codeRadio->setChecked(true);
        break;
    case Method::Browser:
        m_ui->browserRadio->setChecked(true);
        break;
    case Method::AzureCli:
        m_ui->cliRadio->setChecked(true);
        break;
    }
    m_ui->cloudPicker->setCloud(defaults.cloud);
    m_ui->tenantEdit->setText(defaults.tenant);

    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QFont base = font();
    if (base.pointSizeF() > 0)
        codeFont.setPointSizeF(base.pointSizeF() * 2.5);
    else
        codeFont.setPixelSize(qRound(base.pixelSize() * 2.5));
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::PercentageSpacing, 115);
    m_ui->codeLabel->setFont(codeFont);

    m_cancelButton = m_ui->buttonBox->button(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_cancelButton->setAccessibleName(tr("Cancel"));
    m_signInButton = m_ui->buttonBox->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signInButton->setObjectName(u"signInButton"_s);
    m_signInButton->setAccessibleName(tr("Sign in"));

    // The box's accepted() is not used: Sign in starts a sign-in, only its success accepts.
    connect(m_signInButton, &QPushButton::clicked, this, &SignInDialog::startSignIn);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    connect(m_ui->cloudPicker, &CloudPicker::changed, this, &SignInDialog::updateSignInButton);

    connect(m_ui->copyCodeButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_userCode); });
    connect(m_ui->openPageButton, &QPushButton::clicked, this, [this] {
        if (Cloud::isSecureUrl(m_verificationUri))
            openUrl(m_verificationUri);
    });
    connect(m_ui->copyUrlButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_authorizeUrl.toString(QUrl::FullyEncoded)); });
    connect(m_ui->reopenBrowserButton, &QPushButton::clicked, this, [this] {
        if (Cloud::isSecureUrl(m_authorizeUrl))
            openUrl(m_authorizeUrl);
    });

    m_countdownTimer.setInterval(1000);
    m_countdownTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_countdownTimer, &QTimer::timeout, this, &SignInDialog::updateCountdown);

    setPage(Page::Choose);
    updateSignInButton();
}

SignInDialog::~SignInDialog() = default;

engine::SignInRequest SignInDialog::request() const
{
    engine::SignInRequest r;
    if (m_ui->browserRadio->isChecked())
        r.method = Method::Browser;
    else if (m_ui->cliRadio->isChecked())
        r.method = Method::AzureCli;
    else
        r.method = Method::DeviceCode;
    r.cloud = m_ui->cloudPicker->cloud();
    r.tenant = m_ui->tenantEdit->text().trimmed();
    return r;
}

void SignInDialog::setUrlOpener(std::function<bool(const QUrl &)> opener)
{
    m_opener = opener ? std::move(opener) : std::function<bool(const QUrl &)>(defaultOpener);
}

void SignInDialog::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &systemClock();
}

SignInDialog::Page SignInDialog::page() const
{
    const QWidget *current = m_ui->pages->currentWidget();
    if (current == m_ui->deviceCodePage)
        return Page::DeviceCode;
    if (current == m_ui->browserPage)
        return Page::Browser;
    if (current == m_ui->waitingPage)
        return Page::Waiting;
    return Page::Choose;
}

void SignInDialog::setPage(Page page)
{
    QWidget *widget = m_ui->choosePage;
    QWidget *focus = m_cancelButton;
    switch (page) {
    case Page::Choose:
        focus = m_signInButton->isEnabled() ? static_cast<QWidget *>(m_signInButton) : m_ui->cloudPicker;
        break;
    case Page::DeviceCode:
        widget = m_ui->deviceCodePage;
        focus = m_ui->copyCodeButton;
        break;
    case Page::Browser:
        widget = m_ui->browserPage;
        focus = m_ui->copyUrlButton;
        break;
    case Page::Waiting:
        widget = m_ui->waitingPage;
        break;
    }
    if (page != Page::DeviceCode)
        m_countdownTimer.stop();
    const bool choose = page == Page::Choose;
    // While a sign-in runs, Enter must not cancel it (a second press of the Enter that started
    // it would land on Cancel); Cancel answers a click, Space or Escape. Done before anything is
    // hidden: a focused button that is hidden hands its focus on, and an auto-default Cancel
    // receiving it would become the default button.
    m_cancelButton->setAutoDefault(choose);
    if (!choose)
        m_cancelButton->setDefault(false);
    m_ui->pages->setCurrentWidget(widget);
    m_signInButton->setVisible(choose);
    m_signInButton->setDefault(choose);
    focus->setFocus(Qt::OtherFocusReason);
}

void SignInDialog::updateSignInButton()
{
    m_signInButton->setEnabled(m_ui->cloudPicker->isValid());
}

void SignInDialog::startSignIn()
{
    if (page() != Page::Choose || !m_ui->cloudPicker->isValid())
        return;
    const engine::SignInRequest r = request();
    m_ui->failureBanner->hide();
    m_ui->waitingLabel->setText(r.method == Method::AzureCli ? tr("Asking the Azure CLI for a token…")
                                                             : tr("Starting the sign-in…"));
    setPage(Page::Waiting);
    Q_EMIT signInRequested(r);
}

void SignInDialog::showDeviceCode(const QString &userCode, const QUrl &verificationUri, int expiresInSec)
{
    if (page() == Page::Choose)
        return;
    m_userCode = userCode;
    m_verificationUri = verificationUri;

    const QString uri = RequestPresentation::singleLine(verificationUri.toDisplayString(), kMaxUriChars);
    m_ui->deviceInstructions->setPlainText(uri.isEmpty() ? tr("Enter this code on the sign-in page:")
                                                         : tr("Open %1 on any device and enter this code:").arg(uri));
    m_ui->codeLabel->setText(PlainTextLabel::displayText(userCode, kMaxCodeChars));

    const bool secure = Cloud::isSecureUrl(verificationUri);
    m_ui->openPageButton->setEnabled(secure);
    m_ui->openPageButton->setToolTip(
        secure ? tr("Opens the sign-in page in your browser.")
               : tr("The console opens only HTTPS addresses (or a simulator on this machine), and this one is "
                    "neither. Open it yourself if you trust it."));

    m_ui->countdownLabel->setVisible(expiresInSec > 0);
    if (expiresInSec > 0) {
        m_codeExpiresAt = m_clock->now().addSecs(expiresInSec);
        updateCountdown();
    }
    setPage(Page::DeviceCode);
    if (expiresInSec > 0 && m_clock->now() < m_codeExpiresAt)
        m_countdownTimer.start();
}

void SignInDialog::showBrowserUrl(const QUrl &authorizeUrl)
{
    if (page() == Page::Choose)
        return;
    m_authorizeUrl = authorizeUrl;
    const QString full = authorizeUrl.toString(QUrl::FullyEncoded);
    m_ui->browserUrlEdit->setText(PlainTextLabel::displayText(full, -1));
    m_ui->browserUrlEdit->setCursorPosition(0);
    m_ui->browserUrlEdit->setToolTip(RequestPresentation::plainToolTip(full));

    const bool secure = Cloud::isSecureUrl(authorizeUrl);
    m_ui->reopenBrowserButton->setEnabled(secure);
    setPage(Page::Browser);

    QString instructions;
    if (!secure) {
        instructions = tr("This sign-in address is not HTTPS, so the console did not open it. Open it yourself only "
                          "if you trust it:");
    } else if (openUrl(authorizeUrl)) {
        instructions = tr("Your browser should have opened the sign-in page. If it did not, open this address on "
                          "this computer:");
    } else {
        instructions = tr("The console could not open your browser. Open this address on this computer:");
    }
    m_ui->browserInstructions->setText(instructions);
}

void SignInDialog::showFailure(const QString &message)
{
    m_ui->failureBanner->setPlainText(message.trimmed().isEmpty() ? tr("The sign-in failed.") : message);
    m_ui->failureBanner->show();
    setPage(Page::Choose);
    updateSignInButton();
}

void SignInDialog::showSignedIn(const engine::AccountInfo & /*account*/)
{
    m_countdownTimer.stop();
    accept();
}

void SignInDialog::reject()
{
    if (page() == Page::Choose) {
        QDialog::reject();
        return;
    }
    // Escape, Cancel and the window's close button all end the running sign-in, not the dialog.
    setPage(Page::Choose);
    Q_EMIT cancelRequested();
}

void SignInDialog::updateCountdown()
{
    // Rounded up: "0:01" until the very end, then "expired".
    const qint64 secondsLeft = (m_clock->now().msecsTo(m_codeExpiresAt) + 999) / 1000;
    if (secondsLeft <= 0) {
        m_countdownTimer.stop();
        m_ui->countdownLabel->setText(tr("The code has expired."));
        return;
    }
    m_ui->countdownLabel->setText(tr("The code expires in %1").arg(clockText(secondsLeft)));
}

bool SignInDialog::openUrl(const QUrl &url)
{
    return m_opener && m_opener(url);
}

} // namespace lockbox::gui
