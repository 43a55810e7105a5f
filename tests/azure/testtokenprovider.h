#pragma once

#include "auth/tokenprovider.h"

#include <QMetaObject>
#include <QString>

#include <optional>

namespace lockbox::test {

// A TokenProvider for tests: a fixed token, an optional different one after a forced refresh,
// or no token at all; it counts what it was asked. It answers from the event loop, as real
// providers do.
class TestTokenProvider final : public TokenProvider
{
    Q_OBJECT

public:
    explicit TestTokenProvider(const QByteArray &token, QObject *parent = nullptr)
        : TokenProvider(parent)
        , m_token(token)
    {
    }

    void setToken(const QByteArray &token) { m_token = token; }
    // After token(forceRefresh = true): this token from then on; unset, a refresh fails.
    void setRefreshedToken(const QByteArray &token) { m_refreshed = token; }
    // No token at all, with this message.
    void setError(const QString &error) { m_error = error; }

    int requests() const { return m_requests; }
    int forcedRefreshes() const { return m_forced; }

    void token(bool forceRefresh, QObject *context, Callback callback) override
    {
        ++m_requests;
        QByteArray token = m_token;
        QString error = m_error;
        if (forceRefresh) {
            ++m_forced;
            if (m_refreshed) {
                m_token = *m_refreshed;
                token = m_token;
            } else {
                token.clear();
                error = QStringLiteral("the test provider cannot refresh; set a new token");
            }
        }
        if (!error.isEmpty())
            token.clear();
        QMetaObject::invokeMethod(
            context, [callback, token, error] { callback(token, error); }, Qt::QueuedConnection);
    }

    QString identity() const override { return QStringLiteral("test"); }

private:
    QByteArray m_token;
    std::optional<QByteArray> m_refreshed;
    QString m_error;
    int m_requests = 0;
    int m_forced = 0;
};

} // namespace lockbox::test
