#include "wrappingitemdelegate.h"

#include "plaintextlabel.h"

#include <QHeaderView>
#include <QListView>
#include <QStyle>
#include <QTreeView>

namespace lockbox::gui {

QSize WrappingItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Views ask for a size without saying how wide the cell is; the height depends on it.
    int width = 0;
    if (const auto *tree = qobject_cast<const QTreeView *>(option.widget))
        width = tree->header()->sectionSize(index.column());
    else if (const auto *list = qobject_cast<const QListView *>(option.widget))
        width = list->viewport()->width() - 2 * list->spacing();
    if (width <= 0)
        return QStyledItemDelegate::sizeHint(option, index);
    QStyleOptionViewItem sized = option;
    // The style wraps only within a valid rectangle; its height plays no part in the answer.
    sized.rect = QRect(0, 0, width, qMax(1, option.rect.height()));
    return QStyledItemDelegate::sizeHint(sized, index);
}

void WrappingItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->features |= QStyleOptionViewItem::WrapText;
    // The room the style leaves the text in the cell; a word wider than that breaks anywhere.
    const QWidget *widget = option->widget;
    const QStyle *style = widget ? widget->style() : nullptr;
    const int margin = style ? style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1 : 3;
    option->text = PlainTextLabel::breakable(option->text, option->fontMetrics, option->rect.width() - 2 * margin);
}

} // namespace lockbox::gui
