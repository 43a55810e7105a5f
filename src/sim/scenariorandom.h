#pragma once

// The scenario generator's randomness: seeded streams, kept apart by salt and index so that
// adding a draw to one never shifts another, the draws made from them, and numbers written with
// leading zeros as generated names and case numbers carry them. Internal to the scenario
// generator (scenario*.cpp).

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringView>

#include <array>
#include <cstddef>
#include <numeric>

namespace lockbox::sim::scenario {

// Salts keep the streams for the tenant, users, names, subscriptions, estates and requests apart,
// so that adding a draw to one never shifts another.
enum Salt : quint64 {
    SaltTenant = 0x7465'6e61'6e74ULL,
    SaltUsers = 0x7573'6572'73ULL,
    SaltNames = 0x6e61'6d65'73ULL,
    SaltSubscription = 0x7375'6273ULL,
    SaltEstate = 0x6573'7461'7465ULL,
    SaltRequests = 0x7265'7173ULL,
};

// A Mersenne Twister seeded with 128 bits, so that nearby seeds and indices give unrelated streams.
QRandomGenerator makeStream(quint64 seed, quint64 salt, quint64 index);

// FNV-1a over UTF-16 units: stable across runs and machines, unlike qHash.
quint64 fnv1a(QStringView text);

inline double uniform(QRandomGenerator &random)
{
    return random.generateDouble();
}

inline bool chance(QRandomGenerator &random, double p)
{
    return random.generateDouble() < p;
}

template<typename T, std::size_t N>
const T &pick(QRandomGenerator &random, const std::array<T, N> &items)
{
    return items[random.bounded(quint32(N))];
}

// Index into `weights` drawn in proportion to its entries.
template<std::size_t N>
std::size_t pickWeighted(QRandomGenerator &random, const std::array<int, N> &weights)
{
    const int total = std::accumulate(weights.begin(), weights.end(), 0);
    int roll = random.bounded(total);
    for (std::size_t i = 0; i < N; ++i) {
        if (roll < weights[i])
            return i;
        roll -= weights[i];
    }
    return N - 1;
}

// `k` distinct indices out of `n` (n ≤ 16), by a partial Fisher–Yates shuffle.
QList<int> pickDistinct(QRandomGenerator &random, int n, int k);

// `value` in decimal with at least `width` digits, zeros in front.
void appendPadded(QString &out, qint64 value, int width);
QString padded(qint64 value, int width);

} // namespace lockbox::sim::scenario
