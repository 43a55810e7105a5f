#include "contenthash.h"

#include <QtEndian>

#include <cstring>
#include <limits>
#include <string>

namespace lockbox::store {

namespace {

inline quint64 rotl64(quint64 x, int r)
{
    return (x << r) | (x >> (64 - r));
}

inline quint64 fmix64(quint64 k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

inline quint64 load64(const uchar *p)
{
    quint64 v;
    std::memcpy(&v, p, sizeof v);
    return qFromLittleEndian(v); // the same hash on every byte order
}

// A builder for the canonical encoding: each value prefixed by its length, so that field
// boundaries are unambiguous.
class Encoder final
{
public:
    explicit Encoder(std::string &out)
        : m_out(out)
    {
    }
    void add(QStringView s)
    {
        addInt(qint64(s.size()));
        m_out.append(reinterpret_cast<const char *>(s.utf16()), std::size_t(s.size()) * sizeof(char16_t));
    }
    void addInt(qint64 v)
    {
        const qint64 le = qToLittleEndian(v);
        m_out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void addTime(const QDateTime &t)
    {
        addInt(t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min());
    }

private:
    std::string &m_out; // std::string: plain appends, no detach checks (this runs per request merged)
};

} // namespace

QByteArray murmur3x64_128(QByteArrayView data, quint32 seed)
{
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    const qsizetype len = data.size();
    const qsizetype nblocks = len / 16;

    quint64 h1 = seed;
    quint64 h2 = seed;
    constexpr quint64 c1 = 0x87c37b91114253d5ULL;
    constexpr quint64 c2 = 0x4cf5ad432745937fULL;

    for (qsizetype i = 0; i < nblocks; ++i) {
        quint64 k1 = load64(bytes + i * 16);
        quint64 k2 = load64(bytes + i * 16 + 8);

        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl64(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;

        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl64(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }

    const uchar *tail = bytes + nblocks * 16;
    quint64 k1 = 0;
    quint64 k2 = 0;
    switch (len & 15) {
    case 15:
        k2 ^= quint64(tail[14]) << 48;
        [[fallthrough]];
    case 14:
        k2 ^= quint64(tail[13]) << 40;
        [[fallthrough]];
    case 13:
        k2 ^= quint64(tail[12]) << 32;
        [[fallthrough]];
    case 12:
        k2 ^= quint64(tail[11]) << 24;
        [[fallthrough]];
    case 11:
        k2 ^= quint64(tail[10]) << 16;
        [[fallthrough]];
    case 10:
        k2 ^= quint64(tail[9]) << 8;
        [[fallthrough]];
    case 9:
        k2 ^= quint64(tail[8]);
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        [[fallthrough]];
    case 8:
        k1 ^= quint64(tail[7]) << 56;
        [[fallthrough]];
    case 7:
        k1 ^= quint64(tail[6]) << 48;
        [[fallthrough]];
    case 6:
        k1 ^= quint64(tail[5]) << 40;
        [[fallthrough]];
    case 5:
        k1 ^= quint64(tail[4]) << 32;
        [[fallthrough]];
    case 4:
        k1 ^= quint64(tail[3]) << 24;
        [[fallthrough]];
    case 3:
        k1 ^= quint64(tail[2]) << 16;
        [[fallthrough]];
    case 2:
        k1 ^= quint64(tail[1]) << 8;
        [[fallthrough]];
    case 1:
        k1 ^= quint64(tail[0]);
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        break;
    default:
        break;
    }

    h1 ^= quint64(len);
    h2 ^= quint64(len);
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;

    QByteArray out(16, Qt::Uninitialized);
    qToLittleEndian(h1, out.data());
    qToLittleEndian(h2, out.data() + 8);
    return out;
}

QByteArray contentHash(const AccessRequest &r)
{
    // Reused per thread: a merge hashes thousands of requests.
    thread_local std::string buffer;
    buffer.clear(); // keeps the capacity
    Encoder e(buffer);
    e.addInt(1); // encoding version
    e.add(r.armId);
    e.add(r.name);
    e.add(r.type);
    e.add(r.requestId);
    e.add(r.subscriptionId);
    e.add(r.justification);
    e.addInt(qint64(r.status.kind()));
    e.add(r.status.toString());
    e.addTime(r.createdDateTime);
    e.addTime(r.expirationDateTime);
    e.add(r.duration);
    e.addInt(qint64(r.resourceIds.size()));
    for (const QString &id : r.resourceIds)
        e.add(id);
    e.add(r.resourceType);
    e.add(r.supportRequest);
    e.add(r.supportCaseUrl);
    e.add(r.workItemSource);
    e.addInt(r.accessLevel ? 1 : 0);
    if (r.accessLevel)
        e.add(*r.accessLevel);
    return murmur3x64_128(QByteArrayView(buffer.data(), qsizetype(buffer.size())));
}

} // namespace lockbox::store
