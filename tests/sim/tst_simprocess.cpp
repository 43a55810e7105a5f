// The lockbox-sim executable as scripts and CI start it: a separate process that prints its base
// URL, serves HTTP or HTTPS, refuses bad arguments and stops cleanly on SIGTERM and SIGINT.

#include "support/capability.h"
#include "support/httpclient.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/types.h>

#include <csignal>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kExitTimeoutMs = 5000;
constexpr const char *kToken = "T";

QString simExecutable()
{
    return QString::fromLocal8Bit(LOCKBOX_SIM_EXECUTABLE);
}

QUrl subscriptionsUrl(const QUrl &base)
{
    QUrl u = base;
    u.setPath(u"/subscriptions"_s);
    u.setQuery(u"api-version=2022-12-01"_s);
    return u;
}

QUrl requestsUrl(const QUrl &base, const QString &subscriptionId)
{
    QUrl u = base;
    u.setPath(u"/subscriptions/"_s + subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests"_s);
    u.setQuery(u"api-version=2018-02-28-preview"_s);
    return u;
}

struct TlsResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QSslError> sslErrors;
    QByteArray body;
};

// One GET over HTTPS with the given TLS configuration. TLS errors are reported, never ignored.
TlsResult tlsGet(const QUrl &url, const QSslConfiguration &config)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setSslConfiguration(config);
    request.setRawHeader("Authorization", QByteArray("Bearer ") + kToken);
    QNetworkReply *reply = manager.get(request);
    TlsResult result;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [&result](const QList<QSslError> &errors) { result.sslErrors = errors; });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        reply->abort();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    delete reply;
    return result;
}

} // namespace

class TestSimProcess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void printsBaseUrlServesAndStopsOnSignal_data();
    void printsBaseUrlServesAndStopsOnSignal();
    void sameSeedSameData();
    void badArgumentsExit1_data();
    void badArgumentsExit1();
    void helpExits0();
    void portAlreadyTakenExits1();
    void servesHttpsWithTheGivenCertificate();
    void tlsKeyThatIsNotAKeyExits1();

private:
    // Starts lockbox-sim; the process is killed in cleanup() if the test leaves it running.
    QProcess *start(const QStringList &arguments);
    // The first line of the child's standard output, or empty after kStartTimeoutMs.
    static QString firstLine(QProcess *process);
    // Starts lockbox-sim and reads its base URL (invalid on failure).
    QUrl startServing(const QStringList &arguments, QProcess **process = nullptr);
    // Runs lockbox-sim to its end; false if it did not exit within kExitTimeoutMs.
    bool runToExit(const QStringList &arguments, int *exitCode, QByteArray *out, QByteArray *err);
    bool haveCertificate() const { return !m_certFile.isEmpty(); }

    std::vector<std::unique_ptr<QProcess>> m_children;
    QTemporaryDir m_tlsDir;
    QString m_certFile;
    QString m_keyFile;
    QString m_noCertificateReason;
};

void TestSimProcess::initTestCase()
{
    QVERIFY2(QFileInfo::exists(simExecutable()), qPrintable(simExecutable()));

    // A self-signed certificate for 127.0.0.1, made fresh for this run.
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty()) {
        m_noCertificateReason = u"openssl not found (scripts/setup-deps.sh installs it)"_s;
        return;
    }
    QVERIFY(m_tlsDir.isValid());
    const QString cert = m_tlsDir.filePath(u"cert.pem"_s);
    const QString key = m_tlsDir.filePath(u"key.pem"_s);
    QProcess req;
    req.setProcessChannelMode(QProcess::MergedChannels);
    req.start(openssl,
              {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, key, u"-out"_s, cert,
               u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    QVERIFY(req.waitForFinished(30000));
    QVERIFY2(req.exitStatus() == QProcess::NormalExit && req.exitCode() == 0, req.readAll().constData());
    m_certFile = cert;
    m_keyFile = key;
}

void TestSimProcess::cleanup()
{
    for (const auto &child : m_children) {
        if (child->state() != QProcess::NotRunning) {
            child->kill();
            child->waitForFinished(kExitTimeoutMs);
        }
    }
    m_children.clear();
}

QProcess *TestSimProcess::start(const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(simExecutable());
    process->setArguments(arguments);
    process->start(QIODevice::ReadOnly);
    QProcess *raw = process.get();
    m_children.push_back(std::move(process));
    if (!raw->waitForStarted(kStartTimeoutMs))
        qWarning("cannot start %s: %s", qPrintable(simExecutable()), qPrintable(raw->errorString()));
    return raw;
}

QString TestSimProcess::firstLine(QProcess *process)
{
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!process->canReadLine()) {
        if (deadline.hasExpired() || process->state() == QProcess::NotRunning)
            break;
        process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    if (!process->canReadLine())
        return QString();
    return QString::fromUtf8(process->readLine()).chopped(1);
}

QUrl TestSimProcess::startServing(const QStringList &arguments, QProcess **process)
{
    QProcess *p = start(arguments);
    if (process)
        *process = p;
    const QString line = firstLine(p);
    if (line.isEmpty())
        qWarning("lockbox-sim printed no base URL; stderr: %s", p->readAllStandardError().constData());
    return QUrl(line);
}

bool TestSimProcess::runToExit(const QStringList &arguments, int *exitCode, QByteArray *out, QByteArray *err)
{
    QProcess *p = start(arguments);
    if (!p->waitForFinished(kExitTimeoutMs))
        return false;
    *exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    *out = p->readAllStandardOutput();
    *err = p->readAllStandardError();
    return true;
}

void TestSimProcess::printsBaseUrlServesAndStopsOnSignal_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestSimProcess::printsBaseUrlServesAndStopsOnSignal()
{
    QFETCH(int, signal);
    QProcess *p = start({u"--port"_s, u"0"_s, u"--seed"_s, u"1"_s, u"--static-token"_s, QString::fromLatin1(kToken),
                         u"--subscriptions"_s, u"2"_s, u"--requests"_s, u"20"_s});
    const QString line = firstLine(p);
    static const QRegularExpression urlLine(u"^http://127\\.0\\.0\\.1:(\\d+)$"_s);
    const auto match = urlLine.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const int port = match.captured(1).toInt();
    QVERIFY(port > 0 && port < 65536);
    const QUrl base(line);

    HttpClient c;
    QCOMPARE(c.get(subscriptionsUrl(base)).status, 401); // no token, no data
    c.setBearer(kToken);
    const HttpResult subs = c.get(subscriptionsUrl(base));
    QCOMPARE(subs.status, 200);
    const QJsonArray value = subs.object().value(u"value").toArray();
    QCOMPARE(value.size(), 2);
    const QString sub = value.first().toObject().value(u"subscriptionId").toString();
    QVERIFY(!sub.isEmpty());
    const HttpResult list = c.get(requestsUrl(base, sub));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.object().value(u"value").toArray().size(), 20);

    if (signal == SIGTERM)
        p->terminate();
    else
        QCOMPARE(::kill(pid_t(p->processId()), SIGINT), 0);
    QVERIFY2(p->waitForFinished(kExitTimeoutMs), "lockbox-sim did not stop within 5 s");
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0);
    // Nothing more than the base URL on standard output.
    QCOMPARE(p->readAllStandardOutput().trimmed(), QByteArray());
    // And the port is closed.
    HttpClient after;
    after.setTimeoutMs(3000);
    const HttpResult gone = after.get(subscriptionsUrl(base));
    QCOMPARE(gone.status, 0);
    QCOMPARE(gone.error, QNetworkReply::ConnectionRefusedError);
}

void TestSimProcess::sameSeedSameData()
{
    const QStringList common = {u"--static-token"_s, QString::fromLatin1(kToken), u"--start-time"_s,
                                u"2026-03-01T10:00:00Z"_s};
    // Three servers at once, to keep the test short.
    const QUrl a = startServing(QStringList {u"--seed"_s, u"5"_s} + common);
    const QUrl b = startServing(QStringList {u"--seed"_s, u"5"_s} + common);
    const QUrl other = startServing(QStringList {u"--seed"_s, u"6"_s} + common);
    QVERIFY(a.isValid() && !a.isEmpty());
    QVERIFY(b.isValid() && !b.isEmpty());
    QVERIFY(other.isValid() && !other.isEmpty());
    QVERIFY(a.port() != b.port());

    HttpClient c;
    c.setBearer(kToken);
    const auto firstSubscriptionList = [&c](const QUrl &base) {
        const HttpResult subs = c.get(subscriptionsUrl(base));
        const QString sub =
            subs.object().value(u"value").toArray().first().toObject().value(u"subscriptionId").toString();
        const HttpResult list = c.get(requestsUrl(base, sub));
        return std::make_pair(sub, list.object().value(u"value").toArray());
    };
    const auto [subA, listA] = firstSubscriptionList(a);
    const auto [subB, listB] = firstSubscriptionList(b);
    const auto [subOther, listOther] = firstSubscriptionList(other);
    QVERIFY(!subA.isEmpty());
    QVERIFY(listA.size() > 0);

    QCOMPARE(subB, subA);
    QCOMPARE(QJsonDocument(listB).toJson(QJsonDocument::Compact), QJsonDocument(listA).toJson(QJsonDocument::Compact));
    QVERIFY(subOther != subA);
    QVERIFY(QJsonDocument(listOther).toJson(QJsonDocument::Compact)
            != QJsonDocument(listA).toJson(QJsonDocument::Compact));
}

void TestSimProcess::badArgumentsExit1_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named"); // what the message must name

    QTest::newRow("requests not a number") << QStringList {u"--requests"_s, u"abc"_s} << u"--requests"_s;
    QTest::newRow("fault rate above 1") << QStringList {u"--fault-rate"_s, u"2"_s} << u"--fault-rate"_s;
    QTest::newRow("unknown fault kind") << QStringList {u"--faults"_s, u"500,bogus"_s} << u"bogus"_s;
    QTest::newRow("client without secret") << QStringList {u"--client"_s, u"nocolon"_s} << u"--client"_s;
    QTest::newRow("certificate without key") << QStringList {u"--tls-cert"_s, u"x"_s} << u"--tls-key"_s;
    QTest::newRow("unknown option") << QStringList {u"--nope"_s} << u"nope"_s;
    QTest::newRow("port out of range") << QStringList {u"--port"_s, u"70000"_s} << u"--port"_s;
    QTest::newRow("bad start time") << QStringList {u"--start-time"_s, u"yesterday"_s} << u"--start-time"_s;
}

void TestSimProcess::badArgumentsExit1()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QVERIFY(runToExit(arguments, &exitCode, &out, &err));
    QCOMPARE(exitCode, 1);
    QVERIFY2(out.isEmpty(), out.constData()); // no base URL for a script to pick up
    QVERIFY2(QString::fromUtf8(err).contains(named), err.constData());
}

void TestSimProcess::helpExits0()
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QVERIFY(runToExit({u"--help"_s}, &exitCode, &out, &err));
    QCOMPARE(exitCode, 0);
    QVERIFY2(out.contains("--static-token"), out.constData());
    QVERIFY(out.contains("--fault-rate"));
}

void TestSimProcess::portAlreadyTakenExits1()
{
    QProcess *first = nullptr;
    const QUrl base = startServing({u"--static-token"_s, QString::fromLatin1(kToken)}, &first);
    QVERIFY(base.port() > 0);
    const QString port = QString::number(base.port());

    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QVERIFY(runToExit({u"--port"_s, port, u"--static-token"_s, QString::fromLatin1(kToken)}, &exitCode, &out, &err));
    QCOMPARE(exitCode, 1);
    QVERIFY2(out.isEmpty(), out.constData());
    // lockbox-sim's own message names the address and why it failed.
    const QByteArray prefix = "lockbox-sim: cannot listen on 127.0.0.1:" + port.toLatin1() + ": ";
    const qsizetype at = err.indexOf(prefix);
    QVERIFY2(at >= 0, err.constData());
    const QByteArray message = err.mid(at, err.indexOf('\n', at) - at);
    QVERIFY2(message.contains("in use"), message.constData());
    // The first one is unharmed.
    HttpClient c;
    c.setBearer(kToken);
    QCOMPARE(c.get(subscriptionsUrl(base)).status, 200);
    QCOMPARE(first->state(), QProcess::Running);
}

void TestSimProcess::servesHttpsWithTheGivenCertificate()
{
    LOCKBOX_REQUIRE(haveCertificate(), qPrintable(m_noCertificateReason));
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend");

    QProcess *p = start(
        {u"--tls-cert"_s, m_certFile, u"--tls-key"_s, m_keyFile, u"--static-token"_s, QString::fromLatin1(kToken)});
    const QString line = firstLine(p);
    QVERIFY2(line.startsWith(u"https://127.0.0.1:"),
             qPrintable(line + u' ' + QString::fromUtf8(p->readAllStandardError())));
    const QUrl base(line);
    QVERIFY(base.port() > 0);

    const auto certificates = QSslCertificate::fromPath(m_certFile);
    QCOMPARE(certificates.size(), 1);
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(certificates);
    const TlsResult trusted = tlsGet(subscriptionsUrl(base), trusting);
    QCOMPARE(trusted.error, QNetworkReply::NoError);
    QCOMPARE(trusted.status, 200);
    QVERIFY(trusted.sslErrors.isEmpty());
    QCOMPARE(QJsonDocument::fromJson(trusted.body).object().value(u"value").toArray().size(), 3);

    // The system's trust store does not know our certificate: the handshake fails.
    const TlsResult untrusted = tlsGet(subscriptionsUrl(base), QSslConfiguration::defaultConfiguration());
    QCOMPARE(untrusted.status, 0);
    QCOMPARE(untrusted.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!untrusted.sslErrors.isEmpty());
    QVERIFY(untrusted.body.isEmpty());

    // Plain HTTP on the HTTPS port gets no reply either.
    QUrl plain = subscriptionsUrl(base);
    plain.setScheme(u"http"_s);
    HttpClient c;
    c.setBearer(kToken);
    c.setTimeoutMs(5000);
    QCOMPARE(c.get(plain).status, 0);
    QCOMPARE(p->state(), QProcess::Running);
}

void TestSimProcess::tlsKeyThatIsNotAKeyExits1()
{
    LOCKBOX_REQUIRE(haveCertificate(), qPrintable(m_noCertificateReason));
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    // A certificate is not a key.
    QVERIFY(runToExit({u"--tls-cert"_s, m_certFile, u"--tls-key"_s, m_certFile}, &exitCode, &out, &err));
    QCOMPARE(exitCode, 1);
    QVERIFY(out.isEmpty());
    QVERIFY2(err.contains("--tls-key"), err.constData());
    // Nor is a file that is not there.
    QVERIFY(runToExit({u"--tls-cert"_s, m_certFile, u"--tls-key"_s, m_tlsDir.filePath(u"missing.pem"_s)}, &exitCode,
                      &out, &err));
    QCOMPARE(exitCode, 1);
    QVERIFY2(err.contains("--tls-key") && err.contains("missing.pem"), err.constData());
}

QTEST_GUILESS_MAIN(TestSimProcess)
#include "tst_simprocess.moc"
