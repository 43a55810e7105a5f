#include "gui/decisiondialog.h"
#include "gui/guiresources.h"
#include "gui/plaintextlabel.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QToolButton>
#include <QUrl>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::gui::DecisionDialog;
using lockbox::gui::PlainTextLabel;
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
    void notPendingAtOpenCannotBeConfirmed();
    void pastDeadlineCannotBeConfirmed();
    void expiryWhileOpenDisarms();
    void expiryJustBeforeTheClickIsCaught();
    void batchCountsAndExcludesUndecidable();
    void batchWithNothingLeftCannotBeConfirmed();
    void batchOfOneDecidable();
    void everyControlHasAnAccessibleName();

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
    QCOMPARE(confirm->text(), u"&Approve"_s);
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
        return l ? l->text() : u"<missing>"_s;
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
    QCOMPARE(resources->toPlainText().split(u'\n'), request.resourceIds);
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
    QCOMPARE(second.findChild<PlainTextLabel *>(u"subscriptionValue"_s)->text(), kSub);
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
    QCOMPARE(dialog.findChild<QPlainTextEdit *>(u"resourcesView"_s)->toPlainText(), html);
    auto *type = dialog.findChild<PlainTextLabel *>(u"resourceTypeValue"_s);
    QCOMPARE(type->text(), html);
    QCOMPARE(type->textFormat(), Qt::PlainText);
    QVERIFY(!type->openExternalLinks());
    QCOMPARE(dialog.findChild<PlainTextLabel *>(u"accessLevelValue"_s)->text(), html);
    QVERIFY(dialog.findChild<PlainTextLabel *>(u"subscriptionValue"_s)->text().startsWith(html));
    QVERIFY(dialog.findChild<PlainTextLabel *>(u"supportCaseValue"_s)->text().contains(u"<i>case</i> & more"_s));

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

    // Invisible direction overrides are dropped from what is shown.
    AccessRequest tricky = pendingRequest(u"a2"_s);
    tricky.resourceType = u"exe.\u202Etxt"_s;
    DecisionDialog second(Verdict::Approve, {tricky}, {}, clock);
    QCOMPARE(second.findChild<PlainTextLabel *>(u"resourceTypeValue"_s)->text(), u"exe.txt"_s);
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
            QCOMPARE(button->text(), url);
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(catcher.urls, QList<QUrl> {QUrl(url)});
        } else {
            QVERIFY(text->isVisible());
            QVERIFY(text->text().contains(url)); // shown for what it is
            QVERIFY(catcher.urls.isEmpty());
        }
    }
    for (const QString &scheme : {u"https"_s, u"http"_s, u"file"_s, u"javascript"_s})
        QDesktopServices::unsetUrlHandler(scheme);
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
    QVERIFY2(warning->text().contains(u"no longer pending"_s), qPrintable(warning->text()));
    QVERIFY(warning->text().contains(u"Approved"_s));
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
    QVERIFY2(warning->text().contains(u"expired"_s), qPrintable(warning->text()));
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
    QCOMPARE(confirm->text(), u"&Approve 3 requests"_s);

    auto *list = dialog.findChild<QListWidget *>(u"batchList"_s);
    QVERIFY(list);
    QVERIFY(list->isVisible());
    QCOMPARE(list->count(), 5);
    int leftOut = 0;
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem *item = list->item(i);
        QVERIFY(!item->text().contains(u'\n'));
        const bool excluded = item->text().startsWith(u"Left out"_s);
        QCOMPARE(excluded, !(item->flags() & Qt::ItemIsEnabled));
        QCOMPARE(excluded, !dialog.requestIds().contains(item->data(Qt::UserRole).toString()));
        leftOut += excluded;
    }
    QCOMPARE(leftOut, 2);
    auto *warning = dialog.findChild<PlainTextLabel *>(u"warningLabel"_s);
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().startsWith(u"2 of these requests"_s), qPrintable(warning->text()));

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
    QVERIFY(warning->text().startsWith(u"None of these"_s));
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

QTEST_MAIN(TestDecisionDialog)
#include "tst_decisiondialog.moc"
