#pragma once

#include "cachingtokenprovider.h"

#include <QPointer>
#include <QTimer>

class QProcess;

namespace lockbox {

// Tokens from the Azure CLI's own sign-in: `az account get-access-token --resource <ARM> -o json`,
// run asynchronously (the caller's thread never waits for it) whenever the token runs low or a
// 401 asks for a new one. A missing `az` or an `az` that is not signed in gives a sentence that
// says so; the token is read from standard output and never logged.
class AzureCliTokenProvider final : public CachingTokenProvider
{
    Q_OBJECT

public:
    struct Options
    {
        QString program = QStringLiteral("az"); // a name looked up on PATH, or a path
        QString resource = QStringLiteral("https://management.azure.com/");
        QString tenant; // passed as --tenant when set (not for "organizations"/"common")
        int timeoutMs = 120000;
    };

    explicit AzureCliTokenProvider(Options options, QObject *parent = nullptr);
    ~AzureCliTokenProvider() override;

    static QString notFoundMessage();

protected:
    void renew() override;

private:
    void onFinished();
    void finishWith(const AuthError &error);

    Options m_options;
    QPointer<QProcess> m_process;
    QTimer m_timeout;
    bool m_timedOut = false;
};

} // namespace lockbox
