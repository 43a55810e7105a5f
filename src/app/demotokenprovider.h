#pragma once

#include "auth/tokenprovider.h"

namespace lockbox::app {

// The demo's sign-in: the embedded simulator accepts one fixed token for every subscription.
class DemoTokenProvider final : public TokenProvider
{
    Q_OBJECT

public:
    explicit DemoTokenProvider(QByteArray token, QObject *parent = nullptr);

    void token(bool forceRefresh, QObject *context, Callback callback) override;
    QString identity() const override;

private:
    QByteArray m_token;
};

} // namespace lockbox::app
