#pragma once

#include "autherror.h"
#include "cloud.h"
#include "token.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace lockbox {

class OAuthCall;

// The client credentials grant for automation: an application (client id + secret in a tenant)
// gets an ARM token of its own. The secret comes from the environment variable
// LOCKBOX_CLIENT_SECRET or the keychain, never from a command-line argument (which any user of
// the machine can read in the process list).
class ClientCredentialsFlow final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        Cloud cloud;
        QString tenant; // required: a tenant id or domain ("organizations" does not work here)
        QString clientId;
        QString scope; // empty: cloud.armScope()
        int requestTimeoutMs = 30000;
    };

    static constexpr const char *kSecretVariable = "LOCKBOX_CLIENT_SECRET";
    // The secret in LOCKBOX_CLIENT_SECRET, trimmed; empty when unset.
    static QByteArray secretFromEnvironment();

    ClientCredentialsFlow(QNetworkAccessManager *manager, Options options, QByteArray secret,
                          QObject *parent = nullptr);
    ~ClientCredentialsFlow() override;

    void start();
    bool isRunning() const { return !m_call.isNull(); }

Q_SIGNALS:
    void finished(const lockbox::Token &token);
    void failed(const lockbox::AuthError &error);

private:
    void onToken();

    QNetworkAccessManager *m_manager;
    Options m_options;
    QByteArray m_secret;
    QPointer<OAuthCall> m_call;
};

} // namespace lockbox
