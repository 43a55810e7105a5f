#pragma once

#include <QString>

#include <array>
#include <bit>
#include <cstddef>
#include <utility>

namespace lockbox::engine {

// Values remembered by the address of a string's shared data. Rows read from the cache share one
// string per distinct value (store::RequestRowReader, StringPool), so a value met before is found
// again without hashing or comparing its text, where a look-up by text hashes every row's string
// (100,000 rows at launch, several such values a row).
//
// Each entry holds its string, which keeps that data alive and unchanged: the same address and
// size are the same text (not so for strings made by QString::fromRawData(), which are not
// given here). Direct-mapped: a string whose slot another took is simply not found, and its
// owner looks it up by text.
template<typename T, std::size_t Slots = 128>
class SharedDataMemo final
{
    static_assert(std::has_single_bit(Slots), "a power of two");

public:
    // The value remembered for `text`'s data, or null.
    const T *find(const QString &text) const
    {
        const Entry &entry = m_entries[slotOf(text)];
        if (text.isEmpty() || entry.text.constData() != text.constData() || entry.text.size() != text.size())
            return nullptr;
        return &entry.value;
    }
    void remember(const QString &text, T value)
    {
        if (text.isEmpty())
            return;
        Entry &entry = m_entries[slotOf(text)];
        entry.text = text;
        entry.value = std::move(value);
    }
    void clear() { m_entries = {}; }

private:
    struct Entry
    {
        QString text;
        T value {};
    };
    static std::size_t slotOf(const QString &text)
    {
        constexpr int kBits = std::countr_zero(Slots);
        // Fibonacci hashing of the address: allocations are aligned, so its low bits say little.
        const auto address = quint64(quintptr(text.constData()));
        return kBits == 0 ? 0 : std::size_t((address * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
    }

    std::array<Entry, Slots> m_entries;
};

} // namespace lockbox::engine
