#include "guitestkit.h"

#include "gui/decisiondialog.h"
#include "gui/guiresources.h"
#include "gui/plaintextlabel.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QUrl>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::gui::DecisionDialog;
using lockbox::gui::PlainTextLabel;
using lockbox::test::hiddenText;
using lockbox::test::ManualClock;
using lockbox::test::RequestBuilder;

namespace {

const QDateTime kNow(QDate(2026, 3, 2), QTime(9, 30), Qt::UTC);
const QString kSub = u"11111111-2222-3333-4444-555555555555"_s;

AccessRequest pendingRequest(const QString &id, qint64 secsLeft = 3 * 86400)
{
    return RequestBuilder(id, kSub).created(kNow.addSecs(-3600)).expires(kNow.addSecs(secsLeft)).build();
}

AccessRequest withStatus(AccessRequest r, RequestStatus::Kind kind)
{
    r.status = RequestStatus(kind);
    return r;
}

// What a label shows, without the zero-width break opportunities added for display.
QString shown(const QLabel *label)
{
    return PlainTextLabel::withoutBreaks(label->text());
}

// The longest request the console meets, and longer (see tst_requestdetailsview).
const QString kVm = u"vm-sap-app-uat-07"_s;
const QString kLongSubName =
    u"Contoso Subsurface Exploration & Production – Shared Services Landing Zone (EMEA North, Production)"_s;

AccessRequest longestRequest(const QString &id, int resources = 4)
{
    AccessRequest r = pendingRequest(id);
    r.resourceType = u"Microsoft.OpenEnergyPlatform/energyServices/dataPartitions"_s;
    const QString group =
        u"/subscriptions/%1/resourceGroups/rg-sap-s4hana-uat-westeurope-application-tier-001/providers/"_s.arg(kSub);
    r.resourceIds = {
        group + u"Microsoft.Compute/virtualMachines/"_s + kVm,
        group + u"Microsoft.Network/networkInterfaces/nic-vm-sap-app-uat-07-primary-ipconfiguration-01"_s,
        group + u"Microsoft.Compute/disks/vm-sap-app-uat-07_OsDisk_1_0123456789abcdef0123456789abcdef"_s,
        group + u"Microsoft.Sql/servers/sql-sap-uat-weu-001/databases/sapdb-uat-reporting-archive-2024"_s,
    };
    r.resourceIds = r.resourceIds.mid(0, resources);
    for (int i = 4; i < resources; ++i)
        r.resourceIds << group
                + u"Microsoft.Compute/virtualMachines/vm-sap-app-uat-%1"_s.arg(i, 2, 10, QLatin1Char('0'));
    r.supportRequest = u"2612050015000663"_s;
    r.supportCaseUrl = u"https://portal.azure.com/#resource/subscriptions/%1/providers/Microsoft.Support/"
                       "supportTickets/2612050015000663/overview?feature.customportal=false&l=en.en-us&sessionId="
                       "0f1a2b3c4d5e6f708192a3b4c5d6e7f80f1a2b3c4d5e6f708192a3b4c5d6e7f8"_s.arg(kSub);
    r.duration = u"Support request lifetime"_s;
    r.accessLevel = u"ReadWrite"_s;
    r.justification = u"As agreed in case 2612050015000663, we need to restart the application server behind "
                      "vm-sap-app-uat-07 to apply the kernel patch.\nPath: "_s
        + r.resourceIds.at(0)
        + u"\nQuery: https://contoso-adme-prod.energy.azure.com/api/search/v2/query_with_cursor?kind=osdu:wks:"
          "master-data--Wellbore:1.0.0&limit=1000\nToken: "_s
        + QString(180, u'x') + u"\nThe end."_s;
    return r;
}

// Whether the pixels just around `widget` (where a focus frame is drawn) differ between two grabs
// of `dialog`.
bool ringDiffers(const QImage &before, const QImage &after, const QWidget *dialog, const QWidget *widget)
{
    const QRect inner(widget->mapTo(dialog, QPoint(0, 0)), widget->size());
    const QRect outer = inner.adjusted(-2, -2, 2, 2);
    int differing = 0;
    for (int y = outer.top(); y <= outer.bottom(); ++y) {
        for (int x = outer.left(); x <= outer.right(); ++x) {
            if (!inner.adjusted(2, 2, -2, -2).contains(x, y) && before.rect().contains(x, y)
                && before.pixel(x, y) != after.pixel(x, y))
                ++differing;
        }
    }
    return differing > (inner.width() + inner.height()) / 2; // a good part of the outline changed
}

// Receives what QDesktopServices would open, so no browser starts.
class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

} // namespace

class TestDecisionDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void cancelIsDefaultAndHasFocus();
    void confirmArmsOnlyAfterTheDelay();
    void clickBeforeArmingDoesNothing();
    void enterNeverAccepts();
    void enterOnTheDialogCancels();
    void escapeRejects();
    void denyNeedsANonBlankReason();
    void approveNeedsNoReason();
    void clickingConfirmAcceptsWithTheReason();
    void mnemonicConfirmsOnlyWhenArmed();
    void switchingAwayDisarms();
    void singleRequestShowsWhatIsAsked();
    void serverTextIsShownVerbatim();
    void supportCaseOpensOnlyHttps_data();
    void supportCaseOpensOnlyHttps();
    void supportCaseOnAnotherHostAsksFirst();
    void notPendingAtOpenCannotBeConfirmed();
    void pastDeadlineCannotBeConfirmed();
    void expiryWhileOpenDisarms();
    void expiryJustBeforeTheClickIsCaught();
    void batchCountsAndExcludesUndecidable();
    void batchWithNothingLeftCannotBeConfirmed();
    void batchOfOneDecidable();
    void everyControlHasAnAccessibleName();
    void confirmCountsDownWhileArming();
    void everythingIsReadableAt1280x800_data();
    void everythingIsReadableAt1280x800();
    void resourceNameComesBeforeItsId();
    void keyboardFocusIsVisible_data();
    void keyboardFocusIsVisible();
    void batchRowsShowEveryFieldOfEveryRequest();
    void aBatchAboveTheThresholdNeedsItsNumberTyped();
    void wholeSubscriptionScope_data();
    void wholeSubscriptionScope();
    void wholeSubscriptionNeedsASecondConfirmation();
    void aChangeWhileOpenIsShownAndReArms();
    void aRemovalWhileOpenLeavesTheRequestOut();

private:
    static QPushButton *confirmButton(DecisionDialog &dialog);
    static QPushButton *cancelButton(DecisionDialog &dialog);
    static QPlainTextEdit *reasonEdit(DecisionDialog &dialog);
    static void showAndWait(DecisionDialog &dialog);
};

void TestDecisionDialog::initTestCase()
{
    lockbox::gui::initResources();
}

QPushButton *TestDecisionDialog::confirmButton(DecisionDialog &dialog)
{
    return dialog.findChild<QPushButton *>(u"confirmButton"_s);
}

QPushButton *TestDecisionDialog::cancelButton(DecisionDialog &dialog)
{
    auto *box = dialog.findChild<QDialogButtonBox *>();
    return box ? box->button(QDialogButtonBox::Cancel) : nullptr;
}

QPlainTextEdit *TestDecisionDialog::reasonEdit(DecisionDialog &dialog)
{
    return dialog.findChild<QPlainTextEdit *>(u"reasonEdit"_s);
}

void TestDecisionDialog::showAndWait(DecisionDialog &dialog)
{
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
}

void TestDecisionDialog::cancelIsDefaultAndHasFocus()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    showAndWait(dialog);
    QPushButton *cancel = cancelButton(dialog);
    QPushButton *confirm = confirmButton(dialog);
    QVERIFY(cancel);
    QVERIFY(confirm);
    QVERIFY(cancel->isDefault());
    QVERIFY(cancel->autoDefault());
    QVERIFY(!confirm->isDefault());
    QVERIFY(!confirm->autoDefault());
    QCOMPARE(dialog.focusWidget(), cancel);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTRY_COMPARE(QApplication::focusWidget(), cancel);
    QCOMPARE(dialog.windowTitle(), u"Approve Lockbox request"_s);
    QVERIFY2(confirm->text().startsWith(u"&Approve"_s), qPrintable(confirm->text())); // and a countdown
    QCOMPARE(dialog.armDelay(), DecisionDialog::kDefaultArmDelayMs);
}

void TestDecisionDialog::confirmArmsOnlyAfterTheDelay()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(400);
    QPushButton *confirm = confirmButton(dialog);
    QVERIFY(!confirm->isEnabled());
    QElapsedTimer visible;
    visible.start();
    showAndWait(dialog);
    QVERIFY(!confirm->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(confirm->isEnabled(), 10000);
    // A loaded machine only makes it later; a timer may fire a little early (coarse timers).
    QVERIFY2(visible.elapsed() >= 350, qPrintable(QString::number(visible.elapsed())));
}

void TestDecisionDialog::clickBeforeArmingDoesNothing()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(60 * 1000);
    showAndWait(dialog);
    QTest::qWait(200);
    QPushButton *confirm = confirmButton(dialog);
    QVERIFY(!confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
    QTest::qWait(300); // a mnemonic would click after a short animation
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // never set: still open
}

void TestDecisionDialog::enterNeverAccepts()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Deny, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QPlainTextEdit *reason = reasonEdit(dialog);
    QVERIFY(reason);
    reason->setFocus();
    QTest::keyClicks(reason, u"Not agreed"_s);
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());

    // In the reason field Enter is a line break.
    QTest::keyClick(reason, Qt::Key_Return);
    QTest::keyClick(reason, Qt::Key_Enter, Qt::KeypadModifier);
    QVERIFY(dialog.isVisible());
    QVERIFY(reason->toPlainText().contains(u'\n'));
    QCOMPARE(dialog.reason(), u"Not agreed"_s);

    // On the armed confirming button itself, Enter does nothing at all.
    confirm->setFocus();
    QTRY_VERIFY(confirm->hasFocus());
    QTest::keyClick(confirm, Qt::Key_Return);
    QTest::keyClick(confirm, Qt::Key_Enter, Qt::KeypadModifier);
    QTest::keyClick(confirm, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(confirm->isEnabled());
}

void TestDecisionDialog::enterOnTheDialogCancels()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    // Enter from the default button, or anywhere else in the dialog, reaches Cancel only.
    QTest::keyClick(&dialog, Qt::Key_Return);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    DecisionDialog second(Verdict::Approve, {pendingRequest(u"a2"_s)}, {}, clock);
    second.setArmDelay(0);
    showAndWait(second);
    QTRY_VERIFY(confirmButton(second)->isEnabled());
    QTest::keyClick(cancelButton(second), Qt::Key_Enter, Qt::KeypadModifier);
    QVERIFY(!second.isVisible());
    QCOMPARE(second.result(), int(QDialog::Rejected));
}

void TestDecisionDialog::escapeRejects()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestDecisionDialog::denyNeedsANonBlankReason()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Deny, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QCOMPARE(dialog.windowTitle(), u"Deny Lockbox request"_s);
    QPushButton *confirm = confirmButton(dialog);
    QCOMPARE(confirm->text(), u"&Deny"_s);
    auto *hint = dialog.findChild<QLabel *>(u"reasonHint"_s);
    QVERIFY(hint);
    QPlainTextEdit *reason = reasonEdit(dialog);

    reason->setPlainText(u"x"_s);
    QTRY_VERIFY(confirm->isEnabled()); // armed, with a reason
    QVERIFY(!hint->isVisible());

    for (const QString &blank : {QString(), u"   "_s, u"\n\t \n"_s}) {
        reason->setPlainText(blank);
        QVERIFY2(!confirm->isEnabled(), qPrintable(blank));
        QVERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(u"required"_s));
        QTest::mouseClick(confirm, Qt::LeftButton);
        QVERIFY(dialog.isVisible());
    }
    reason->setPlainText(u"  Not agreed with the service owner \n"_s);
    QVERIFY(confirm->isEnabled());
    QCOMPARE(dialog.reason(), u"Not agreed with the service owner"_s);
}

void TestDecisionDialog::approveNeedsNoReason()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());
    QVERIFY(reasonEdit(dialog)->toPlainText().isEmpty());
    QVERIFY(!dialog.findChild<QLabel *>(u"reasonHint"_s)->isVisible());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.verdict(), Verdict::Approve);
    QVERIFY(dialog.reason().isEmpty());
    QCOMPARE(dialog.requestIds(), QStringList {u"a1"_s});
}

void TestDecisionDialog::clickingConfirmAcceptsWithTheReason()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Deny, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(100);
    showAndWait(dialog);
    QTest::keyClicks(reasonEdit(dialog), u"Outside the change window"_s);
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.verdict(), Verdict::Deny);
    QCOMPARE(dialog.reason(), u"Outside the change window"_s);
    QCOMPARE(dialog.requestIds(), QStringList {u"a1"_s});
}

void TestDecisionDialog::mnemonicConfirmsOnlyWhenArmed()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(60 * 1000);
    showAndWait(dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
    QTest::qWait(300); // a mnemonic clicks after a short animation
    QVERIFY(dialog.isVisible());

    dialog.setArmDelay(0); // restarts the running arm timer
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestDecisionDialog::switchingAwayDisarms()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());

    QWidget other;
    other.resize(200, 100);
    other.show();
    other.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&other));
    QTRY_VERIFY(!confirm->isEnabled());

    dialog.setArmDelay(300);
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QVERIFY(!confirm->isEnabled()); // the delay starts again on return
    QTRY_VERIFY(confirm->isEnabled());
}

void TestDecisionDialog::singleRequestShowsWhatIsAsked()
{
    ManualClock clock(kNow);
    const AccessRequest request = pendingRequest(u"a1"_s, 2 * 3600 + 15 * 60);
    DecisionDialog dialog(Verdict::Approve, {request}, {{kSub, u"Contoso Production"_s}}, clock);
    showAndWait(dialog);

    auto label = [&](const char *name) {
        auto *l = dialog.findChild<PlainTextLabel *>(QString::fromLatin1(name));
        return l ? shown(l) : u"<missing>"_s;
    };
    QVERIFY(label("subscriptionValue").contains(u"Contoso Production"_s));
    QVERIFY(label("subscriptionValue").contains(kSub));
    QCOMPARE(label("resourceTypeValue"), u"Storage Account"_s);
    QCOMPARE(label("accessLevelValue"), u"Contributor"_s);
    QCOMPARE(label("durationValue"), u"8 h"_s);
    QVERIFY2(label("timeLeftValue").contains(u"2 h 15 min"_s), qPrintable(label("timeLeftValue")));
    QVERIFY(label("supportCaseValue").contains(u"2403010010001234"_s));

    auto *resources = dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s);
    QVERIFY(resources);
    // Each resource by its own name, then its full id.
    QCOMPARE(resources->toPlainText().split(u'\n'),
             (QStringList {u"st01"_s, request.resourceIds.at(0), u"vm-7"_s, request.resourceIds.at(1)}));
    auto *justification = dialog.findChild<QPlainTextEdit *>(u"justificationView"_s);
    QVERIFY(justification);
    QVERIFY(justification->isReadOnly());
    QCOMPARE(justification->toPlainText(), request.justification);
    QVERIFY(!dialog.findChild<PlainTextLabel *>(u"warningLabel"_s)->isVisible());

    // Without a known name the subscription id alone is shown; no access level says so.
    AccessRequest bare = request;
    bare.accessLevel.reset();
    bare.duration.clear();
    DecisionDialog second(Verdict::Approve, {bare}, {}, clock);
    QCOMPARE(shown(second.findChild<PlainTextLabel *>(u"subscriptionValue"_s)), kSub);
    QCOMPARE(second.findChild<PlainTextLabel *>(u"accessLevelValue"_s)->text(), u"Not stated"_s);
    QVERIFY(second.findChild<PlainTextLabel *>(u"durationValue"_s)->text().contains(u"8 h"_s));
}

void TestDecisionDialog::serverTextIsShownVerbatim()
{
    ManualClock clock(kNow);
    const QString html = u"<b>bold</b><a href='http://evil'>x</a>"_s;
    AccessRequest request = pendingRequest(u"a1"_s);
    request.justification = html;
    request.resourceType = html;
    request.accessLevel = html;
    request.supportRequest = u"<i>case</i> & more"_s;
    request.resourceIds = {html};
    DecisionDialog dialog(Verdict::Approve, {request}, {{kSub, html}}, clock);
    showAndWait(dialog);

    QCOMPARE(dialog.findChild<QPlainTextEdit *>(u"justificationView"_s)->toPlainText(), html);
    // The id as typed, on its own line after what reads as its name.
    QVERIFY(dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s)->toPlainText().split(u'\n').contains(html));
    auto *type = dialog.findChild<PlainTextLabel *>(u"resourceTypeValue"_s);
    QCOMPARE(shown(type), html);
    QCOMPARE(type->textFormat(), Qt::PlainText);
    QVERIFY(!type->openExternalLinks());
    QCOMPARE(shown(dialog.findChild<PlainTextLabel *>(u"accessLevelValue"_s)), html);
    QVERIFY(shown(dialog.findChild<PlainTextLabel *>(u"subscriptionValue"_s)).startsWith(html));
    QVERIFY(shown(dialog.findChild<PlainTextLabel *>(u"supportCaseValue"_s)).contains(u"<i>case</i> & more"_s));

    // Every label that can carry server text renders plain text; the rest hold our own words.
    const auto labels = dialog.findChildren<QLabel *>();
    for (QLabel *l : labels) {
        if (l->text().contains(u'<'))
            QVERIFY2(l->textFormat() == Qt::PlainText, qPrintable(l->objectName()));
    }
    const auto plainLabels = dialog.findChildren<PlainTextLabel *>();
    QVERIFY(plainLabels.size() >= 7);
    for (PlainTextLabel *l : plainLabels)
        QCOMPARE(l->textFormat(), Qt::PlainText);

    // Invisible direction overrides are shown as what they are, never obeyed nor hidden.
    AccessRequest tricky = pendingRequest(u"a2"_s);
    tricky.resourceType = u"exe.\u202Etxt"_s;
    DecisionDialog second(Verdict::Approve, {tricky}, {}, clock);
    QCOMPARE(shown(second.findChild<PlainTextLabel *>(u"resourceTypeValue"_s)), u"exe.\\u202Etxt"_s);
}

void TestDecisionDialog::supportCaseOpensOnlyHttps_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("openable");
    QTest::newRow("https") << u"https://portal.azure.com/#support/case/1"_s << true;
    QTest::newRow("http") << u"http://evil.example/case"_s << false;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("userinfo") << u"https://user:pw@evil.example/"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestDecisionDialog::supportCaseOpensOnlyHttps()
{
    QFETCH(QString, url);
    QFETCH(bool, openable);
    UrlCatcher catcher;
    for (const QString &scheme : {u"https"_s, u"http"_s, u"file"_s, u"javascript"_s})
        QDesktopServices::setUrlHandler(scheme, &catcher, "open");

    ManualClock clock(kNow);
    AccessRequest request = pendingRequest(u"a1"_s);
    request.supportCaseUrl = url;
    {
        DecisionDialog dialog(Verdict::Approve, {request}, {}, clock);
        showAndWait(dialog);
        auto *button = dialog.findChild<QToolButton *>(u"supportCaseButton"_s);
        QVERIFY(button);
        QCOMPARE(button->isVisible(), openable);
        auto *text = dialog.findChild<PlainTextLabel *>(u"supportCaseValue"_s);
        if (openable) {
            QCOMPARE(button->text(), u"Open"_s);
            QCOMPARE(shown(dialog.findChild<PlainTextLabel *>(u"supportCaseUrlValue"_s)), url); // in full
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(catcher.urls, QList<QUrl> {QUrl(url)});
        } else {
            QVERIFY(text->isVisible());
            QVERIFY(shown(text).contains(url)); // shown for what it is
            QVERIFY(catcher.urls.isEmpty());
        }
    }
    for (const QString &scheme : {u"https"_s, u"http"_s, u"file"_s, u"javascript"_s})
        QDesktopServices::unsetUrlHandler(scheme);
}

void TestDecisionDialog::supportCaseOnAnotherHostAsksFirst()
{
    // The dialog's Open follows the details pane's rule: a host other than the Azure portal's is
    // named and opened only when the user says so.
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"https"_s, &catcher, "open");
    ManualClock clock(kNow);
    AccessRequest request = pendingRequest(u"a1"_s);
    request.supportCaseUrl = u"https://portal.azure.com.login-check.example/case"_s;
    {
        DecisionDialog dialog(Verdict::Approve, {request}, {}, clock);
        showAndWait(dialog);
        auto *button = dialog.findChild<QToolButton *>(u"supportCaseButton"_s);
        QVERIFY(button && button->isVisible());
        QVERIFY2(button->toolTip().contains(u"portal.azure.com.login-check.example"_s), qPrintable(button->toolTip()));
        QTest::mouseClick(button, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = dialog.findChild<QMessageBox *>(u"supportCaseConfirm"_s)) && box->isVisible(),
                                 10000);
        QVERIFY(catcher.urls.isEmpty());
        QCOMPARE(box->textFormat(), Qt::PlainText);
        QVERIFY2(box->text().contains(u"\n\nportal.azure.com.login-check.example\n\n"_s), qPrintable(box->text()));
        box->findChild<QPushButton *>(u"supportCaseConfirmOpen"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(catcher.urls, QList<QUrl> {QUrl(request.supportCaseUrl)}, 10000);
    }
    QDesktopServices::unsetUrlHandler(u"https"_s);
}

void TestDecisionDialog::notPendingAtOpenCannotBeConfirmed()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {withStatus(pendingRequest(u"a1"_s), RequestStatus::Kind::Approved)}, {},
                          clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(shown(warning).contains(u"no longer pending"_s), qPrintable(warning->text()));
    QVERIFY(shown(warning).contains(u"Approved"_s));
    QTest::qWait(300); // well past the (zero) arm delay
    QVERIFY(!confirmButton(dialog)->isEnabled());
    QVERIFY(dialog.requestIds().isEmpty());
}

void TestDecisionDialog::pastDeadlineCannotBeConfirmed()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Deny, {pendingRequest(u"a1"_s, -60)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    reasonEdit(dialog)->setPlainText(u"late"_s);
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(shown(warning).contains(u"expired"_s), qPrintable(warning->text()));
    QTest::qWait(300);
    QVERIFY(!confirmButton(dialog)->isEnabled());
    QVERIFY(dialog.requestIds().isEmpty());

    // A request without an expiry expires kPendingLifetimeDays after creation.
    AccessRequest old = pendingRequest(u"a2"_s);
    old.expirationDateTime = QDateTime();
    old.createdDateTime = kNow.addDays(-lockbox::kPendingLifetimeDays).addSecs(-1);
    DecisionDialog second(Verdict::Approve, {old}, {}, clock);
    QVERIFY(second.requestIds().isEmpty());
}

void TestDecisionDialog::expiryWhileOpenDisarms()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s, 120)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());
    clock.advanceSecs(180);
    QTRY_VERIFY_WITH_TIMEOUT(!confirm->isEnabled(), 10000);
    QVERIFY(dialog.findChild<PlainTextLabel *>(u"warningLabel"_s)->isVisible());
    QVERIFY(dialog.requestIds().isEmpty());
}

void TestDecisionDialog::expiryJustBeforeTheClickIsCaught()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s, 120)}, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QPushButton *confirm = confirmButton(dialog);
    QTRY_VERIFY(confirm->isEnabled());
    clock.advanceSecs(180); // no refresh tick has run yet
    QTest::mouseClick(confirm, Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.result() != QDialog::Accepted);
    QVERIFY(!confirm->isEnabled());
}

void TestDecisionDialog::batchCountsAndExcludesUndecidable()
{
    ManualClock clock(kNow);
    const QList<AccessRequest> requests = {
        pendingRequest(u"p1"_s), withStatus(pendingRequest(u"done"_s), RequestStatus::Kind::Approved),
        pendingRequest(u"p2"_s), pendingRequest(u"late"_s, -1),
        pendingRequest(u"p3"_s),
    };
    DecisionDialog dialog(Verdict::Approve, requests, {{kSub, u"Contoso"_s}}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QCOMPARE(dialog.windowTitle(), u"Approve 5 Lockbox requests"_s);
    QVERIFY(dialog.findChild<QLabel *>(u"headingLabel"_s)->text().contains(u"5 requests"_s));
    QCOMPARE(dialog.requestIds(), (QStringList {u"p1"_s, u"p2"_s, u"p3"_s}));
    QPushButton *confirm = confirmButton(dialog);
    QTRY_COMPARE(confirm->text(), u"&Approve 3 requests"_s);

    auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
    QVERIFY(list);
    QVERIFY(list->isVisible());
    QCOMPARE(list->count(), 5);
    int leftOut = 0;
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem *item = list->item(i);
        // Both resources by their own names first, then every field, each resource id in full.
        const QStringList lines = item->text().split(u'\n');
        const bool excluded = item->text().startsWith(u"Left out"_s);
        QCOMPARE(lines.at(excluded ? 1 : 0), u"%1. st01, vm-7"_s.arg(i + 1));
        QVERIFY(lines.contains(u"Subscription: Contoso (%1)"_s.arg(kSub)));
        QVERIFY(lines.contains(requests.at(i).resourceIds.at(0)));
        QVERIFY(lines.contains(requests.at(i).resourceIds.at(1)));
        QCOMPARE(excluded, !(item->flags() & Qt::ItemIsEnabled));
        QCOMPARE(excluded, !dialog.requestIds().contains(item->data(Qt::UserRole).toString()));
        leftOut += excluded;
    }
    QCOMPARE(leftOut, 2);
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(shown(warning).startsWith(u"2 of these requests"_s), qPrintable(warning->text()));

    QTRY_VERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.requestIds(), (QStringList {u"p1"_s, u"p2"_s, u"p3"_s}));

    DecisionDialog deny(Verdict::Deny, {pendingRequest(u"p1"_s), pendingRequest(u"p2"_s)}, {}, clock);
    QCOMPARE(deny.windowTitle(), u"Deny 2 Lockbox requests"_s);
    QCOMPARE(confirmButton(deny)->text(), u"&Deny 2 requests"_s);
}

void TestDecisionDialog::batchWithNothingLeftCannotBeConfirmed()
{
    ManualClock clock(kNow);
    AccessRequest weird = pendingRequest(u"b"_s);
    weird.status = RequestStatus::fromString(u"<b>Weird</b>"_s); // a status Azure never documented
    DecisionDialog dialog(
        Verdict::Deny,
        {withStatus(pendingRequest(u"a"_s), RequestStatus::Kind::Denied), weird, pendingRequest(u"c"_s, -5)}, {},
        clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    reasonEdit(dialog)->setPlainText(u"no"_s);
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(shown(warning).startsWith(u"None of these"_s));
    QTest::qWait(300);
    QVERIFY(!confirmButton(dialog)->isEnabled());
    QVERIFY(dialog.requestIds().isEmpty());
    QCOMPARE(dialog.findChild<QListWidget *>(u"batchList"_s)->count(), 3);

    DecisionDialog empty(Verdict::Approve, {}, {}, clock);
    empty.setArmDelay(0);
    showAndWait(empty);
    QTest::qWait(100);
    QVERIFY(!confirmButton(empty)->isEnabled());
    QVERIFY(empty.findChild<PlainTextLabel *>(u"warningLabel"_s)->isVisible());
}

void TestDecisionDialog::batchOfOneDecidable()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve,
                          {pendingRequest(u"p1"_s), withStatus(pendingRequest(u"x"_s), RequestStatus::Kind::Expired)},
                          {}, clock);
    QCOMPARE(confirmButton(dialog)->text(), u"&Approve 1 request"_s);
    QCOMPARE(dialog.requestIds(), QStringList {u"p1"_s});
}

void TestDecisionDialog::everyControlHasAnAccessibleName()
{
    ManualClock clock(kNow);
    for (const QList<AccessRequest> &requests :
         {QList<AccessRequest> {pendingRequest(u"a"_s)},
          QList<AccessRequest> {pendingRequest(u"a"_s), pendingRequest(u"b"_s)}}) {
        DecisionDialog dialog(Verdict::Deny, requests, {}, clock);
        QStringList unnamed;
        const auto widgets = dialog.findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractScrollArea *>(w)
                || qobject_cast<PlainTextLabel *>(w);
            if (control && w->accessibleName().isEmpty() && !w->objectName().startsWith(u"qt_"_s))
                unnamed << (w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                      : w->objectName());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
        QCOMPARE(confirmButton(dialog)->accessibleName(), confirmButton(dialog)->text().remove(u'&'));
    }
}

void TestDecisionDialog::confirmCountsDownWhileArming()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    QPushButton *confirm = confirmButton(dialog);
    QCOMPARE(confirm->text(), u"&Approve"_s); // nothing counts before the dialog shows
    dialog.setArmDelay(60 * 1000);
    showAndWait(dialog);
    // The seconds left, from the arm timer: however slow this machine, between 1 and 60.
    const QRegularExpression counting(u"^&Approve \\((\\d+)\\)$"_s);
    QRegularExpressionMatch match = counting.match(confirm->text());
    QVERIFY2(match.hasMatch(), qPrintable(confirm->text()));
    QVERIFY2(match.captured(1).toInt() >= 1 && match.captured(1).toInt() <= 60, qPrintable(confirm->text()));
    QVERIFY(!confirm->isEnabled());
    QVERIFY2(confirm->toolTip().contains(u"stray click"_s), qPrintable(confirm->toolTip())); // and why
    QCOMPARE(confirm->accessibleName(), u"Approve"_s);

    // A short delay counts down, never up, and ends on the plain, enabled button.
    dialog.setArmDelay(2200);
    QList<int> seen;
    QElapsedTimer waited;
    waited.start();
    while (!confirm->isEnabled() && waited.elapsed() < 20000) {
        match = counting.match(confirm->text());
        if (match.hasMatch() && (seen.isEmpty() || seen.constLast() != match.captured(1).toInt()))
            seen << match.captured(1).toInt();
        QTest::qWait(20);
    }
    QVERIFY(confirm->isEnabled());
    QCOMPARE(confirm->text(), u"&Approve"_s);
    QVERIFY(confirm->toolTip().isEmpty());
    QVERIFY(!seen.isEmpty());
    QVERIFY2(seen.constFirst() <= 3, qPrintable(QString::number(seen.constFirst())));
    QVERIFY(std::is_sorted(seen.crbegin(), seen.crend()));

    // Switching away stops the count; coming back starts it again.
    QWidget other;
    other.resize(200, 100);
    other.show();
    other.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&other));
    QTRY_VERIFY(!confirm->isEnabled());
    dialog.setArmDelay(60 * 1000);
    dialog.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTRY_VERIFY2(counting.match(confirm->text()).hasMatch(), qPrintable(confirm->text()));

    // A batch counts down on its own words.
    DecisionDialog batch(Verdict::Deny, {pendingRequest(u"p1"_s), pendingRequest(u"p2"_s)}, {}, clock);
    batch.setArmDelay(60 * 1000);
    showAndWait(batch);
    QVERIFY2(confirmButton(batch)->text().startsWith(u"&Deny 2 requests ("_s),
             qPrintable(confirmButton(batch)->text()));
    QCOMPARE(confirmButton(batch)->accessibleName(), u"Deny 2 requests"_s);
}

void TestDecisionDialog::everythingIsReadableAt1280x800_data()
{
    QTest::addColumn<int>("resources");
    QTest::addColumn<bool>("batch");
    QTest::addColumn<bool>("german");
    QTest::newRow("one request, 1 resource") << 1 << false << false;
    QTest::newRow("one request, 4 resources") << 4 << false << false;
    QTest::newRow("one request, 40 resources") << 40 << false << false;
    QTest::newRow("12 requests") << 4 << true << false;
    // German words are longer: the dialog still shows all of them.
    QTest::newRow("German, one request, 4 resources") << 4 << false << true;
    QTest::newRow("German, 12 requests") << 4 << true << true;
}

void TestDecisionDialog::everythingIsReadableAt1280x800()
{
    QFETCH(int, resources);
    QFETCH(bool, batch);
    QFETCH(bool, german);
    std::optional<lockbox::test::ScopedLanguage> language;
    if (german)
        language.emplace(QLocale(QLocale::German, QLocale::Germany));
    ManualClock clock(kNow);
    QList<AccessRequest> requests = {longestRequest(u"a1"_s, resources)};
    if (batch) {
        for (int i = 2; i <= 12; ++i)
            requests << longestRequest(u"a%1"_s.arg(i), resources);
        requests[3].status = lockbox::RequestStatus(RequestStatus::Kind::Approved);
    }
    DecisionDialog dialog(Verdict::Deny, requests, {{kSub, kLongSubName}}, clock);
    showAndWait(dialog);
    QTest::qWait(50); // the dialog fits itself to its content once shown
    // At most 720 px tall, so that it fits a 1280 × 800 screen; what is more scrolls vertically.
    QVERIFY2(dialog.frameGeometry().height() <= DecisionDialog::kMaxHeight,
             qPrintable(u"%1 %2 %3 %4"_s.arg(dialog.frameGeometry().height())
                            .arg(dialog.height())
                            .arg(dialog.minimumSizeHint().height())
                            .arg(dialog.screen()->availableGeometry().height())));
    // Long values wrap rather than widen the dialog past the width it opens at.
    QVERIFY2(dialog.width() <= 640, qPrintable(QString::number(dialog.width())));
    QTRY_VERIFY2(hiddenText(&dialog).isEmpty(), qPrintable(hiddenText(&dialog).join(u'\n')));
    if (german)
        QVERIFY2(confirmButton(dialog)->text().remove(u'&').contains(u"ablehnen"_s, Qt::CaseInsensitive),
                 qPrintable(confirmButton(dialog)->text()));

    if (batch) {
        // Each request's resources by their own names first, every id in full below; every row
        // is as tall as its text wrapped to the list's width.
        auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
        QCOMPARE(list->count(), 12);
        QVERIFY2(list->item(0)->text().startsWith(u"1. "_s + kVm
                                                  + u", nic-vm-sap-app-uat-07-primary-ipconfiguration-01, "_s),
                 qPrintable(list->item(0)->text()));
        const QFontMetrics metrics = list->fontMetrics();
        const int width = list->viewport()->width() - 2 * list->spacing() - 8;
        for (int i = 0; i < list->count(); ++i) {
            const QString text = list->item(i)->text();
            const QRect needed = metrics.boundingRect(QRect(0, 0, width, 1000000), Qt::TextWordWrap,
                                                      PlainTextLabel::breakable(text, metrics, width));
            const int has = list->visualItemRect(list->item(i)).height();
            QVERIFY2(needed.height() <= has, qPrintable(u"row %1: %2 > %3"_s.arg(i).arg(needed.height()).arg(has)));
            for (const QString &id : requests.at(i).resourceIds)
                QVERIFY2(text.contains(u'\n' + id + u'\n'), qPrintable(id));
            QVERIFY(text.contains(kLongSubName + u" ("_s + kSub + u')'));
            if (!german)
                QVERIFY(text.contains(u"Access level: ReadWrite · Duration: Support request lifetime"_s));
        }
        // More than ten at once: their number is asked for, in words that can be read whole.
        QVERIFY(dialog.findChild<QLineEdit *>(u"confirmCountEdit"_s)->isVisible());
        return;
    }
    // The resources box shows every resource, scrolling down (never sideways) when there are many.
    auto *box = dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s);
    QVERIFY(box->height() <= DecisionDialog::kMaxResourcesHeight);
    QCOMPARE(box->horizontalScrollBar()->maximum(), 0);
    QCOMPARE(box->toPlainText().split(u'\n').size(), 2 * resources);
    if (resources > 10)
        QVERIFY(box->verticalScrollBar()->maximum() > 0);
    else if (resources == 1)
        QCOMPARE(box->verticalScrollBar()->maximum(), 0); // one resource: all in sight
}

void TestDecisionDialog::resourceNameComesBeforeItsId()
{
    ManualClock clock(kNow);
    const AccessRequest request = longestRequest(u"a1"_s);
    DecisionDialog dialog(Verdict::Approve, {request}, {}, clock);
    showAndWait(dialog);
    auto *box = dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s);
    QTextBlock block = box->document()->begin();
    const QStringList names = {kVm, u"nic-vm-sap-app-uat-07-primary-ipconfiguration-01"_s,
                               u"vm-sap-app-uat-07_OsDisk_1_0123456789abcdef0123456789abcdef"_s,
                               u"sapdb-uat-reporting-archive-2024"_s};
    for (qsizetype i = 0; i < request.resourceIds.size(); ++i) {
        QVERIFY(block.isValid());
        QCOMPARE(block.text(), names.at(i)); // the name first, in full and bold
        QVERIFY(block.charFormat().fontWeight() >= QFont::Bold
                || block.begin().fragment().charFormat().fontWeight() >= QFont::Bold);
        block = block.next();
        QCOMPARE(block.text(), request.resourceIds.at(i)); // then the full id, not bold
        QVERIFY(block.begin().fragment().charFormat().fontWeight() < QFont::Bold);
        block = block.next();
    }
    QVERIFY(!block.isValid());
    // The first name is in sight without scrolling.
    QCOMPARE(box->verticalScrollBar()->value(), 0);
}

void TestDecisionDialog::keyboardFocusIsVisible_data()
{
    QTest::addColumn<QString>("style");
    for (const QString &key : QStyleFactory::keys())
        QTest::newRow(qPrintable(key)) << key;
}

void TestDecisionDialog::keyboardFocusIsVisible()
{
    QFETCH(QString, style);
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a1"_s)}, {}, clock);
    std::unique_ptr<QStyle> theStyle(QStyleFactory::create(style));
    QVERIFY(theStyle);
    dialog.setStyle(theStyle.get());
    const auto children = dialog.findChildren<QWidget *>();
    for (QWidget *w : children)
        w->setStyle(theStyle.get());
    dialog.setArmDelay(0);
    showAndWait(dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QTest::qWait(50);

    auto *resources = dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s);
    auto *justification = dialog.findChild<QPlainTextEdit *>(u"justificationView"_s);
    QPlainTextEdit *reason = reasonEdit(dialog);
    QPushButton *cancel = cancelButton(dialog);
    for (QWidget *target : {static_cast<QWidget *>(resources), static_cast<QWidget *>(justification),
                            static_cast<QWidget *>(cancel), static_cast<QWidget *>(reason)}) {
        // Focus elsewhere, then on the target: what surrounds the target must change.
        QWidget *elsewhere = target == reason ? static_cast<QWidget *>(resources) : static_cast<QWidget *>(reason);
        elsewhere->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(elsewhere->hasFocus());
        QTest::qWait(20);
        const QImage before = dialog.grab().toImage();
        target->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(target->hasFocus());
        QTest::qWait(20);
        const QImage after = dialog.grab().toImage();
        QVERIFY2(ringDiffers(before, after, &dialog, target), qPrintable(target->objectName()));
    }
}

void TestDecisionDialog::batchRowsShowEveryFieldOfEveryRequest()
{
    ManualClock clock(kNow);
    AccessRequest first = pendingRequest(u"a1"_s);
    first.duration = u"4"_s;
    first.accessLevel = u"ReadOnly"_s;
    first.justification = u"Read the logs.\nThen restart the app pool."_s;
    AccessRequest second = longestRequest(u"a2"_s, 60); // sixty resources, none cut
    second.subscriptionId = u"99999999-0000-0000-0000-000000000000"_s;
    // Two subscriptions of one name: only the id tells them apart.
    const QHash<QString, QString> names = {{kSub, u"Production"_s}, {second.subscriptionId, u"Production"_s}};
    DecisionDialog dialog(Verdict::Approve, {first, second}, names, clock);
    showAndWait(dialog);
    auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
    QCOMPARE(list->count(), 2);

    const QStringList a = list->item(0)->text().split(u'\n');
    QCOMPARE(a.at(0), u"1. st01, vm-7"_s);
    QVERIFY2(a.contains(u"Subscription: Production (%1)"_s.arg(kSub)), qPrintable(a.join(u'|')));
    QVERIFY(a.contains(first.resourceIds.at(0)));
    QVERIFY(a.contains(first.resourceIds.at(1)));
    QVERIFY(a.contains(u"Type: Storage Account"_s));
    QVERIFY2(a.filter(u"Access level: ReadOnly · Duration: 4 h · "_s).size() == 1, qPrintable(a.join(u'|')));
    QVERIFY(a.filter(u"Access level:"_s).constFirst().endsWith(u" left"_s));
    QVERIFY(a.contains(u"Justification: Read the logs."_s));
    QVERIFY(a.contains(u"Then restart the app pool."_s));

    const QString b = list->item(1)->text();
    QVERIFY(b.contains(u"Subscription: Production (99999999-0000-0000-0000-000000000000)"_s));
    for (const QString &id : second.resourceIds)
        QVERIFY2(b.split(u'\n').contains(id), qPrintable(id)); // every one, each in full
    QVERIFY(!b.contains(u"more"_s));
    QVERIFY(b.contains(u"Access level: ReadWrite · Duration: Support request lifetime"_s));

    // Server text stays text: hidden characters are shown, markup is not rendered.
    AccessRequest hostile = pendingRequest(u"h1"_s);
    hostile.resourceIds = {u"/subscriptions/%1/resourceGroups/rg/providers/X/y/<b>vm</b>\u202Egpj.exe"_s.arg(kSub)};
    hostile.accessLevel = u"Read\u200BWrite"_s;
    DecisionDialog shown(Verdict::Approve, {hostile, pendingRequest(u"h2"_s)}, {}, clock);
    const QString text = shown.findChild<QListWidget *>(u"batchList"_s)->item(0)->text();
    QVERIFY2(text.contains(u"<b>vm</b>\\u202Egpj.exe"_s), qPrintable(text));
    QVERIFY(text.contains(u"Read\\u200BWrite"_s));
    QVERIFY(!text.contains(QChar(0x202E)));
    QVERIFY(!text.contains(QChar(0x200B)));
}

void TestDecisionDialog::aBatchAboveTheThresholdNeedsItsNumberTyped()
{
    ManualClock clock(kNow);
    QList<AccessRequest> ten;
    for (int i = 0; i < DecisionDialog::kConfirmCountAbove; ++i)
        ten << pendingRequest(u"p%1"_s.arg(i));
    {
        // Ten at once: the arm delay is enough.
        DecisionDialog dialog(Verdict::Approve, ten, {}, clock);
        dialog.setArmDelay(0);
        showAndWait(dialog);
        QVERIFY(!dialog.findChild<QWidget *>(u"confirmationFrame"_s)->isVisible());
        QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    }
    for (const Verdict verdict : {Verdict::Approve, Verdict::Deny}) {
        // Eleven, one of them no longer pending: ten to decide, no number asked.
        QList<AccessRequest> requests = ten;
        requests << withStatus(pendingRequest(u"done"_s), RequestStatus::Kind::Approved);
        DecisionDialog notMore(verdict, requests, {}, clock);
        notMore.setArmDelay(0);
        showAndWait(notMore);
        QVERIFY(!notMore.findChild<QLineEdit *>(u"confirmCountEdit"_s)->isVisible());

        requests << pendingRequest(u"p11"_s);
        DecisionDialog dialog(verdict, requests, {}, clock);
        dialog.setArmDelay(200);
        showAndWait(dialog);
        reasonEdit(dialog)->setPlainText(u"batch"_s);
        auto *count = dialog.findChild<QLineEdit *>(u"confirmCountEdit"_s);
        auto *label = dialog.findChild<QLabel *>(u"confirmCountLabel"_s);
        QVERIFY(count->isVisible());
        QVERIFY2(label->text().contains(u"11 requests at once"_s), qPrintable(label->text()));
        QCOMPARE(label->buddy(), count);
        // Armed, but not confirmed: the button stays grey, and a click does nothing.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isArmed(), 10000);
        QVERIFY(!confirmButton(dialog)->isEnabled());
        QTest::mouseClick(confirmButton(dialog), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        for (const QString &wrong : {u"12"_s, u"1"_s, u"eleven"_s, u"10"_s}) {
            count->setText(wrong);
            QVERIFY2(!confirmButton(dialog)->isEnabled(), qPrintable(wrong));
        }
        count->setText(u" 11 "_s);
        QVERIFY(confirmButton(dialog)->isEnabled());
        // Enter after the number neither confirms nor cancels.
        count->setFocus();
        QTRY_VERIFY(count->hasFocus());
        QTest::keyClick(count, Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.result() != QDialog::Accepted);
        QTest::mouseClick(confirmButton(dialog), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.requestIds().size(), 11);
    }

    // The number is the one decided now: when one expires, the number typed no longer fits.
    QList<AccessRequest> requests = ten;
    requests << pendingRequest(u"short"_s, 120) << pendingRequest(u"p12"_s);
    DecisionDialog dialog(Verdict::Approve, requests, {}, clock);
    dialog.setArmDelay(0);
    showAndWait(dialog);
    auto *count = dialog.findChild<QLineEdit *>(u"confirmCountEdit"_s);
    count->setText(u"12"_s);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    clock.advanceSecs(180);
    QTRY_VERIFY(!confirmButton(dialog)->isEnabled());
    count->setText(u"11"_s);
    QVERIFY(confirmButton(dialog)->isEnabled());
}

void TestDecisionDialog::wholeSubscriptionScope_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("whole");
    QTest::newRow("subscription") << u"/subscriptions/%1"_s.arg(kSub) << true;
    QTest::newRow("trailing slash") << u"/subscriptions/%1/"_s.arg(kSub) << true;
    QTest::newRow("any case") << u"/SUBSCRIPTIONS/%1"_s.arg(kSub) << true;
    QTest::newRow("spaces") << u"  /subscriptions/%1 "_s.arg(kSub) << true;
    QTest::newRow("resource group") << u"/subscriptions/%1/resourceGroups/rg"_s.arg(kSub) << false;
    QTest::newRow("resource") << longestRequest(u"x"_s).resourceIds.constFirst() << false;
    QTest::newRow("no id") << u"/subscriptions/"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestDecisionDialog::wholeSubscriptionScope()
{
    QFETCH(QString, id);
    QFETCH(bool, whole);
    QCOMPARE(DecisionDialog::isWholeSubscription(id), whole);
}

void TestDecisionDialog::wholeSubscriptionNeedsASecondConfirmation()
{
    ManualClock clock(kNow);
    AccessRequest wide = pendingRequest(u"wide"_s);
    wide.resourceIds = {u"/subscriptions/%1"_s.arg(kSub)};
    const QHash<QString, QString> names = {{kSub, u"Contoso Production"_s}};

    // One request: the dialog says which subscription, and the box must be ticked.
    {
        DecisionDialog dialog(Verdict::Approve, {wide}, names, clock);
        dialog.setArmDelay(0);
        showAndWait(dialog);
        auto *check = dialog.findChild<QCheckBox *>(u"wholeSubscriptionCheck"_s);
        auto *label = dialog.findChild<QLabel *>(u"wholeSubscriptionLabel"_s);
        QVERIFY(check->isVisible());
        QVERIFY2(label->text().contains(u"whole subscription Contoso Production (%1)"_s.arg(kSub)),
                 qPrintable(label->text()));
        QVERIFY(!dialog.findChild<QLineEdit *>(u"confirmCountEdit"_s)->isVisible());
        QTest::qWait(200);
        QVERIFY(!confirmButton(dialog)->isEnabled());
        QVERIFY(!check->isChecked());
        QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(8, check->height() / 2)); // on its box
        QVERIFY(check->isChecked());
        QTRY_VERIFY(confirmButton(dialog)->isEnabled());
        // The resources box names it for what it is.
        QVERIFY(dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s)
                    ->toPlainText()
                    .startsWith(u"The whole subscription\n"_s));
        QTest::mouseClick(confirmButton(dialog), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    // In a batch: the rows that reach a whole subscription say so.
    {
        DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a"_s), wide, pendingRequest(u"b"_s)}, names, clock);
        dialog.setArmDelay(0);
        showAndWait(dialog);
        auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
        QVERIFY(list->item(1)->text().contains(u"Scope: the whole subscription"_s));
        QVERIFY(!list->item(0)->text().contains(u"whole subscription"_s));
        auto *label = dialog.findChild<QLabel *>(u"wholeSubscriptionLabel"_s);
        QVERIFY2(label->text().startsWith(u"1 of these requests"_s), qPrintable(label->text()));
        QTest::qWait(200);
        QVERIFY(!confirmButton(dialog)->isEnabled());
        dialog.findChild<QCheckBox *>(u"wholeSubscriptionCheck"_s)->setChecked(true);
        QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    }
    // Denying grants nothing: no second confirmation.
    {
        DecisionDialog dialog(Verdict::Deny, {wide}, names, clock);
        dialog.setArmDelay(0);
        showAndWait(dialog);
        reasonEdit(dialog)->setPlainText(u"too wide"_s);
        QVERIFY(!dialog.findChild<QWidget *>(u"confirmationFrame"_s)->isVisible());
        QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    }
    // A request no longer pending is not asked about.
    {
        DecisionDialog dialog(Verdict::Approve,
                              {pendingRequest(u"a"_s), withStatus(wide, RequestStatus::Kind::Expired)}, names, clock);
        dialog.setArmDelay(0);
        showAndWait(dialog);
        QVERIFY(!dialog.findChild<QWidget *>(u"confirmationFrame"_s)->isVisible());
        QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    }
}

void TestDecisionDialog::aChangeWhileOpenIsShownAndReArms()
{
    ManualClock clock(kNow);
    QList<AccessRequest> requests;
    for (int i = 0; i < 12; ++i)
        requests << pendingRequest(u"p%1"_s.arg(i));
    DecisionDialog dialog(Verdict::Approve, requests, {}, clock);
    dialog.setArmDelay(300);
    showAndWait(dialog);
    auto *count = dialog.findChild<QLineEdit *>(u"confirmCountEdit"_s);
    count->setText(u"12"_s);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());

    // The same content again (a sync that changed nothing here, or only the approval time): nothing moves.
    AccessRequest same = requests.at(3);
    same.approvedAt = kNow;
    dialog.updateRequests({same, pendingRequest(u"not-shown"_s)});
    QVERIFY(confirmButton(dialog)->isEnabled());
    QCOMPARE(count->text(), u"12"_s);

    // Request p3 now reaches the whole subscription.
    AccessRequest wider = requests.at(3);
    wider.resourceIds << u"/subscriptions/%1"_s.arg(kSub);
    dialog.updateRequests({wider});
    QVERIFY(!dialog.isArmed());
    // Marked in words, the whole confirmation again: the count, the new scope, the arm delay.
    auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
    QVERIFY2(list->item(3)->text().startsWith(u"Changed on the server while this dialog was open"_s),
             qPrintable(list->item(3)->text()));
    QVERIFY(list->item(3)->text().contains(u"\n/subscriptions/%1\n"_s.arg(kSub)));
    QVERIFY(!list->item(2)->text().startsWith(u"Changed"_s));
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(shown(warning).startsWith(u"1 of these requests changed on the server"_s), qPrintable(shown(warning)));
    QVERIFY(!confirmButton(dialog)->isEnabled());
    QVERIFY(count->text().isEmpty());
    QVERIFY(confirmButton(dialog)->text().contains(u'('));
    auto *check = dialog.findChild<QCheckBox *>(u"wholeSubscriptionCheck"_s);
    QVERIFY(check->isVisible());
    // What is confirmed now is what the dialog shows.
    QCOMPARE(dialog.decidableRequests().at(3), wider);

    count->setText(u"12"_s);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isArmed(), 10000); // armed again, but the new scope is not confirmed
    QVERIFY(!confirmButton(dialog)->isEnabled());
    check->setChecked(true);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    QTest::mouseClick(confirmButton(dialog), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.decidableRequests().at(3).resourceIds, wider.resourceIds);

    // One request: its fields show the new content, and it arms again.
    DecisionDialog single(Verdict::Deny, {pendingRequest(u"s"_s)}, {}, clock);
    single.setArmDelay(300);
    showAndWait(single);
    reasonEdit(single)->setPlainText(u"no"_s);
    QTRY_VERIFY(confirmButton(single)->isEnabled());
    AccessRequest longer = pendingRequest(u"s"_s);
    longer.duration = u"8"_s;
    longer.accessLevel = u"Owner"_s;
    single.updateRequests({longer});
    QVERIFY(!confirmButton(single)->isEnabled());
    QCOMPARE(shown(single.findChild<PlainTextLabel *>(u"accessLevelValue"_s)), u"Owner"_s);
    QVERIFY2(shown(single.findChild<PlainTextLabel *>(u"warningLabel"_s)).contains(u"changed on the server"_s),
             qPrintable(shown(single.findChild<PlainTextLabel *>(u"warningLabel"_s))));
    QTRY_VERIFY(confirmButton(single)->isEnabled());
    QCOMPARE(single.decidableRequests(), QList<AccessRequest> {longer});
}

void TestDecisionDialog::aRemovalWhileOpenLeavesTheRequestOut()
{
    ManualClock clock(kNow);
    DecisionDialog dialog(Verdict::Approve, {pendingRequest(u"a"_s), pendingRequest(u"b"_s)}, {}, clock);
    dialog.setArmDelay(300);
    showAndWait(dialog);
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    dialog.removeRequests({u"B"_s}); // ids are case-insensitive
    QVERIFY(!confirmButton(dialog)->isEnabled());
    QCOMPARE(dialog.requestIds(), QStringList {u"a"_s});
    QCOMPARE(dialog.decidableRequests().size(), 1);
    const QString row = dialog.findChild<QListWidget *>(u"batchList"_s)->item(1)->text();
    QVERIFY2(row.contains(u"Left out (removed while this dialog was open"_s), qPrintable(row));
    QTRY_VERIFY(confirmButton(dialog)->isEnabled());
    QCOMPARE(confirmButton(dialog)->text(), u"&Approve 1 request"_s);
}

QTEST_MAIN(TestDecisionDialog)
#include "tst_decisiondialog.moc"
