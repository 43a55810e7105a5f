#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace lockbox::engine {

// The text of many rows back to back in one buffer, each piece found by its offset and size:
// no allocation and no header per piece (100,000 rows' text in 100,000 strings would cost
// 40 bytes of overhead each). The buffer grows by half through realloc(), which moves a large
// block by remapping its pages rather than holding an old and a new copy at once.
//
// Pieces are never freed one by one: an owner that stops using one calls release() with its size,
// and once the waste outweighs the live text (and is over 1 MiB), compact() copies the live
// pieces anew, asking the owner for every piece it still uses.
class ByteArena final
{
public:
    ByteArena() = default;
    ~ByteArena() { std::free(m_data); }
    ByteArena(const ByteArena &) = delete;
    ByteArena &operator=(const ByteArena &) = delete;
    ByteArena(ByteArena &&other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_size(std::exchange(other.m_size, 0))
        , m_capacity(std::exchange(other.m_capacity, 0))
        , m_waste(std::exchange(other.m_waste, 0))
    {
    }
    ByteArena &operator=(ByteArena &&other) noexcept
    {
        if (this != &other) {
            std::free(m_data);
            m_data = std::exchange(other.m_data, nullptr);
            m_size = std::exchange(other.m_size, 0);
            m_capacity = std::exchange(other.m_capacity, 0);
            m_waste = std::exchange(other.m_waste, 0);
        }
        return *this;
    }

    // Appends `size` bytes; returns their offset. Offsets are 32-bit: past 4 GiB, std::bad_alloc
    // (replies are capped far below that, armclient.h).
    quint32 append(const char *bytes, std::size_t size)
    {
        return appendWith(size, [&](char *to) { std::memcpy(to, bytes, size); });
    }
    // Appends `size` bytes that fill(char *to) writes; returns their offset.
    template<typename Fill>
    quint32 appendWith(std::size_t size, Fill fill)
    {
        if (size > std::numeric_limits<quint32>::max() - m_size)
            qBadAlloc();
        if (m_size + size > m_capacity)
            reserve(std::max({m_size + size, m_capacity + m_capacity / 2, kMinCapacity}));
        const auto offset = quint32(m_size);
        if (size > 0)
            fill(m_data + m_size);
        m_size += size;
        return offset;
    }
    // Takes back the last `size` bytes appended.
    void dropBack(std::size_t size) { m_size -= std::min(size, m_size); }
    const char *data() const { return m_data; }
    std::size_t size() const { return m_size; }

    void release(std::size_t size) { m_waste += size; }
    bool isWasteful() const { return m_waste >= kWasteLimit && m_waste >= m_size - m_waste; }
    // forEachPiece(move) must call move(offset, size) for every live piece, with `offset` a
    // reference that move() sets to the piece's new place.
    template<typename ForEachPiece>
    void compact(ForEachPiece forEachPiece)
    {
        ByteArena live;
        live.reserve(m_size - m_waste);
        forEachPiece([&](quint32 &offset, std::size_t size) { offset = live.append(m_data + offset, size); });
        *this = std::move(live);
    }
    void clear() { *this = ByteArena(); }

private:
    static constexpr std::size_t kWasteLimit = std::size_t(1) << 20;
    static constexpr std::size_t kMinCapacity = std::size_t(64) << 10;

    void reserve(std::size_t capacity)
    {
        if (capacity <= m_capacity)
            return;
        void *grown = std::realloc(m_data, std::max<std::size_t>(capacity, 1));
        if (!grown)
            qBadAlloc();
        m_data = static_cast<char *>(grown);
        m_capacity = capacity;
    }

    char *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
    std::size_t m_waste = 0;
};

} // namespace lockbox::engine
