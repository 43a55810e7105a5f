#pragma once

#include "tokenprovider.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace lockbox {

// A TokenProvider that stays put while its source changes: the console's engine hands this one to
// its ARM client and decision service, then signs in, restores a sign-in, switches accounts or
// signs out underneath. While the source is being restored callers wait; with no source they hear
// why at once. A call the old source had not answered when the source changes is asked again of
// the new one (or told why there is none), so every caller still hears exactly once.
class SwitchableTokenProvider final : public TokenProvider
{
    Q_OBJECT

public:
    enum class State { Waiting, Ready, Unavailable };

    explicit SwitchableTokenProvider(QObject *parent = nullptr);
    ~SwitchableTokenProvider() override;

    // From now on tokens come from `provider` (owned). Waiting callers are answered by it.
    void setProvider(std::unique_ptr<TokenProvider> provider);
    // No source: every caller, waiting or new, hears `message` ("Not signed in: …").
    void setUnavailable(const QString &message);
    // A source is on its way (a sign-in is being restored): callers wait for it.
    void setWaiting();

    State state() const { return m_state; }
    TokenProvider *provider() const { return m_provider.get(); }
    QString unavailableMessage() const { return m_message; }

    void token(bool forceRefresh, QObject *context, Callback callback) override;
    QString identity() const override;
    TokenClaims claims() const override;
    QDateTime expiresAt() const override;
    AuthError lastFailure() const override;

Q_SIGNALS:
    // The source changed (set, replaced or removed).
    void sourceChanged();

private:
    struct Call
    {
        QPointer<QObject> context;
        Callback callback;
        bool forceRefresh = false;
    };

    void forward(quint64 id);
    void answer(quint64 id, const QByteArray &token, const QString &error);
    void retire();

    std::unique_ptr<TokenProvider> m_provider;
    State m_state = State::Waiting;
    QString m_message;
    QHash<quint64, Call> m_calls; // asked and not yet answered
    quint64 m_nextId = 1;
    quint64 m_generation = 0; // bumped on every change of source: late answers of an old one are dropped
};

} // namespace lockbox
