// AccountController: who is signed in on the account button, the menu and the sign-in banner; the
// tenant's Customer Lockbox status (banner, which switch is offered) and the questions before
// switching it or signing out (Cancel the default); "Who am I"; the step-up prompt; one sign-in
// dialog at a time, which remembers where a sign-in went. The engine is never started: the test
// speaks for it by emitting its signals.

#include "guitestkit.h"
#include "idleengine.h"

#include "gui/accountcontroller.h"
#include "gui/guiresources.h"
#include "gui/settingsdialog.h"
#include "gui/signindialog.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::engine::AccountInfo;
using lockbox::gui::AccountController;
using lockbox::gui::SettingsDialog;
using lockbox::gui::SignInDialog;
using lockbox::test::child;
using lockbox::test::IdleEngine;

namespace {

const QString kTenant = u"72f988bf-0000-4000-8000-00000000cafe"_s;

AccountInfo signedIn(const QString &displayName = u"Avery Approver"_s,
                     const QString &userName = u"avery@contoso.example"_s)
{
    AccountInfo a;
    a.signedIn = true;
    a.method = u"browser"_s;
    a.displayName = displayName;
    a.userName = userName;
    a.tenantId = kTenant;
    a.canSignOut = true;
    a.canStepUp = true;
    return a;
}

AccountInfo signedOut(const QString &problem = {})
{
    AccountInfo a;
    a.problem = problem;
    return a;
}

} // namespace

class TestAccountController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void signedOutShowsTheBannerAndWhy();
    void signedInNamesWhoOnce_data();
    void signedInNamesWhoOnce();
    void tenantStatusPicksTheSwitchOffered();
    void tenantSwitchAsksFirstWithCancelTheDefault();
    void tenantSwitchOutcomeIsTold();
    void signOutAsksFirst();
    void whoAmIListsWhatIsKnown();
    void stepUpPromptOpensTheBrowserUntilItIsOver();
    void oneSignInDialogThatRemembersWhereItWent();

private:
    lockbox::engine::Engine *engine() const { return m_idle->engine(); }
    QAction *action(const QString &name) const { return m_window->findChild<QAction *>(name); }
    // The question `trigger` opens, or nullptr when none opened.
    QDialog *promptOf(QAction *trigger);

    std::unique_ptr<IdleEngine> m_idle; // a profile, a clock and an engine of its own for each test
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<QWidget> m_window;
    QWidget *m_signInBanner = nullptr;
    QLabel *m_signInText = nullptr;
    QPushButton *m_signInButton = nullptr;
    QWidget *m_tenantBanner = nullptr;
    QLabel *m_tenantText = nullptr;
    QList<QUrl> m_opened;
    AccountController *m_account = nullptr; // a child of m_window
};

void TestAccountController::initTestCase()
{
    lockbox::gui::initResources();
    qRegisterMetaType<SignInDialog *>();
}

void TestAccountController::init()
{
    m_idle = std::make_unique<IdleEngine>();
    m_settings =
        std::make_unique<QSettings>(QDir(m_idle->profileDir()).filePath(u"console.ini"_s), QSettings::IniFormat);
    m_window = std::make_unique<QWidget>();
    m_signInBanner = new QWidget(m_window.get());
    m_signInText = new QLabel(m_signInBanner);
    m_signInButton = new QPushButton(m_signInBanner);
    m_tenantBanner = new QWidget(m_window.get());
    m_tenantText = new QLabel(m_tenantBanner);
    m_opened.clear();
    AccountController::Options options;
    options.urlOpener = [this](const QUrl &url) {
        m_opened.append(url);
        return true;
    };
    m_account = new AccountController(m_idle->host(), m_settings.get(), options,
                                      {m_signInBanner, m_signInText, m_signInButton, m_tenantBanner, m_tenantText},
                                      m_window.get());
    QVERIFY(m_signInBanner->isHidden()); // until the engine says who is signed in
    QVERIFY(m_tenantBanner->isHidden());
}

void TestAccountController::cleanup()
{
    m_window.reset(); // and the controller, its menu and its dialogs with it
    m_account = nullptr;
    m_settings.reset();
    m_idle.reset();
}

QDialog *TestAccountController::promptOf(QAction *trigger)
{
    QSignalSpy prompts(m_account, &AccountController::promptOpened);
    trigger->trigger();
    return prompts.isEmpty() ? nullptr : prompts.first().first().value<QDialog *>();
}

void TestAccountController::signedOutShowsTheBannerAndWhy()
{
    QSignalSpy changed(m_account, &AccountController::accountChanged);
    Q_EMIT engine()->accountChanged(signedOut(u"The sign-in was revoked: sign in again."_s));
    QCOMPARE(changed.size(), 1);
    QVERIFY(!m_account->account().signedIn);
    QVERIFY(!m_signInBanner->isHidden());
    QCOMPARE(m_signInText->text(), u"The sign-in was revoked: sign in again."_s);
    QCOMPARE(m_account->button()->text(), u"Not signed in"_s);
    // The problem comes from a server: plain text in the tooltip, never markup.
    QCOMPARE(QTextDocumentFragment::fromHtml(m_account->button()->toolTip()).toPlainText(),
             u"The sign-in was revoked: sign in again."_s);
    Q_EMIT engine()->accountChanged(signedOut(u"<b>revoked</b> <a href=\"https://evil.example\">here</a>"_s));
    QCOMPARE(QTextDocumentFragment::fromHtml(m_account->button()->toolTip()).toPlainText(),
             u"<b>revoked</b> <a href=\"https://evil.example\">here</a>"_s);
    Q_EMIT engine()->accountChanged(signedOut(u"The sign-in was revoked: sign in again."_s));
    QCOMPARE(action(u"signInAction"_s)->text(), u"Sign &in…"_s);
    QVERIFY(!action(u"signOutAction"_s)->isEnabled());

    Q_EMIT engine()->accountChanged(signedOut());
    QCOMPARE(m_signInText->text(), u"Not signed in: sign in to see and decide requests."_s);

    Q_EMIT engine()->accountChanged(signedIn());
    QVERIFY(m_signInBanner->isHidden());
    QVERIFY(action(u"signOutAction"_s)->isEnabled());
    QCOMPARE(action(u"signInAction"_s)->text(), u"Sign in as someone &else…"_s);
    QCOMPARE(QTextDocumentFragment::fromHtml(m_account->button()->toolTip()).toPlainText(),
             u"Signed in with browser; tenant "_s + kTenant);
}

void TestAccountController::signedInNamesWhoOnce_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("userName");
    QTest::addColumn<QString>("button");
    QTest::addColumn<QString>("header");

    QTest::newRow("name and user") << u"Avery Approver"_s << u"avery@contoso.example"_s
                                   << u"Avery Approver (avery@contoso.example)"_s
                                   << u"Signed in as Avery Approver (avery@contoso.example)"_s;
    QTest::newRow("name carries the user")
        << u"Avery (AVERY@contoso.example)"_s << u"avery@contoso.example"_s << u"Avery (AVERY@contoso.example)"_s
        << u"Signed in as Avery (AVERY@contoso.example)"_s;
    QTest::newRow("user only") << QString() << u"avery@contoso.example"_s << u"avery@contoso.example"_s
                               << u"Signed in as avery@contoso.example"_s;
    QTest::newRow("nobody named") << QString() << QString() << u"Signed in"_s << u"Signed in as browser"_s;
}

void TestAccountController::signedInNamesWhoOnce()
{
    QFETCH(QString, displayName);
    QFETCH(QString, userName);
    QFETCH(QString, button);
    QFETCH(QString, header);
    Q_EMIT engine()->accountChanged(signedIn(displayName, userName));
    QCOMPARE(m_account->button()->text(), button);
    QCOMPARE(m_account->menu()->actions().constFirst()->text(), header);
}

void TestAccountController::tenantStatusPicksTheSwitchOffered()
{
    QAction *enable = action(u"tenantEnableAction"_s);
    QAction *disable = action(u"tenantDisableAction"_s);
    QVERIFY(enable && disable);
    const auto tenantHeader = [this] {
        const QList<QAction *> actions = m_account->menu()->actions();
        return actions.at(actions.indexOf(action(u"tenantEnableAction"_s)) - 1)->text();
    };

    Q_EMIT engine()->accountChanged(signedIn());
    QCOMPARE(tenantHeader(), u"Customer Lockbox: tenant status not known yet"_s);
    QVERIFY(!enable->isEnabled());
    QVERIFY(!disable->isEnabled());

    Q_EMIT engine()->tenantStatus(kTenant, false);
    QVERIFY(!m_tenantBanner->isHidden());
    QVERIFY(m_tenantText->text().contains(kTenant));
    QCOMPARE(tenantHeader(), u"Customer Lockbox: DISABLED for tenant "_s + kTenant);
    QVERIFY(enable->isEnabled());
    QVERIFY(!disable->isEnabled());

    Q_EMIT engine()->tenantStatus(kTenant, true);
    QVERIFY(m_tenantBanner->isHidden());
    QCOMPARE(tenantHeader(), u"Customer Lockbox: enabled for tenant "_s + kTenant);
    QVERIFY(!enable->isEnabled());
    QVERIFY(disable->isEnabled());

    Q_EMIT engine()->accountChanged(signedOut()); // only someone signed in may switch it
    QVERIFY(!enable->isEnabled());
    QVERIFY(!disable->isEnabled());
    QCOMPARE(tenantHeader(), u"Customer Lockbox: enabled for tenant "_s + kTenant); // still known
}

void TestAccountController::tenantSwitchAsksFirstWithCancelTheDefault()
{
    QVERIFY(!promptOf(action(u"tenantDisableAction"_s))); // no tenant known: nothing to switch
    Q_EMIT engine()->accountChanged(signedIn());
    Q_EMIT engine()->tenantStatus(kTenant, true);
    QSignalSpy status(m_account, &AccountController::statusMessage);

    auto *box = qobject_cast<QMessageBox *>(promptOf(action(u"tenantDisableAction"_s)));
    QVERIFY(box);
    QVERIFY(box->text().contains(kTenant));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel)); // Enter never switches Lockbox off
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(status.size(), 0);

    box = qobject_cast<QMessageBox *>(promptOf(action(u"tenantDisableAction"_s)));
    QVERIFY(box);
    auto *confirm = child<QPushButton>(*box, u"confirmButton"_s);
    QVERIFY(confirm);
    confirm->click();
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.first().first().toString(), u"Disabling Customer Lockbox…"_s);
}

void TestAccountController::tenantSwitchOutcomeIsTold()
{
    QSignalSpy messages(m_account, &AccountController::message);
    Q_EMIT engine()->tenantChangeFinished(kTenant, false, QString());
    Q_EMIT engine()->tenantChangeFinished(kTenant, true, QString());
    Q_EMIT engine()->tenantChangeFinished(kTenant, true, u"Only a Global Administrator can do this."_s);
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(0).at(0).toString(), u"Customer Lockbox is now DISABLED for tenant %1."_s.arg(kTenant));
    QCOMPARE(messages.at(0).at(1).toBool(), true);
    QCOMPARE(messages.at(1).at(0).toString(), u"Customer Lockbox is now enabled for tenant %1."_s.arg(kTenant));
    QCOMPARE(messages.at(1).at(1).toBool(), false);
    QCOMPARE(messages.at(2).at(0).toString(),
             u"Customer Lockbox was not changed: Only a Global Administrator can do this."_s);
    QCOMPARE(messages.at(2).at(1).toBool(), true);
}

void TestAccountController::signOutAsksFirst()
{
    Q_EMIT engine()->accountChanged(signedIn());
    auto *box = qobject_cast<QMessageBox *>(promptOf(action(u"signOutAction"_s)));
    QVERIFY(box);
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    auto *confirm = child<QPushButton>(*box, u"confirmButton"_s);
    QVERIFY(confirm);
    QCOMPARE(confirm->text(), u"Sign &out"_s);
}

void TestAccountController::whoAmIListsWhatIsKnown()
{
    AccountInfo a = signedIn();
    a.cloudName = u"public"_s;
    Q_EMIT engine()->accountChanged(a);
    Q_EMIT engine()->tenantStatus(kTenant, true);
    QMenu *menu = m_account->menu();
    QAction *whoAmI = menu->actions().at(1);
    QCOMPARE(whoAmI->text(), u"&Who am I…"_s);
    auto *box = qobject_cast<QMessageBox *>(promptOf(whoAmI));
    QVERIFY(box);
    QCOMPARE(box->textFormat(), Qt::PlainText);
    const QStringList lines = box->text().split(u'\n');
    QCOMPARE(
        lines,
        QStringList({u"Name: Avery Approver"_s, u"User: avery@contoso.example"_s, u"Tenant: "_s + kTenant,
                     u"Signed in with: browser"_s, u"Cloud: public"_s, u"Customer Lockbox: enabled for the tenant"_s}));
}

void TestAccountController::stepUpPromptOpensTheBrowserUntilItIsOver()
{
    Q_EMIT engine()->accountChanged(signedIn());
    QSignalSpy prompts(m_account, &AccountController::promptOpened);
    const QUrl url(u"https://login.example/authorize?max_age=300&prompt=login"_s);
    Q_EMIT engine()->stepUpBrowserUrl(url);
    QCOMPARE(m_opened, QList<QUrl> {url});
    QCOMPARE(prompts.size(), 1);
    QPointer<QDialog> first = prompts.first().first().value<QDialog *>();
    QVERIFY(first);
    QCOMPARE(first->objectName(), u"stepUpPrompt"_s);
    QStringList texts;
    for (const QLabel *label : first->findChildren<QLabel *>())
        texts.append(label->text());
    QVERIFY(texts.contains(url.toString(QUrl::FullyEncoded)));
    QVERIFY(texts.join(u' ').contains(u"avery@contoso.example"_s));
    for (QPushButton *button : first->findChildren<QPushButton *>()) {
        if (button->text() == u"&Open browser again"_s)
            button->click();
    }
    QCOMPARE(m_opened.size(), 2);

    // A new step-up replaces the prompt of the last one.
    Q_EMIT engine()->stepUpBrowserUrl(url);
    QCOMPARE(prompts.size(), 2);
    QTRY_VERIFY(!first);
    QPointer<QDialog> second = prompts.last().first().value<QDialog *>();
    QVERIFY(second && second->isVisible());
    QSignalSpy done(second.data(), &QDialog::finished);

    Q_EMIT engine()->stepUpFinished(true, QString());
    QCOMPARE(done.size(), 1);
    QCOMPARE(done.first().first().toInt(), int(QDialog::Accepted));
    QTRY_VERIFY(!second);
}

void TestAccountController::oneSignInDialogThatRemembersWhereItWent()
{
    QSignalSpy opened(m_account, &AccountController::signInDialogOpened);
    m_account->openSignIn();
    QCOMPARE(opened.size(), 1);
    QPointer<SignInDialog> dialog = m_account->signInDialog();
    QVERIFY(dialog);
    QCOMPARE(opened.first().first().value<SignInDialog *>(), dialog.data());
    QCOMPARE(dialog->parentWidget(), m_window.get());
    m_signInButton->click(); // the banner's button raises the same dialog
    action(u"signInAction"_s)->trigger();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(m_account->signInDialog(), dialog.data());

    // Signed in: the next sign-in starts where this one went.
    auto *tenant = child<QLineEdit>(*dialog, u"tenantEdit"_s);
    QVERIFY(tenant);
    tenant->setText(u"contoso.onmicrosoft.com"_s);
    QSignalSpy status(m_account, &AccountController::statusMessage);
    Q_EMIT engine()->signInFinished(true, QString());
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.first().first().toString(), u"Signed in; syncing…"_s);
    QCOMPARE(SettingsDialog::load(*m_settings).tenant, u"contoso.onmicrosoft.com"_s);

    dialog->close();
    QTRY_VERIFY(!dialog);
    QVERIFY(!m_account->signInDialog());
    m_account->openSignIn();
    QCOMPARE(opened.size(), 2);
}

QTEST_MAIN(TestAccountController)
#include "tst_accountcontroller.moc"
