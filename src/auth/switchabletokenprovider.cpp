#include "switchabletokenprovider.h"

namespace lockbox {

SwitchableTokenProvider::SwitchableTokenProvider(QObject *parent)
    : TokenProvider(parent)
{
}

SwitchableTokenProvider::~SwitchableTokenProvider() = default;

void SwitchableTokenProvider::retire()
{
    ++m_generation;
    if (m_provider) {
        // Its answers in flight are dropped (the generation moved on); it may still be inside one of
        // its own callbacks, so it goes from the event loop.
        m_provider.release()->deleteLater();
    }
}

void SwitchableTokenProvider::setProvider(std::unique_ptr<TokenProvider> provider)
{
    if (!provider) {
        setUnavailable(tr("Not signed in."));
        return;
    }
    retire();
    m_provider = std::move(provider);
    m_provider->setParent(this);
    m_state = State::Ready;
    m_message.clear();
    const QList<quint64> ids = m_calls.keys();
    for (quint64 id : ids)
        forward(id);
    Q_EMIT sourceChanged();
}

void SwitchableTokenProvider::setUnavailable(const QString &message)
{
    retire();
    m_state = State::Unavailable;
    m_message = message.isEmpty() ? tr("Not signed in.") : message;
    const QList<quint64> ids = m_calls.keys();
    for (quint64 id : ids)
        answer(id, QByteArray(), m_message);
    Q_EMIT sourceChanged();
}

void SwitchableTokenProvider::setWaiting()
{
    retire();
    m_state = State::Waiting;
    m_message.clear();
    // Calls already with the old source wait for the next one.
    Q_EMIT sourceChanged();
}

void SwitchableTokenProvider::token(bool forceRefresh, QObject *context, Callback callback)
{
    const quint64 id = m_nextId++;
    m_calls.insert(id, Call {context, std::move(callback), forceRefresh});
    switch (m_state) {
    case State::Ready:
        forward(id);
        break;
    case State::Unavailable:
        answer(id, QByteArray(), m_message);
        break;
    case State::Waiting:
        break;
    }
}

void SwitchableTokenProvider::forward(quint64 id)
{
    const auto it = m_calls.constFind(id);
    if (it == m_calls.cend() || !m_provider)
        return;
    const quint64 generation = m_generation;
    m_provider->token(it->forceRefresh, this, [this, id, generation](const QByteArray &token, const QString &error) {
        if (generation != m_generation)
            return; // asked of a source that has since gone: the call was handed on
        answer(id, token, error);
    });
}

void SwitchableTokenProvider::answer(quint64 id, const QByteArray &token, const QString &error)
{
    const Call call = m_calls.take(id);
    if (!call.context || !call.callback)
        return;
    // Always from the event loop, in the caller's context, as every provider does.
    QMetaObject::invokeMethod(
        call.context, [callback = call.callback, token, error] { callback(token, error); }, Qt::QueuedConnection);
}

QString SwitchableTokenProvider::identity() const
{
    return m_provider ? m_provider->identity() : QString();
}

TokenClaims SwitchableTokenProvider::claims() const
{
    return m_provider ? m_provider->claims() : TokenClaims();
}

QDateTime SwitchableTokenProvider::expiresAt() const
{
    return m_provider ? m_provider->expiresAt() : QDateTime();
}

AuthError SwitchableTokenProvider::lastFailure() const
{
    if (m_provider)
        return m_provider->lastFailure();
    return m_state == State::Unavailable ? AuthError::make(AuthError::Kind::NotSignedIn, m_message) : AuthError();
}

} // namespace lockbox
