#include "pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace lockbox {

namespace {

constexpr char kUnreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

} // namespace

QByteArray Pkce::newVerifier(int length)
{
    length = qBound(43, length, 128);
    QByteArray verifier;
    verifier.reserve(length);
    constexpr int alphabet = int(sizeof(kUnreserved) - 1); // 66
    for (int i = 0; i < length; ++i)
        verifier.append(kUnreserved[QRandomGenerator::system()->bounded(alphabet)]);
    return verifier;
}

QByteArray Pkce::challengeOf(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray Pkce::randomToken(int bytes)
{
    QByteArray raw(qMax(1, bytes), Qt::Uninitialized);
    for (char &c : raw)
        c = char(QRandomGenerator::system()->bounded(256));
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace lockbox
