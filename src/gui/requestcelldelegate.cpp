#include "requestcelldelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

namespace lockbox::gui {

const QStaticText &RequestCellDelegate::laidOut(const QString &text, int width, const QFont &font) const
{
    if (font != m_font) {
        m_cache.clear();
        m_font = font;
    }
    const Key key {text, width};
    const auto it = m_cache.constFind(key);
    if (it != m_cache.constEnd())
        return *it;
    if (m_cache.size() >= kMaxCached)
        m_cache.clear();
    QStaticText laid(QFontMetrics(font).elidedText(text, Qt::ElideRight, width));
    laid.setTextFormat(Qt::PlainText);
    laid.setPerformanceHint(QStaticText::AggressiveCaching);
    laid.prepare(QTransform(), font);
    return *m_cache.insert(key, laid);
}

void RequestCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    painter->save();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    // The layout of QCommonStyle's item view item, for one line: a margin, the decoration, a
    // margin, the text, a margin.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const bool rightToLeft = opt.direction == Qt::RightToLeft;
    QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    if (opt.features & QStyleOptionViewItem::HasDecoration) {
        const QSize size = opt.decorationSize;
        QRect iconRect(QPoint(0, 0), size);
        iconRect.moveTop(opt.rect.top() + (opt.rect.height() - size.height()) / 2);
        if (rightToLeft) {
            iconRect.moveRight(opt.rect.right() - margin);
            textRect.setRight(iconRect.left() - 2 * margin);
        } else {
            iconRect.moveLeft(opt.rect.left() + margin);
            textRect.setLeft(iconRect.right() + 1 + 2 * margin);
        }
        const bool enabled = (opt.state & QStyle::State_Enabled) != 0;
        const QIcon::Mode mode = !enabled               ? QIcon::Disabled
            : (opt.state & QStyle::State_Selected) != 0 ? QIcon::Selected
                                                        : QIcon::Normal;
        opt.icon.paint(painter, iconRect, opt.decorationAlignment, mode,
                       (opt.state & QStyle::State_Open) != 0 ? QIcon::On : QIcon::Off);
    }

    if (!opt.text.isEmpty() && textRect.width() > 0) {
        const QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) == 0 ? QPalette::Disabled
            : (opt.state & QStyle::State_Active) != 0                               ? QPalette::Active
                                                                                    : QPalette::Inactive;
        painter->setPen(opt.palette.color(
            group, (opt.state & QStyle::State_Selected) != 0 ? QPalette::HighlightedText : QPalette::Text));
        painter->setFont(opt.font);
        const QStaticText &text = laidOut(opt.text, textRect.width(), opt.font);
        const QSizeF size = text.size();
        const qreal y = textRect.top() + (textRect.height() - size.height()) / 2;
        const qreal x = rightToLeft ? textRect.right() + 1 - size.width() : textRect.left();
        painter->setClipRect(opt.rect);
        painter->drawStaticText(QPointF(x, y), text);
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.rect = style->subElementRect(QStyle::SE_ItemViewItemFocusRect, &opt, widget);
        focus.state |= QStyle::State_KeyboardFocusChange | QStyle::State_Item;
        focus.backgroundColor =
            opt.palette.color((opt.state & QStyle::State_Enabled) != 0 ? QPalette::Normal : QPalette::Disabled,
                              (opt.state & QStyle::State_Selected) != 0 ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
    painter->restore();
}

} // namespace lockbox::gui
