// The device-code answer of Entra's …/oauth2/v2.0/devicecode, read by the real DeviceCodeFlow and
// OAuthCall: the fuzzer's bytes are the body of the answer, its first byte picks the HTTP status.
// A network manager of its own answers without a socket, so each input is one turn of the event
// loop.

#include "fuzzcheck.h"

#include "auth/cloud.h"
#include "auth/devicecodeflow.h"
#include "core/hiddentext.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <cstring>

using namespace lockbox;
using namespace lockbox::fuzz;

namespace {

class CannedReply final : public QNetworkReply
{
public:
    CannedReply(const QNetworkRequest &request, QByteArray body, int status, QObject *parent)
        : QNetworkReply(parent)
        , m_body(std::move(body))
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(QNetworkAccessManager::PostOperation);
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
        if (status >= 400)
            setError(QNetworkReply::ProtocolInvalidOperationError, QStringLiteral("HTTP %1").arg(status));
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        setFinished(true);
        QMetaObject::invokeMethod(
            this,
            [this] {
                Q_EMIT metaDataChanged();
                Q_EMIT readyRead();
                Q_EMIT finished();
            },
            Qt::QueuedConnection);
    }

    void abort() override { }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_body.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = qMin(max, qint64(m_body.size() - m_pos));
        if (n <= 0)
            return -1;
        std::memcpy(out, m_body.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }

private:
    QByteArray m_body;
    qint64 m_pos = 0;
};

class CannedManager final : public QNetworkAccessManager
{
public:
    QByteArray body;
    int status = 200;

protected:
    QNetworkReply *createRequest(Operation, const QNetworkRequest &request, QIODevice *) override
    {
        return new CannedReply(request, body, status, this);
    }
};

constexpr int kStatuses[] = {200, 200, 200, 200, 400, 401, 429, 500, 302};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static CannedManager *manager = new CannedManager;
    if (size == 0)
        return 0;
    manager->status = kStatuses[data[0] % std::size(kStatuses)];
    manager->body = QByteArray(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    bool ended = false;
    {
        DeviceCodeFlow flow(manager, DeviceCodeFlow::Options());
        QObject::connect(
            &flow, &DeviceCodeFlow::codeReady, &flow,
            [&](const QString &userCode, const QUrl &uri, int expiresIn, const QString &message) {
                ended = true;
                check(manager->status == 200, "a code from an answer that was not 200");
                check(!userCode.isEmpty(), "an empty user code was offered");
                checkString(userCode, 64 * 6 + 1, "user_code");
                check(!containsHidden(userCode), "a hidden character in the user code", userCode);
                checkString(message, 500 * 6 + 1, "message");
                check(!containsHidden(message), "a hidden character in the message", message);
                check(uri.isValid() && Cloud::isSecureUrl(uri), "a verification address not https", uri.toString());
                check(expiresIn >= 0 && expiresIn <= 1000000, "expires_in out of range", QString::number(expiresIn));
                check(flow.intervalMs() >= 1000 && flow.intervalMs() <= 60000, "interval out of range",
                      QString::number(flow.intervalMs()));
            });
        QObject::connect(&flow, &DeviceCodeFlow::failed, &flow, [&](const AuthError &error) {
            ended = true;
            check(error.isError() && !error.message.isEmpty(), "a failure without a reason");
            checkString(error.message, 8 * 1024, "failure message");
        });
        flow.start();
        for (int turn = 0; turn < 100 && !ended; ++turn)
            QCoreApplication::processEvents();
        check(ended, "the flow neither offered a code nor failed");
        flow.cancel();
    }
    // The call and its reply go with deleteLater.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    return 0;
}
