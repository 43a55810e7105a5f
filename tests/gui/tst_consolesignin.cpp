// End to end, offscreen: signing in from the console's window against an in-process lockbox-sim
// (its Entra ID endpoints), with the real keychain when one answers (scripts/with-keyring.sh).
// A device-code sign-in fills the table; the sign-in survives a restart of the console (the
// refresh token comes back from the keychain); signing out forgets it; a declined sign-in says
// so; a sign-in revoked at the server signs the console out with a message; step-up before an
// approval goes through a fresh browser sign-in; the tenant switch needs a confirmation and a
// Global Administrator.

#include "authtestkit.h"
#include "faketraynotifier.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "auth/secretstore.h"
#include "engine/engine.h"
#include "gui/decisiondialog.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"
#include "gui/signindialog.h"
#include "sim/simulator.h"
#include "sim/simworld.h"
#include "support/simfixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

QPushButton *buttonNamed(QWidget *parent, const QString &objectName, const QString &textPrefix = QString())
{
    const auto buttons = parent->findChildren<QPushButton *>();
    for (QPushButton *b : buttons) {
        if (!objectName.isEmpty() && b->objectName() == objectName)
            return b;
    }
    for (QPushButton *b : buttons) {
        if (!textPrefix.isEmpty() && b->isVisible() && b->text().remove(u'&').startsWith(textPrefix))
            return b;
    }
    return nullptr;
}

QString shownCode(gui::SignInDialog *dialog)
{
    const auto labels = dialog->findChildren<QLabel *>();
    for (QLabel *l : labels) {
        if (l->accessibleName() == u"Sign-in code")
            return l->text();
    }
    return {};
}

} // namespace

class TestConsoleSignIn final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void startsSignedOutAndSaysSo();
    void deviceCodeSignInFillsTheTable();
    void theSignInSurvivesARestart();
    void signingOutForgetsTheKeychain();
    void aDeclinedSignInSaysSo();
    void withoutAKeychainTheSignInIsNotKept();
    void aRevokedSignInSignsTheConsoleOut();
    void stepUpBeforeApproving();
    void tenantSwitchNeedsConfirmationAndAGlobalAdministrator();

private:
    void startConsole(const QString &profileDir, int stepUpMaxAgeSec = 0);
    void stopConsole();
    // Opens the sign-in dialog, starts a device-code sign-in and returns the code shown.
    QString startDeviceCodeSignIn();
    void signIn(const QString &upn = QString());
    int simTotal();
    std::optional<QByteArray> keychainRefreshToken(const QString &profileDir);

    std::unique_ptr<test::SimFixture> m_sim;
    SecretStore::Result m_keychain;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<gui::EngineHost> m_engine;
    std::unique_ptr<test::FakeTrayNotifier> m_tray;
    std::unique_ptr<gui::MainWindow> m_window;
    QList<QUrl> m_opened; // what the console asked the browser to open
    QNetworkAccessManager m_browser;
};

void TestConsoleSignIn::initTestCase()
{
    gui::initResources();
    qRegisterMetaType<gui::SignInDialog *>();
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.requestsPerSubscription = 20;
    options.pendingFraction = 0.4;
    options.deviceCodeIntervalSec = 1;
    // Short-lived access tokens: the console renews them (refresh token grant) every few seconds,
    // which a revoked sign-in then fails.
    options.tokenLifetimeSec = 16;
    m_sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
    m_keychain = test::keychainStatus();
    // Several cases check the keychain only where one answers: under CI=true one must (the child
    // runs without a keychain on purpose).
    if (test::capabilitiesRequired() && !test::isChildWithoutKeychain())
        QVERIFY2(m_keychain.ok(), test::noKeychainSkipReason(m_keychain).constData());
}

void TestConsoleSignIn::startConsole(const QString &profileDir, int stepUpMaxAgeSec)
{
    engine::EngineConfig config;
    config.profileDir = profileDir;
    config.endpoint = m_sim->baseUrl();
    config.clock = m_sim->simulator().clock();
    config.pendingPollSec = 1;
    config.timeoutSec = 10;
    config.importActivityLog = false;
    config.accountSettingsFile = QDir(profileDir).filePath(u"lockboxctl.ini"_s);
    config.stepUpMaxAgeSec = stepUpMaxAgeSec;
    m_engine = std::make_unique<gui::EngineHost>(config);
    m_tray = std::make_unique<test::FakeTrayNotifier>();
    gui::MainWindowOptions options;
    options.profileDir = profileDir;
    engine::SignInRequest defaults;
    defaults.cloud = test::simCloud(*m_sim);
    options.signInDefaults = defaults;
    options.urlOpener = [this](const QUrl &url) {
        m_opened.append(url);
        return true;
    };
    m_window = std::make_unique<gui::MainWindow>(m_engine.get(), m_tray.get(), config.clock, options);
    m_window->show();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isLoaded(), 10000);
}

void TestConsoleSignIn::stopConsole()
{
    if (m_engine)
        m_engine->stop();
    m_window.reset();
    m_tray.reset();
    m_engine.reset();
}

void TestConsoleSignIn::cleanup()
{
    stopConsole();
    m_opened.clear();
}

int TestConsoleSignIn::simTotal()
{
    int total = 0;
    for (const QString &sub : m_sim->subscriptionIds())
        total += int(m_sim->simulator().world().requests(sub).size());
    return total;
}

std::optional<QByteArray> TestConsoleSignIn::keychainRefreshToken(const QString &profileDir)
{
    SecretStore store(SecretStore::profileKey(profileDir));
    QObject context;
    std::optional<SecretStore::Result> result;
    store.read(QString::fromLatin1(AuthSession::kRefreshTokenName), &context,
               [&result](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000) || !result->ok())
        return std::nullopt;
    return result->value;
}

QString TestConsoleSignIn::startDeviceCodeSignIn()
{
    QSignalSpy opened(m_window.get(), &gui::MainWindow::signInDialogOpened);
    m_window->openSignIn();
    if (opened.isEmpty())
        return {};
    gui::SignInDialog *dialog = m_window->signInDialog();
    if (!dialog || dialog->request().method != engine::SignInRequest::Method::DeviceCode)
        return {};
    QPushButton *go = buttonNamed(dialog, u"signInButton"_s, u"Sign in"_s);
    if (!go)
        return {};
    go->click();
    if (!QTest::qWaitFor([dialog] { return dialog->page() == gui::SignInDialog::Page::DeviceCode; }, 15000))
        return {};
    return shownCode(dialog);
}

void TestConsoleSignIn::signIn(const QString &upn)
{
    const QString code = startDeviceCodeSignIn();
    QVERIFY2(!code.isEmpty(), "the dialog shows no code");
    QPointer<gui::SignInDialog> dialog = m_window->signInDialog();
    QString error;
    if (upn.isEmpty()) {
        QVERIFY2(test::approveDeviceCode(*m_sim, code, &error), qPrintable(error));
    } else {
        // The simulated user types the code in as someone else.
        test::HttpClient client;
        const auto r = client.postJson(m_sim->url(u"/_sim/devicecode/approve"_s),
                                       QJsonObject {{u"user_code"_s, code}, {u"upn"_s, upn}});
        QCOMPARE(r.status, 200);
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_window->account().signedIn, 20000);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
}

void TestConsoleSignIn::startsSignedOutAndSaysSo()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    QTRY_VERIFY(!m_window->account().problem.isEmpty());
    QVERIFY(!m_window->account().signedIn);
    auto *banner = m_window->findChild<QWidget *>(u"signInBanner"_s);
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(m_window->requestModel()->rowCount(), 0);
    // Sync now says why nothing happens instead of failing every subscription.
    const int reads = m_sim->counters().value(u"reads").toInt();
    m_engine->syncNow(false);
    QTest::qWait(500);
    QCOMPARE(m_sim->counters().value(u"reads").toInt(), reads);
    QCOMPARE(m_window->requestModel()->rowCount(), 0);
}

void TestConsoleSignIn::deviceCodeSignInFillsTheTable()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    const QString code = startDeviceCodeSignIn();
    QVERIFY2(!code.isEmpty(), "the dialog shows no code");
    gui::SignInDialog *dialog = m_window->signInDialog();
    // The code is shown as plain text, and the verification page can be opened.
    QPushButton *open = buttonNamed(dialog, u"openPageButton"_s, u"Open sign-in page"_s);
    QVERIFY(open);
    QVERIFY(open->isEnabled());
    open->click();
    QCOMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first().host(), m_sim->baseUrl().host());

    QString error;
    QVERIFY2(test::approveDeviceCode(*m_sim, code, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->account().signedIn, 20000);
    QCOMPARE(m_window->account().userName, m_sim->simulator().world().testUser().upn);
    QCOMPARE(m_window->account().tenantId, m_sim->simulator().world().tenantId());
    // The status bar names who is signed in, once.
    const auto &user = m_sim->simulator().world().testUser();
    auto *accountButton = m_window->findChild<QToolButton *>(u"accountButton"_s);
    QVERIFY(accountButton);
    QCOMPARE(accountButton->text(), u"%1 (%2)"_s.arg(user.displayName, user.upn));
    QVERIFY(m_window->account().canSignOut);
    QVERIFY(m_window->account().canStepUp);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), simTotal(), 20000);
    QVERIFY(!m_window->findChild<QWidget *>(u"signInBanner"_s)->isVisible());

    // The profile remembers who (for lockboxctl too); never a token.
    QSettings account(QDir(m_profile->path()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    const auto remembered = Account::load(account);
    QVERIFY(remembered.has_value());
    QCOMPARE(remembered->kind, Account::Kind::DeviceCode);
    QCOMPARE(remembered->userName, m_window->account().userName);
    QFile ini(account.fileName());
    QCOMPARE(ini.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
             QFile::Permissions());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray iniText = ini.readAll();
    QVERIFY(!iniText.contains("eyJ")); // no JWT
    if (m_keychain.ok()) {
        const auto refresh = keychainRefreshToken(m_profile->path());
        QVERIFY(refresh.has_value());
        QVERIFY(!refresh->isEmpty());
        // Nowhere in the profile: not in the settings, the database or its journal.
        for (const QString &name : test::filesUnder(m_profile->path())) {
            QFile file(QDir(m_profile->path()).filePath(name));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(name));
            QVERIFY2(!file.readAll().contains(*refresh), qPrintable(name + u" holds the refresh token"_s));
        }
    }
}

void TestConsoleSignIn::theSignInSurvivesARestart()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    QVERIFY(m_profile); // signed in by the test before
    startConsole(m_profile->path());
    // No dialog: the refresh token comes back from the keychain and is redeemed.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->account().signedIn, 20000);
    QVERIFY(!m_window->signInDialog());
    const auto reply = m_sim->client().post(
        m_sim->url(u"/_sim/requests"_s),
        QJsonDocument(QJsonObject {{u"subscriptionId"_s, m_sim->subscriptionIds().first()}}).toJson());
    QCOMPARE(reply.status, 201);
    const QString created =
        QJsonDocument::fromJson(reply.body).object().value(u"properties"_s).toObject().value(u"requestId"_s).toString();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->requestModel()->rowOf(created) >= 0, 20000);
}

void TestConsoleSignIn::signingOutForgetsTheKeychain()
{
    QVERIFY(m_profile);
    startConsole(m_profile->path());
    if (!m_window->account().signedIn && !QTest::qWaitFor([this] { return m_window->account().signedIn; }, 15000))
        signIn();
    QVERIFY(m_window->account().signedIn);

    QSignalSpy prompts(m_window.get(), &gui::MainWindow::promptOpened);
    auto *signOut = m_window->findChild<QAction *>(u"signOutAction"_s);
    QVERIFY(signOut && signOut->isEnabled());
    signOut->trigger();
    QCOMPARE(prompts.size(), 1);
    auto *prompt = prompts.first().first().value<QDialog *>();
    QPushButton *confirm = buttonNamed(prompt, u"confirmButton"_s);
    QVERIFY(confirm);
    confirm->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->account().signedIn, 10000);
    QTRY_VERIFY(m_window->findChild<QWidget *>(u"signInBanner"_s)->isVisible());

    QSettings account(QDir(m_profile->path()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    QTRY_VERIFY(!Account::load(account).has_value());
    if (m_keychain.ok())
        QTRY_VERIFY_WITH_TIMEOUT(!keychainRefreshToken(m_profile->path()).has_value(), 10000);
    // Nothing more is asked of Azure; what was cached stays to look at.
    const int rows = m_window->requestModel()->rowCount();
    QVERIFY(rows > 0);
    const int reads = m_sim->counters().value(u"reads").toInt();
    QTest::qWait(2500); // two poll intervals
    QCOMPARE(m_sim->counters().value(u"reads").toInt(), reads);
    QCOMPARE(m_window->requestModel()->rowCount(), rows);

    // A restart stays signed out.
    stopConsole();
    startConsole(m_profile->path());
    QTRY_VERIFY(!m_window->account().problem.isEmpty());
    QVERIFY(!m_window->account().signedIn);
}

void TestConsoleSignIn::aDeclinedSignInSaysSo()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    const QString code = startDeviceCodeSignIn();
    QVERIFY(!code.isEmpty());
    QPointer<gui::SignInDialog> dialog = m_window->signInDialog();
    QString error;
    QVERIFY2(test::declineDeviceCode(*m_sim, code, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(dialog->page(), gui::SignInDialog::Page::Choose, 15000);
    QVERIFY(dialog->isVisible());
    bool said = false;
    for (QLabel *l : dialog->findChildren<QLabel *>())
        said = said || (l->isVisible() && l->text().contains(u"declin"_s, Qt::CaseInsensitive));
    QVERIFY2(said, "the dialog does not say the sign-in was declined");
    QVERIFY(!m_window->account().signedIn);
    // Cancel from the chooser closes the dialog and changes nothing.
    dialog->reject();
    QTRY_VERIFY(!dialog);
    QVERIFY(!m_window->account().signedIn);
}

void TestConsoleSignIn::withoutAKeychainTheSignInIsNotKept()
{
    if (!test::isChildWithoutKeychain()) {
        // The same test in a child process that has no session bus, so no keychain can answer.
        QTemporaryDir home;
        QByteArray output;
        const int code = test::runWithoutKeychain(QString::fromLatin1(QTest::currentTestFunction()), home.path(),
                                                  &output, {{u"QT_QPA_PLATFORM"_s, u"offscreen"_s}});
        QVERIFY2(code == 0, output.constData());
        QVERIFY2(output.contains("PASS   : TestConsoleSignIn::withoutAKeychainTheSignInIsNotKept()"),
                 output.constData());
        return;
    }
    QVERIFY(!m_keychain.ok());
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    QSignalSpy messages(m_engine->worker(), &engine::Engine::message);
    signIn();
    // Signed in for this run, and told it will not last.
    QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 20000);
    QVERIFY2(messages.last().first().toString().contains(u"not kept"_s),
             qPrintable(messages.last().first().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), simTotal(), 20000);
    stopConsole();
    startConsole(m_profile->path());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->account().problem.isEmpty(), 20000);
    QVERIFY(!m_window->account().signedIn);
    QVERIFY(m_window->account().problem.contains(u"keychain"_s, Qt::CaseInsensitive));
}

void TestConsoleSignIn::aRevokedSignInSignsTheConsoleOut()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    signIn();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), simTotal(), 20000);
    // An administrator revokes the user's sessions: the next renewal (tokens live 16 s here) is
    // refused and the console says so.
    test::HttpClient client;
    const auto revoked = client.postJson(m_sim->url(u"/_sim/tokens/revoke"_s), QJsonObject {});
    QCOMPARE(revoked.status, 200);
    QVERIFY(QJsonDocument::fromJson(revoked.body).object().value(u"revoked"_s).toInt() >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->account().signedIn, 30000);
    QVERIFY(m_window->account().problem.contains(u"sign in"_s, Qt::CaseInsensitive));
    QTRY_VERIFY(m_window->findChild<QWidget *>(u"signInBanner"_s)->isVisible());
}

void TestConsoleSignIn::stepUpBeforeApproving()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path(), 300);
    signIn();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), simTotal(), 20000);
    QString pendingId;
    for (int row = 0; row < m_window->requestModel()->rowCount() && pendingId.isEmpty(); ++row) {
        const std::optional<AccessRequest> r = m_window->requestModel()->requestAt(row);
        if (r->status.kind() == RequestStatus::Kind::Pending
            && r->expirationDateTime > m_sim->simulator().clock()->now().addSecs(3600))
            pendingId = r->requestId;
    }
    QVERIFY(!pendingId.isEmpty());

    // Cancelled: nothing is sent.
    QSignalSpy prompts(m_window.get(), &gui::MainWindow::promptOpened);
    QSignalSpy refused(m_engine->worker(), &engine::Engine::decisionRefused);
    m_engine->decide({pendingId}, Verdict::Approve, u"needed for the case"_s);
    QTRY_COMPARE_WITH_TIMEOUT(prompts.size(), 1, 10000);
    QCOMPARE(m_opened.size(), 1); // the browser was asked to open the sign-in page
    auto *prompt = prompts.first().first().value<QDialog *>();
    prompt->reject();
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
    QVERIFY(refused.first().at(1).toString().contains(u"cancel"_s, Qt::CaseInsensitive));
    QCOMPARE(m_sim->counters().value(u"decisionPosts").toInt(), 0);

    // Signed in again in the browser: the approval goes and reaches Approved.
    QSignalSpy queued(m_engine->worker(), &engine::Engine::decisionQueued);
    m_engine->decide({pendingId}, Verdict::Approve, u"needed for the case"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_opened.size(), 2, 10000);
    const test::HttpResult browsed = test::browse(&m_browser, m_opened.last());
    QVERIFY2(browsed.status == 200, qPrintable(QString::number(browsed.status) + u' ' + browsed.errorString));
    QTRY_COMPARE_WITH_TIMEOUT(queued.size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->request(pendingId)->status.kind(),
                              RequestStatus::Kind::Approved, 20000);
}

void TestConsoleSignIn::tenantSwitchNeedsConfirmationAndAGlobalAdministrator()
{
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    signIn();
    auto *disable = m_window->findChild<QAction *>(u"tenantDisableAction"_s);
    auto *enable = m_window->findChild<QAction *>(u"tenantEnableAction"_s);
    QVERIFY(disable && enable);
    QTRY_VERIFY_WITH_TIMEOUT(disable->isEnabled(), 20000); // the tenant status arrived: enabled
    QVERIFY(!enable->isEnabled());
    const QString tenantId = m_window->account().tenantId;

    // Cancelled: nothing changes.
    QSignalSpy prompts(m_window.get(), &gui::MainWindow::promptOpened);
    disable->trigger();
    QCOMPARE(prompts.size(), 1);
    auto *prompt = prompts.takeFirst().first().value<QDialog *>();
    prompt->reject();
    QTest::qWait(300);
    QVERIFY(m_sim->simulator().world().lockboxEnabled());

    // Confirmed by a Global Administrator: off, and the banner says so at once.
    disable->trigger();
    QCOMPARE(prompts.size(), 1);
    prompt = prompts.takeFirst().first().value<QDialog *>();
    QPushButton *confirm = buttonNamed(prompt, u"confirmButton"_s);
    QVERIFY(confirm);
    confirm->click();
    QTRY_VERIFY_WITH_TIMEOUT(!m_sim->simulator().world().lockboxEnabled(), 10000);
    QTRY_VERIFY(m_window->findChild<QWidget *>(u"tenantBanner"_s)->isVisible());
    QTRY_VERIFY(enable->isEnabled());

    enable->trigger();
    prompt = prompts.takeFirst().first().value<QDialog *>();
    buttonNamed(prompt, u"confirmButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_sim->simulator().world().lockboxEnabled(), 10000);
    QTRY_VERIFY(!m_window->findChild<QWidget *>(u"tenantBanner"_s)->isVisible());
    QVERIFY(!tenantId.isEmpty());

    // Someone who is not a Global Administrator is told so; nothing changes.
    stopConsole();
    m_profile = std::make_unique<QTemporaryDir>();
    startConsole(m_profile->path());
    signIn(u"riley.reader@contoso.example"_s);
    QCOMPARE(m_window->account().userName, u"riley.reader@contoso.example"_s);
    QSignalSpy finished(m_engine->worker(), &engine::Engine::tenantChangeFinished);
    m_engine->setTenantLockbox(m_window->account().tenantId, false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(finished.first().at(2).toString().contains(u"Global Administrator"_s));
    QVERIFY(m_sim->simulator().world().lockboxEnabled());
}

QTEST_MAIN(TestConsoleSignIn)
#include "tst_consolesignin.moc"
