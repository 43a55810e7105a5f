#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QString>
#include <QStyledItemDelegate>

namespace lockbox::gui {

// Paints the request table's cells as QStyledItemDelegate does (the style's panel, selection and
// focus, the decoration on the left, one line of text elided on the right), but lays each text
// out once: the elided line is kept as a QStaticText for its text and width, so that a repaint
// (a keystroke in the search box, a scroll) draws glyphs already shaped instead of running a text
// layout per visible cell. Kept texts are dropped when the font changes and past kMaxCached.
class RequestCellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Texts kept; a screen shows a few hundred cells.
    static constexpr qsizetype kMaxCached = 4000;
    qsizetype cachedCount() const { return m_cache.size(); }

private:
    struct Key
    {
        QString text;
        int width = 0;
        friend bool operator==(const Key &a, const Key &b) { return a.width == b.width && a.text == b.text; }
        friend size_t qHash(const Key &key, size_t seed = 0) { return qHashMulti(seed, key.text, key.width); }
    };
    const QStaticText &laidOut(const QString &text, int width, const QFont &font) const;

    mutable QHash<Key, QStaticText> m_cache;
    mutable QFont m_font;
};

} // namespace lockbox::gui
