#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>

namespace lockbox::engine {

// The text of many rows back to back in one buffer, each piece found by its offset and size:
// no allocation and no header per piece (100,000 rows' text in 100,000 strings would cost
// 40 bytes of overhead each). The buffer grows through realloc() (QByteArray), which moves large
// blocks by remapping pages rather than holding the old and the new copy at once.
//
// Pieces are never freed one by one: an owner that stops using one calls release() with its size,
// and once the waste outweighs the live text (and is over 1 MiB), compact() copies the live
// pieces anew, asking the owner for every piece it still uses.
class ByteArena final
{
public:
    // Appends `size` bytes; returns their offset.
    quint32 append(const char *bytes, std::size_t size)
    {
        const auto offset = quint32(m_bytes.size());
        m_bytes.append(bytes, qsizetype(size));
        return offset;
    }
    const char *data() const { return m_bytes.constData(); }
    std::size_t size() const { return std::size_t(m_bytes.size()); }

    void release(std::size_t size) { m_waste += size; }
    bool isWasteful() const { return m_waste >= kWasteLimit && m_waste >= size() - m_waste; }
    // forEachPiece(move) must call move(offset, size) for every live piece, with `offset` a
    // reference that move() sets to the piece's new place.
    template<typename ForEachPiece>
    void compact(ForEachPiece forEachPiece)
    {
        QByteArray live;
        live.reserve(qsizetype(size() - m_waste));
        forEachPiece([&](quint32 &offset, std::size_t size) {
            const char *from = m_bytes.constData() + offset;
            offset = quint32(live.size());
            live.append(from, qsizetype(size));
        });
        m_bytes = std::move(live);
        m_waste = 0;
    }
    void clear()
    {
        m_bytes = QByteArray();
        m_waste = 0;
    }

private:
    static constexpr std::size_t kWasteLimit = std::size_t(1) << 20;
    QByteArray m_bytes;
    std::size_t m_waste = 0;
};

} // namespace lockbox::engine
