#pragma once

#include <QStyledItemDelegate>

namespace lockbox::gui {

// Shows item text word-wrapped to the width its cell has: in a tree view the column's width, in
// a list the viewport's, so that a row grows instead of running out of sight. Ids, addresses and
// other long words may break after '/', '-', '.' and the like, and a word wider than its cell
// anywhere (PlainTextLabel::breakable()); the model's text itself stays as it was.
class WrappingItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace lockbox::gui
