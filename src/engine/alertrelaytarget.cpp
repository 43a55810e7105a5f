#include "alertrelaytarget.h"

#include <QCryptographicHash>

namespace lockbox::engine {

RelayTarget::RelayTarget(QObject *parent)
    : QObject(parent)
{
}

RelayTarget::~RelayTarget() = default;

QString RelayTarget::digest(QStringView text)
{
    const QByteArray hash = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QString::fromLatin1(hash.left(24));
}

} // namespace lockbox::engine
