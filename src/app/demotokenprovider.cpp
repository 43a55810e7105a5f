#include "demotokenprovider.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox::app {

DemoTokenProvider::DemoTokenProvider(QByteArray token, QObject *parent)
    : TokenProvider(parent)
    , m_token(std::move(token))
{
}

void DemoTokenProvider::token(bool forceRefresh, QObject *context, Callback callback)
{
    Q_UNUSED(forceRefresh)
    // Answer from the event loop, as a real provider would.
    QMetaObject::invokeMethod(
        context, [token = m_token, callback = std::move(callback)] { callback(token, QString()); },
        Qt::QueuedConnection);
}

QString DemoTokenProvider::identity() const
{
    return u"demo.approver@contoso.example"_s;
}

} // namespace lockbox::app
