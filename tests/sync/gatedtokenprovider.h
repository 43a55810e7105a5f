#pragma once

#include "auth/tokenprovider.h"

#include <QMetaObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <utility>

namespace lockbox::test {

// A TokenProvider with a static token and a gate: ArmClient asks for a token before every HTTP
// attempt, so a gate on the n-th request runs a step (switching the simulator's faults off,
// say) after the attempts before it and before the one it holds. Answers from the event loop.
class GatedTokenProvider final : public TokenProvider
{
    Q_OBJECT

public:
    // Runs its argument (the answer) when the step is done.
    using Gate = std::function<void(std::function<void()> answer)>;

    explicit GatedTokenProvider(const QByteArray &token, QObject *parent = nullptr)
        : TokenProvider(parent)
        , m_token(token)
    {
    }

    // The next `pass` requests are answered at once; the one after them waits for `gate`.
    void armGate(int pass, Gate gate)
    {
        m_pass = pass;
        m_gate = std::move(gate);
    }
    bool gateArmed() const { return bool(m_gate); }
    // Another bearer from now on (a real token of the simulator's Entra, say).
    void setToken(const QByteArray &token) { m_token = token; }
    int requests() const { return m_requests; }

    void token(bool forceRefresh, QObject *context, Callback callback) override
    {
        Q_UNUSED(forceRefresh);
        ++m_requests;
        const QByteArray token = m_token;
        auto answer = [context = QPointer<QObject>(context), callback, token] {
            if (context) {
                QMetaObject::invokeMethod(
                    context.data(), [callback, token] { callback(token, QString()); }, Qt::QueuedConnection);
            }
        };
        if (m_gate && m_pass-- <= 0) {
            const Gate gate = std::exchange(m_gate, {});
            gate(answer);
            return;
        }
        answer();
    }

    QString identity() const override { return QStringLiteral("test@contoso.example"); }

private:
    QByteArray m_token;
    Gate m_gate;
    int m_pass = 0;
    int m_requests = 0;
};

} // namespace lockbox::test
