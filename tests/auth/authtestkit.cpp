#include "authtestkit.h"

#include "auth/devicecodeflow.h"
#include "sim/simworld.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::test {

namespace {

constexpr const char *kChildVariable = "LOCKBOX_TEST_NO_KEYCHAIN_CHILD";

bool deviceCodeControl(SimFixture &sim, const QString &action, const QString &userCode, QString *error)
{
    HttpClient client;
    const HttpResult r = client.postJson(sim.url(u"/_sim/devicecode/"_s + action), {{u"user_code"_s, userCode}});
    if (r.status == 200)
        return true;
    if (error)
        *error = QString::number(r.status) + u' ' + QString::fromUtf8(r.body);
    return false;
}

} // namespace

Cloud simCloud(const SimFixture &sim)
{
    return Cloud::custom(sim.baseUrl(), sim.baseUrl());
}

bool approveDeviceCode(SimFixture &sim, const QString &userCode, QString *error)
{
    return deviceCodeControl(sim, u"approve"_s, userCode, error);
}

bool declineDeviceCode(SimFixture &sim, const QString &userCode, QString *error)
{
    return deviceCodeControl(sim, u"decline"_s, userCode, error);
}

std::optional<Token> signInWithDeviceCode(SimFixture &sim, QNetworkAccessManager *manager, const QString &clientId)
{
    DeviceCodeFlow::Options options;
    options.cloud = simCloud(sim);
    options.clientId = clientId;
    DeviceCodeFlow flow(manager, options);
    QObject::connect(&flow, &DeviceCodeFlow::codeReady, &flow, [&sim](const QString &userCode) {
        QString error;
        if (!approveDeviceCode(sim, userCode, &error))
            qWarning() << "approving the device code failed:" << error;
    });
    QSignalSpy finished(&flow, &DeviceCodeFlow::finished);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, 30000);
    if (finished.isEmpty()) {
        qWarning() << "device code sign-in failed:"
                   << (failed.isEmpty() ? u"no answer in 30 s"_s : failed.first().first().value<AuthError>().message);
        return std::nullopt;
    }
    return finished.first().first().value<Token>();
}

HttpResult browse(QNetworkAccessManager *manager, const QUrl &url, int timeoutMs)
{
    // Like a browser: follow the authorize endpoint's redirect to http://localhost:PORT. The hops
    // are followed here, one request each, because Qt 6.4 may keep a redirect's headers beside
    // the final reply's ("Cache-Control: no-store, no-cache, no-store").
    QDeadlineTimer deadline(timeoutMs);
    QUrl next = url;
    for (int hop = 0;; ++hop) {
        QNetworkRequest request(next);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = manager->get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::max<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
        loop.exec();
        HttpResult result;
        if (!reply->isFinished()) {
            result.timedOut = true;
            reply->abort();
        }
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.errorString = reply->errorString();
        result.body = reply->readAll();
        for (const auto &h : reply->rawHeaderPairs())
            result.headers.insert(h.first.toLower(), h.second);
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        reply->deleteLater();
        const bool redirect = result.status >= 300 && result.status < 400 && location.isValid();
        if (!redirect || result.timedOut || hop == 5)
            return result;
        next = next.resolved(location);
    }
}

int armStatus(SimFixture &sim, const QByteArray &token, const QString &path, const QString &query)
{
    HttpClient client;
    client.setBearer(token);
    return client.get(sim.url(path, query)).status;
}

SecretStore::Result keychainStatus()
{
    SecretStore store(SecretStore::profileKey(QDir::tempPath()));
    QObject context;
    std::optional<SecretStore::Result> result;
    store.checkAvailable(&context, [&result](const SecretStore::Result &r) { result = r; });
    [[maybe_unused]] const bool answered = QTest::qWaitFor([&result] { return result.has_value(); }, 30000);
    // A Secret Service that is there but silent is broken, not absent.
    return result.value_or(SecretStore::Result {
        SecretStore::Result::Status::Failed, {}, u"the Secret Service did not answer within 30 s"_s});
}

QByteArray noKeychainSkipReason(const SecretStore::Result &status)
{
    return "The keychain cannot be tested here (the tests run with one under scripts/with-keyring.sh): "
        + status.message.toUtf8();
}

int runWithoutKeychain(const QString &function, const QString &home, QByteArray *output,
                       const QList<std::pair<QString, QString>> &environment)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // A bus address that leads nowhere: libsecret (and so QtKeychain) cannot reach any keyring.
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/lockbox-test-bus"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/.cache"_s);
    env.insert(QString::fromLatin1(kChildVariable), u"1"_s);
    for (const auto &[name, value] : environment)
        env.insert(name, value);
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(), {function});
    bool finished = child.waitForStarted(10000);
    // Spin the event loop meanwhile: the child may talk to an in-process simulator of ours.
    QElapsedTimer clock;
    clock.start();
    while (finished && child.state() != QProcess::NotRunning && clock.elapsed() < 120000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        child.waitForFinished(20);
    }
    finished = finished && child.state() == QProcess::NotRunning;
    if (!finished) {
        child.kill();
        child.waitForFinished(5000);
    }
    if (output)
        *output = child.readAll();
    return finished && child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
}

bool isChildWithoutKeychain()
{
    return qEnvironmentVariable(kChildVariable) == u"1";
}

QStringList filesUnder(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(dir).relativeFilePath(it.next()));
    files.sort();
    return files;
}

} // namespace lockbox::test
