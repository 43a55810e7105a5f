// The scenario generator's seeded streams, from SplitMix64 over the seed, a salt and an index.

#include "scenariorandom.h"

#include <algorithm>
#include <utility>

namespace lockbox::sim::scenario {

namespace {

quint64 splitmix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

quint64 mix(quint64 seed, quint64 salt, quint64 index)
{
    quint64 state = seed;
    state ^= splitmix64(state) ^ salt;
    state ^= splitmix64(state) ^ index;
    return splitmix64(state);
}

} // namespace

QRandomGenerator makeStream(quint64 seed, quint64 salt, quint64 index)
{
    quint64 state = mix(seed, salt, index);
    const quint64 a = splitmix64(state);
    const quint64 b = splitmix64(state);
    const std::array<quint32, 4> words = {quint32(a), quint32(a >> 32), quint32(b), quint32(b >> 32)};
    return {words.data(), qsizetype(words.size())};
}

quint64 fnv1a(QStringView text)
{
    quint64 hash = 0xcbf29ce484222325ULL;
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

QList<int> pickDistinct(QRandomGenerator &random, int n, int k)
{
    std::array<int, 16> order {};
    n = std::min(n, int(order.size()));
    std::iota(order.begin(), order.begin() + n, 0);
    k = std::clamp(k, 0, n);
    QList<int> out;
    out.reserve(k);
    for (int i = 0; i < k; ++i) {
        const int j = i + random.bounded(n - i);
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
        out.append(order[std::size_t(i)]);
    }
    return out;
}

void appendPadded(QString &out, qint64 value, int width)
{
    std::array<char16_t, 20> digits {};
    int count = 0;
    do {
        digits[std::size_t(count++)] = char16_t(u'0' + value % 10);
        value /= 10;
    } while (value > 0 && count < int(digits.size()));
    for (int i = count; i < width; ++i)
        out += u'0';
    while (count > 0)
        out += QChar(digits[std::size_t(--count)]);
}

QString padded(qint64 value, int width)
{
    QString out;
    out.reserve(width);
    appendPadded(out, value, width);
    return out;
}

} // namespace lockbox::sim::scenario
