#include "guitestkit.h"

#include "auth/cloud.h"
#include "gui/cloudpicker.h"
#include "gui/plaintextlabel.h"
#include "gui/signindialog.h"
#include "support/manualclock.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using lockbox::Cloud;
using lockbox::engine::AccountInfo;
using lockbox::engine::SignInRequest;
using lockbox::gui::CloudPicker;
using lockbox::gui::PlainTextLabel;
using lockbox::gui::SignInDefaults;
using lockbox::gui::SignInDialog;
using lockbox::test::child;
using lockbox::test::ManualClock;
using Method = SignInRequest::Method;
using Page = SignInDialog::Page;

namespace {

const QString kCode = u"GX7Q-4MPL"_s;
const QUrl kDeviceUri(u"https://microsoft.com/devicelogin"_s);
const QUrl kAuthorizeUrl(u"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=04b07795"
                         "&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A53111&state=s%26t"_s);

// Records what the dialog would open, so that no browser starts.
struct OpenedUrls
{
    QList<QUrl> urls;
    bool succeed = true;

    std::function<bool(const QUrl &)> opener()
    {
        return [this](const QUrl &url) {
            urls.append(url);
            return succeed;
        };
    }
};

} // namespace

class TestSignInDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreReflected_data();
    void defaultsAreReflected();
    void requestFollowsTheMethod_data();
    void requestFollowsTheMethod();
    void requestFollowsThePreset_data();
    void requestFollowsThePreset();
    void requestWithACustomCloudAndTenant();
    void customUrlsMustBeSafe_data();
    void customUrlsMustBeSafe();
    void loopbackSimulatorIsAccepted();
    void signInEmitsOnceAndWaits();
    void enterStartsTheSignIn();
    void azureCliWaitsForTheCli();
    void deviceCodeIsShownAsPlainText();
    void deviceCodeIsLargeAndSelectable();
    void copyCodePutsTheExactCodeOnTheClipboard();
    void openSignInPageCallsTheOpener();
    void insecureVerificationUriIsNeverOpened();
    void countdownRunsDown();
    void countdownShowsMinutesAndSeconds();
    void cancelFromDeviceCodeReturnsToTheChoice();
    void escapeAndCloseWhileWaitingCancelTheSignIn();
    void cancelOnTheChoiceRejects();
    void failureShowsABannerAsPlainText();
    void signedInAccepts();
    void browserUrlIsOpenedOnceAndShown();
    void browserThatCannotOpenSaysSo();
    void progressAfterACancelIsIgnored();
    void everyControlHasAnAccessibleName();
    void tabOrderFollowsTheForm();

private:
    static void chooseCustom(SignInDialog &dialog, const QString &authority, const QString &armEndpoint);
    static void startSignIn(SignInDialog &dialog);
    static void showAndWait(QWidget &widget);
};

void TestSignInDialog::chooseCustom(SignInDialog &dialog, const QString &authority, const QString &armEndpoint)
{
    auto *kind = child<QComboBox>(dialog, u"cloudKind"_s);
    QVERIFY(kind);
    kind->setCurrentIndex(kind->findData(int(Cloud::Kind::Custom)));
    auto *authorityEdit = child<QLineEdit>(dialog, u"authorityEdit"_s);
    auto *armEdit = child<QLineEdit>(dialog, u"armEndpointEdit"_s);
    QVERIFY(authorityEdit && armEdit);
    authorityEdit->clear();
    QTest::keyClicks(authorityEdit, authority);
    armEdit->setText(armEndpoint);
}

void TestSignInDialog::startSignIn(SignInDialog &dialog)
{
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(signIn);
    QVERIFY(signIn->isEnabled());
    QTest::mouseClick(signIn, Qt::LeftButton);
    QCOMPARE(dialog.page(), Page::Waiting);
}

void TestSignInDialog::showAndWait(QWidget &widget)
{
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QVERIFY(QTest::qWaitForWindowActive(&widget));
}

void TestSignInDialog::defaultsAreReflected_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("radio");
    QTest::newRow("device code") << int(Method::DeviceCode) << u"codeRadio"_s;
    QTest::newRow("browser") << int(Method::Browser) << u"browserRadio"_s;
    QTest::newRow("azure cli") << int(Method::AzureCli) << u"cliRadio"_s;
}

void TestSignInDialog::defaultsAreReflected()
{
    QFETCH(int, method);
    QFETCH(QString, radio);
    SignInDefaults defaults;
    defaults.method = Method(method);
    defaults.cloud = Cloud::preset(Cloud::Kind::USGov);
    defaults.tenant = u"contoso.onmicrosoft.com"_s;
    SignInDialog dialog(defaults);
    QCOMPARE(dialog.page(), Page::Choose);
    QVERIFY(child<QRadioButton>(dialog, radio)->isChecked());
    QCOMPARE(child<QComboBox>(dialog, u"cloudKind"_s)->currentText(), u"Azure US Government"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"tenantEdit"_s)->text(), defaults.tenant);
    QCOMPARE(child<QLineEdit>(dialog, u"tenantEdit"_s)->placeholderText(), u"organizations (any work account)"_s);
    const SignInRequest r = dialog.request();
    QCOMPARE(int(r.method), method);
    QCOMPARE(r.cloud, defaults.cloud);
    QCOMPARE(r.tenant, defaults.tenant);
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(signIn->isEnabled());
    QVERIFY(signIn->isDefault());

    // Nothing given: a code, Azure public, any work account.
    SignInDialog plain(SignInDefaults {});
    QVERIFY(child<QRadioButton>(plain, u"codeRadio"_s)->isChecked());
    QCOMPARE(plain.request().method, Method::DeviceCode);
    QCOMPARE(plain.request().cloud, Cloud::preset(Cloud::Kind::Public));
    QVERIFY(plain.request().tenant.isEmpty());
}

void TestSignInDialog::requestFollowsTheMethod_data()
{
    QTest::addColumn<QString>("radio");
    QTest::addColumn<int>("method");
    QTest::newRow("device code") << u"codeRadio"_s << int(Method::DeviceCode);
    QTest::newRow("browser") << u"browserRadio"_s << int(Method::Browser);
    QTest::newRow("azure cli") << u"cliRadio"_s << int(Method::AzureCli);
}

void TestSignInDialog::requestFollowsTheMethod()
{
    QFETCH(QString, radio);
    QFETCH(int, method);
    SignInDefaults defaults;
    // Start from another method than the one chosen, so that a click must change it.
    defaults.method = Method(method) == Method::Browser ? Method::AzureCli : Method::Browser;
    SignInDialog dialog(defaults);
    showAndWait(dialog);
    // By its mnemonic, the way a keyboard user picks it.
    auto *button = child<QRadioButton>(dialog, radio);
    const QKeySequence mnemonic = QKeySequence::mnemonic(button->text());
    QVERIFY(!mnemonic.isEmpty());
    QTest::keySequence(&dialog, mnemonic);
    QTRY_VERIFY(button->isChecked());
    QCOMPARE(int(dialog.request().method), method);
}

void TestSignInDialog::requestFollowsThePreset_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("authority");
    QTest::addColumn<QString>("armEndpoint");
    QTest::newRow("public") << int(Cloud::Kind::Public) << u"https://login.microsoftonline.com"_s
                            << u"https://management.azure.com"_s;
    QTest::newRow("usgov") << int(Cloud::Kind::USGov) << u"https://login.microsoftonline.us"_s
                           << u"https://management.usgovcloudapi.net"_s;
    QTest::newRow("china") << int(Cloud::Kind::China) << u"https://login.chinacloudapi.cn"_s
                           << u"https://management.chinacloudapi.cn"_s;
}

void TestSignInDialog::requestFollowsThePreset()
{
    QFETCH(int, kind);
    QFETCH(QString, authority);
    QFETCH(QString, armEndpoint);
    SignInDefaults defaults;
    defaults.cloud = Cloud::custom(QUrl(u"https://login.example"_s), QUrl(u"https://arm.example"_s));
    SignInDialog dialog(defaults);
    auto *combo = child<QComboBox>(dialog, u"cloudKind"_s);
    combo->setCurrentIndex(combo->findData(kind));
    const Cloud cloud = dialog.request().cloud;
    QCOMPARE(int(cloud.kind()), kind);
    QCOMPARE(cloud, Cloud::preset(Cloud::Kind(kind)));
    QCOMPARE(cloud.authority(), QUrl(authority));
    // The preset's endpoints are shown as text under the choice.
    auto *info = child<PlainTextLabel>(dialog, u"presetInfo"_s);
    QVERIFY(!info->isHidden());
    QVERIFY2(info->text().contains(authority) && info->text().contains(armEndpoint), qPrintable(info->text()));
    QVERIFY(!child<QLineEdit>(dialog, u"authorityEdit"_s)->isVisibleTo(&dialog));
}

void TestSignInDialog::requestWithACustomCloudAndTenant()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    chooseCustom(dialog, u"https://login.contoso-proxy.example/"_s, u"https://arm.contoso-proxy.example"_s);
    QTest::keyClicks(child<QLineEdit>(dialog, u"tenantEdit"_s), u"  contoso.onmicrosoft.com "_s);
    QVERIFY(child<QLineEdit>(dialog, u"authorityEdit"_s)->isVisible());
    QVERIFY(!child<PlainTextLabel>(dialog, u"presetInfo"_s)->isVisible());
    const SignInRequest r = dialog.request();
    QCOMPARE(r.cloud.kind(), Cloud::Kind::Custom);
    QCOMPARE(r.cloud.base(), Cloud::Kind::Public);
    QCOMPARE(r.cloud,
             Cloud::custom(QUrl(u"https://login.contoso-proxy.example"_s), QUrl(u"https://arm.contoso-proxy.example"_s),
                           Cloud::Kind::Public));
    QCOMPARE(r.tenant, u"contoso.onmicrosoft.com"_s);
    QVERIFY(child<QPushButton>(dialog, u"signInButton"_s)->isEnabled());
    QVERIFY(!child<PlainTextLabel>(dialog, u"cloudProblem"_s)->isVisible());
}

void TestSignInDialog::customUrlsMustBeSafe_data()
{
    QTest::addColumn<QString>("authority");
    QTest::addColumn<QString>("armEndpoint");
    QTest::addColumn<QString>("why");
    QTest::newRow("plain http elsewhere")
        << u"http://example.com"_s << u"https://management.azure.com"_s
        << u"Sign-in only goes over HTTPS (or to a simulator on this machine): http://example.com is neither."_s;
    QTest::newRow("plain http arm") << u"https://login.microsoftonline.com"_s << u"http://x.example"_s
                                    << u"http://x.example is neither."_s;
    QTest::newRow("empty authority") << QString() << u"https://management.azure.com"_s << u"sign-in authority"_s;
    QTest::newRow("empty arm") << u"https://login.microsoftonline.com"_s << u"   "_s << u"Resource Manager URL"_s;
    QTest::newRow("not a url") << u"login.microsoftonline.com"_s << u"https://management.azure.com"_s
                               << u"is not a URL"_s;
    QTest::newRow("other scheme") << u"ftp://login.example"_s << u"https://management.azure.com"_s << u"is neither"_s;
    QTest::newRow("credentials") << u"https://me:secret@login.example"_s << u"https://management.azure.com"_s
                                 << u"user name or password"_s;
}

void TestSignInDialog::customUrlsMustBeSafe()
{
    QFETCH(QString, authority);
    QFETCH(QString, armEndpoint);
    QFETCH(QString, why);
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    QSignalSpy requested(&dialog, &SignInDialog::signInRequested);
    chooseCustom(dialog, authority, armEndpoint);
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(!signIn->isEnabled());
    auto *problem = child<PlainTextLabel>(dialog, u"cloudProblem"_s);
    QVERIFY(problem->isVisible());
    QCOMPARE(problem->textFormat(), Qt::PlainText);
    QVERIFY2(problem->text().contains(why), qPrintable(problem->text()));
    QString reported;
    QVERIFY(!child<CloudPicker>(dialog, u"cloudPicker"_s)->isValid(&reported));
    QCOMPARE(reported, problem->text());

    QTest::mouseClick(signIn, Qt::LeftButton);
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(requested.count(), 0);
    QCOMPARE(dialog.page(), Page::Choose);

    // Back to a preset: nothing left to complain about.
    auto *combo = child<QComboBox>(dialog, u"cloudKind"_s);
    combo->setCurrentIndex(combo->findData(int(Cloud::Kind::Public)));
    QVERIFY(signIn->isEnabled());
    QVERIFY(!problem->isVisible());
}

void TestSignInDialog::loopbackSimulatorIsAccepted()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    chooseCustom(dialog, u"http://example.com"_s, u"http://127.0.0.1:1234"_s);
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(!signIn->isEnabled());
    auto *authority = child<QLineEdit>(dialog, u"authorityEdit"_s);
    authority->setText(u"http://127.0.0.1:1234"_s);
    QVERIFY(signIn->isEnabled());
    QVERIFY(!child<PlainTextLabel>(dialog, u"cloudProblem"_s)->isVisible());
    QCOMPARE(dialog.request().cloud, Cloud::custom(QUrl(u"http://127.0.0.1:1234"_s), QUrl(u"http://127.0.0.1:1234"_s)));
}

void TestSignInDialog::signInEmitsOnceAndWaits()
{
    SignInDefaults defaults;
    defaults.method = Method::Browser;
    defaults.tenant = u"contoso.example"_s;
    SignInDialog dialog(defaults);
    showAndWait(dialog);
    QSignalSpy requested(&dialog, &SignInDialog::signInRequested);
    startSignIn(dialog);
    QCOMPARE(requested.count(), 1);
    const auto r = requested.constFirst().constFirst().value<SignInRequest>();
    QCOMPARE(r.method, Method::Browser);
    QCOMPARE(r.tenant, u"contoso.example"_s);
    QCOMPARE(r.cloud, Cloud::preset(Cloud::Kind::Public));

    QCOMPARE(child<QLabel>(dialog, u"waitingLabel"_s)->text(), u"Starting the sign-in…"_s);
    auto *busy = child<QProgressBar>(dialog, u"waitingBusy"_s);
    QVERIFY(busy->isVisible());
    QCOMPARE(busy->minimum(), 0);
    QCOMPARE(busy->maximum(), 0);
    // Sign in is gone while one runs: no second request from a second click or Enter, and a
    // second Enter does not cancel the sign-in either.
    QSignalSpy cancelled(&dialog, &SignInDialog::cancelRequested);
    QVERIFY(!child<QPushButton>(dialog, u"signInButton"_s)->isVisible());
    QTest::keyClick(&dialog, Qt::Key_Return);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTest::keyClick(&dialog, Qt::Key_S, Qt::AltModifier);
    QTest::qWait(300); // a mnemonic clicks after a short animation
    QCOMPARE(requested.count(), 1);
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(dialog.page(), Page::Waiting);
    QVERIFY(dialog.isVisible());
}

void TestSignInDialog::enterStartsTheSignIn()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    QSignalSpy requested(&dialog, &SignInDialog::signInRequested);
    QTest::keyClick(&dialog, Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(dialog.page(), Page::Waiting);
}

void TestSignInDialog::azureCliWaitsForTheCli()
{
    SignInDefaults defaults;
    defaults.method = Method::AzureCli;
    SignInDialog dialog(defaults);
    QSignalSpy requested(&dialog, &SignInDialog::signInRequested);
    startSignIn(dialog);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.constFirst().constFirst().value<SignInRequest>().method, Method::AzureCli);
    QCOMPARE(child<QLabel>(dialog, u"waitingLabel"_s)->text(), u"Asking the Azure CLI for a token…"_s);
}

void TestSignInDialog::deviceCodeIsShownAsPlainText()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    startSignIn(dialog);
    const QString code = u"<b>X</b>"_s;
    const QUrl uri(u"https://microsoft.com/devicelogin?<i>x</i>"_s);
    dialog.showDeviceCode(code, uri, 900);
    QCOMPARE(dialog.page(), Page::DeviceCode);
    auto *codeLabel = child<PlainTextLabel>(dialog, u"codeLabel"_s);
    QVERIFY(codeLabel->isVisible());
    QCOMPARE(codeLabel->textFormat(), Qt::PlainText);
    QCOMPARE(codeLabel->text(), code);
    auto *instructions = child<PlainTextLabel>(dialog, u"deviceInstructions"_s);
    QCOMPARE(instructions->textFormat(), Qt::PlainText);
    QCOMPARE(instructions->text(), u"Open %1 on any device and enter this code:"_s.arg(uri.toDisplayString()));
    QVERIFY(instructions->textInteractionFlags() & Qt::TextSelectableByMouse);
    QCOMPARE(child<QLabel>(dialog, u"deviceWaitingLabel"_s)->text(), u"Waiting for you to finish signing in…"_s);
    QVERIFY(child<QProgressBar>(dialog, u"deviceBusy"_s)->isVisible());
    // Every label on the page shows text, never markup.
    const auto labels = child<QWidget>(dialog, u"deviceCodePage"_s)->findChildren<QLabel *>();
    for (const QLabel *label : labels)
        QVERIFY2(label->textFormat() == Qt::PlainText, qPrintable(label->objectName()));
}

void TestSignInDialog::deviceCodeIsLargeAndSelectable()
{
    SignInDialog dialog(SignInDefaults {});
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    auto *codeLabel = child<PlainTextLabel>(dialog, u"codeLabel"_s);
    const QFont normal = dialog.font();
    const QFont big = codeLabel->font();
    if (normal.pointSizeF() > 0)
        QVERIFY2(big.pointSizeF() >= 2 * normal.pointSizeF(), qPrintable(QString::number(big.pointSizeF())));
    else
        QVERIFY(big.pixelSize() >= 2 * normal.pixelSize());
    QVERIFY(big.bold());
    QVERIFY(big.letterSpacing() > 100);
    QCOMPARE(big.family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    QVERIFY(codeLabel->textInteractionFlags() & Qt::TextSelectableByMouse);
    QVERIFY(codeLabel->textInteractionFlags() & Qt::TextSelectableByKeyboard);
    QCOMPARE(codeLabel->accessibleName(), u"Sign-in code"_s);
}

void TestSignInDialog::copyCodePutsTheExactCodeOnTheClipboard()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    startSignIn(dialog);
    const QString code = u"<b>X</b> & Y"_s;
    dialog.showDeviceCode(code, kDeviceUri, 900);
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(u"something else"_s);
    auto *copy = child<QPushButton>(dialog, u"copyCodeButton"_s);
    QCOMPARE(copy->text(), u"&Copy code"_s);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(clipboard->text(), code);
    // By its mnemonic as well.
    clipboard->clear();
    QTest::keyClick(&dialog, Qt::Key_C, Qt::AltModifier);
    QTRY_COMPARE(clipboard->text(), code);
}

void TestSignInDialog::openSignInPageCallsTheOpener()
{
    SignInDialog dialog(SignInDefaults {});
    OpenedUrls opened;
    dialog.setUrlOpener(opened.opener());
    showAndWait(dialog);
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    QVERIFY(opened.urls.isEmpty()); // the device code flow opens nothing by itself
    auto *open = child<QPushButton>(dialog, u"openPageButton"_s);
    QVERIFY(open->isEnabled());
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(opened.urls, QList<QUrl> {kDeviceUri});
    QCOMPARE(dialog.page(), Page::DeviceCode);
}

void TestSignInDialog::insecureVerificationUriIsNeverOpened()
{
    SignInDialog dialog(SignInDefaults {});
    OpenedUrls opened;
    dialog.setUrlOpener(opened.opener());
    showAndWait(dialog);
    startSignIn(dialog);
    const QUrl evil(u"http://evil.example/devicelogin"_s);
    dialog.showDeviceCode(kCode, evil, 900);
    auto *open = child<QPushButton>(dialog, u"openPageButton"_s);
    QVERIFY(!open->isEnabled());
    QVERIFY(!open->toolTip().isEmpty());
    QTest::mouseClick(open, Qt::LeftButton);
    QTest::keyClick(&dialog, Qt::Key_O, Qt::AltModifier);
    QTest::qWait(300); // a mnemonic clicks after a short animation
    QVERIFY(opened.urls.isEmpty());
    // Still shown, as text, so that the user can judge it.
    QVERIFY(child<PlainTextLabel>(dialog, u"deviceInstructions"_s)->text().contains(u"http://evil.example"_s));
    QCOMPARE(child<PlainTextLabel>(dialog, u"codeLabel"_s)->text(), kCode);

    // A later, secure code enables it again.
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    QVERIFY(open->isEnabled());
}

void TestSignInDialog::countdownRunsDown()
{
    ManualClock clock;
    SignInDialog dialog(SignInDefaults {});
    dialog.setClock(&clock);
    showAndWait(dialog);
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 3);
    auto *countdown = child<QLabel>(dialog, u"countdownLabel"_s);
    QVERIFY(countdown->isVisible());
    QCOMPARE(countdown->text(), u"The code expires in 0:03"_s);
    // The clock moves; the countdown's next tick (once a second) shows where it is.
    clock.advanceMSecs(1000);
    QTRY_COMPARE_WITH_TIMEOUT(countdown->text(), u"The code expires in 0:02"_s, 10000);
    clock.advanceMSecs(1500); // half a second left: still a second to go, rounded up
    QTRY_COMPARE_WITH_TIMEOUT(countdown->text(), u"The code expires in 0:01"_s, 10000);
    clock.advanceMSecs(500);
    QTRY_COMPARE_WITH_TIMEOUT(countdown->text(), u"The code has expired."_s, 10000);
    // Still waiting for the owner's verdict.
    QCOMPARE(dialog.page(), Page::DeviceCode);
}

void TestSignInDialog::countdownShowsMinutesAndSeconds()
{
    SignInDialog dialog(SignInDefaults {});
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 14 * 60 + 32);
    QCOMPARE(child<QLabel>(dialog, u"countdownLabel"_s)->text(), u"The code expires in 14:32"_s);
}

void TestSignInDialog::cancelFromDeviceCodeReturnsToTheChoice()
{
    ManualClock clock;
    SignInDialog dialog(SignInDefaults {});
    dialog.setClock(&clock);
    showAndWait(dialog);
    QSignalSpy cancelled(&dialog, &SignInDialog::cancelRequested);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 3);
    auto *countdown = child<QLabel>(dialog, u"countdownLabel"_s);
    QTest::mouseClick(child<QPushButton>(dialog, u"cancelButton"_s), Qt::LeftButton);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(dialog.page(), Page::Choose);
    QVERIFY(dialog.isVisible());
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(signIn->isVisible());
    QVERIFY(signIn->isEnabled());
    // The countdown stopped with the sign-in: time passes and a tick would show it.
    const QString frozen = countdown->text();
    clock.advanceMSecs(2000);
    QTest::qWait(1300);
    QCOMPARE(countdown->text(), frozen);
}

void TestSignInDialog::escapeAndCloseWhileWaitingCancelTheSignIn()
{
    SignInDialog dialog(SignInDefaults {});
    OpenedUrls opened;
    dialog.setUrlOpener(opened.opener());
    showAndWait(dialog);
    QSignalSpy cancelled(&dialog, &SignInDialog::cancelRequested);
    QSignalSpy rejected(&dialog, &QDialog::rejected);

    startSignIn(dialog);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(dialog.page(), Page::Choose);

    startSignIn(dialog);
    dialog.showBrowserUrl(kAuthorizeUrl);
    QCOMPARE(dialog.page(), Page::Browser);
    QVERIFY(!dialog.close()); // the window's close button
    QCOMPARE(cancelled.count(), 2);
    QCOMPARE(dialog.page(), Page::Choose);
    QVERIFY(dialog.isVisible());
    QCOMPARE(rejected.count(), 0);
}

void TestSignInDialog::cancelOnTheChoiceRejects()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    QSignalSpy cancelled(&dialog, &SignInDialog::cancelRequested);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::mouseClick(child<QPushButton>(dialog, u"cancelButton"_s), Qt::LeftButton);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(cancelled.count(), 0);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestSignInDialog::failureShowsABannerAsPlainText()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    auto *banner = child<PlainTextLabel>(dialog, u"failureBanner"_s);
    QVERIFY(!banner->isVisible());
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    const QString message = u"AADSTS50076: <b>MFA</b> required & <a href=\"https://evil.example\">click</a>"_s;
    dialog.showFailure(message);
    QCOMPARE(dialog.page(), Page::Choose);
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->textFormat(), Qt::PlainText);
    QCOMPARE(banner->text(), message);
    QVERIFY(!banner->openExternalLinks());
    auto *signIn = child<QPushButton>(dialog, u"signInButton"_s);
    QVERIFY(signIn->isVisible());
    QVERIFY(signIn->isEnabled());
    QVERIFY(signIn->isDefault());

    // A new attempt clears the old failure.
    QSignalSpy requested(&dialog, &SignInDialog::signInRequested);
    startSignIn(dialog);
    QCOMPARE(requested.count(), 1);
    dialog.showFailure(u"Cancelled."_s);
    QCOMPARE(banner->text(), u"Cancelled."_s);
    startSignIn(dialog);
    QVERIFY(banner->isHidden());
}

void TestSignInDialog::signedInAccepts()
{
    SignInDialog dialog(SignInDefaults {});
    showAndWait(dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QSignalSpy cancelled(&dialog, &SignInDialog::cancelRequested);
    startSignIn(dialog);
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    AccountInfo account;
    account.signedIn = true;
    account.userName = u"ada@contoso.example"_s;
    dialog.showSignedIn(account);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(cancelled.count(), 0);
}

void TestSignInDialog::browserUrlIsOpenedOnceAndShown()
{
    SignInDefaults defaults;
    defaults.method = Method::Browser;
    SignInDialog dialog(defaults);
    OpenedUrls opened;
    dialog.setUrlOpener(opened.opener());
    showAndWait(dialog);
    startSignIn(dialog);
    QVERIFY(opened.urls.isEmpty());
    dialog.showBrowserUrl(kAuthorizeUrl);
    QCOMPARE(dialog.page(), Page::Browser);
    QCOMPARE(opened.urls, QList<QUrl> {kAuthorizeUrl});
    QTest::qWait(50);
    QCOMPARE(opened.urls.size(), 1);

    const QString full = kAuthorizeUrl.toString(QUrl::FullyEncoded);
    auto *shown = child<QLineEdit>(dialog, u"browserUrlEdit"_s);
    QVERIFY(shown->isVisible());
    QVERIFY(shown->isReadOnly());
    QCOMPARE(shown->text(), full);
    QVERIFY(shown->toolTip().contains(full.toHtmlEscaped()));
    QVERIFY(child<QLabel>(dialog, u"browserInstructions"_s)
                ->text()
                .startsWith(u"Your browser should have opened the sign-in page."_s));

    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->clear();
    QTest::mouseClick(child<QPushButton>(dialog, u"copyUrlButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), full);

    QTest::mouseClick(child<QPushButton>(dialog, u"reopenBrowserButton"_s), Qt::LeftButton);
    QCOMPARE(opened.urls, (QList<QUrl> {kAuthorizeUrl, kAuthorizeUrl}));
}

void TestSignInDialog::browserThatCannotOpenSaysSo()
{
    SignInDialog dialog(SignInDefaults {});
    OpenedUrls opened;
    opened.succeed = false;
    dialog.setUrlOpener(opened.opener());
    startSignIn(dialog);
    dialog.showBrowserUrl(kAuthorizeUrl);
    QCOMPARE(opened.urls.size(), 1);
    QVERIFY(child<QLabel>(dialog, u"browserInstructions"_s)->text().contains(u"could not open"_s));

    // Not HTTPS: shown, never opened.
    opened.urls.clear();
    const QUrl insecure(u"http://login.evil.example/authorize"_s);
    dialog.showBrowserUrl(insecure);
    QVERIFY(opened.urls.isEmpty());
    QVERIFY(!child<QPushButton>(dialog, u"reopenBrowserButton"_s)->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, u"browserUrlEdit"_s)->text(), insecure.toString());
}

void TestSignInDialog::progressAfterACancelIsIgnored()
{
    SignInDialog dialog(SignInDefaults {});
    OpenedUrls opened;
    dialog.setUrlOpener(opened.opener());
    // Nothing was started: a late report from a cancelled sign-in changes nothing.
    dialog.showDeviceCode(kCode, kDeviceUri, 900);
    QCOMPARE(dialog.page(), Page::Choose);
    dialog.showBrowserUrl(kAuthorizeUrl);
    QCOMPARE(dialog.page(), Page::Choose);
    QVERIFY(opened.urls.isEmpty());
}

void TestSignInDialog::everyControlHasAnAccessibleName()
{
    SignInDialog dialog(SignInDefaults {});
    chooseCustom(dialog, u"https://login.example"_s, u"https://arm.example"_s);
    QStringList unnamed;
    const auto widgets = dialog.findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
            || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QProgressBar *>(w)
            || qobject_cast<PlainTextLabel *>(w);
        if (control && w->accessibleName().isEmpty() && !w->objectName().startsWith(u"qt_"_s))
            unnamed << (w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                  : w->objectName());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void TestSignInDialog::tabOrderFollowsTheForm()
{
    SignInDialog dialog(SignInDefaults {});
    chooseCustom(dialog, u"https://login.example"_s, u"https://arm.example"_s);
    showAndWait(dialog);
    // The order in which Tab visits the Choose page's controls.
    QStringList order;
    QWidget *w = child<QRadioButton>(dialog, u"codeRadio"_s);
    for (int i = 0; i < 200 && w; ++i, w = w->nextInFocusChain()) {
        // As Qt's Tab does: a widget with a focus proxy is passed over.
        if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy()
            && !w->objectName().isEmpty() && !order.contains(w->objectName()))
            order << w->objectName();
    }
    const QStringList expected = {u"codeRadio"_s,     u"browserRadio"_s,    u"cliRadio"_s,  u"cloudKind"_s,
                                  u"authorityEdit"_s, u"armEndpointEdit"_s, u"tenantEdit"_s};
    qsizetype previous = -1;
    for (const QString &name : expected) {
        const qsizetype at = order.indexOf(name);
        QVERIFY2(at > previous, qPrintable(name + u" in "_s + order.join(u", "_s)));
        previous = at;
    }
    QVERIFY2(order.indexOf(u"signInButton"_s) > previous, qPrintable(order.join(u", "_s)));
    QVERIFY2(order.indexOf(u"cancelButton"_s) > previous, qPrintable(order.join(u", "_s)));

    // The captions' mnemonics reach their fields.
    QTest::keyClick(&dialog, Qt::Key_T, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, u"tenantEdit"_s));
    QTest::keyClick(&dialog, Qt::Key_L, Qt::AltModifier);
    QTRY_COMPARE(QApplication::focusWidget(), child<QComboBox>(dialog, u"cloudKind"_s));
}

QTEST_MAIN(TestSignInDialog)
#include "tst_signindialog.moc"
