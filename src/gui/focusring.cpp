#include "focusring.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

namespace lockbox::gui {

FocusRing::FocusRing(QWidget *owner, const QList<QWidget *> &widgets)
    : QFocusFrame(owner)
{
    setObjectName(QStringLiteral("focusRing"));
    for (QWidget *widget : widgets)
        m_widgets.append(widget);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) { follow(now); });
    follow(QApplication::focusWidget());
}

void FocusRing::follow(QWidget *focused)
{
    QWidget *target = nullptr;
    for (const QPointer<QWidget> &widget : std::as_const(m_widgets)) {
        if (widget && widget == focused)
            target = widget;
    }
    setWidget(target);
}

void FocusRing::paintEvent(QPaintEvent *)
{
    // QFocusFrame keeps this widget a margin larger than the watched one on every side.
    const int h = style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this);
    const int v = style()->pixelMetric(QStyle::PM_FocusFrameVMargin, nullptr, this);
    QPainterPath ring;
    ring.setFillRule(Qt::OddEvenFill);
    ring.addRect(rect());
    ring.addRect(rect().adjusted(h, v, -h, -v));
    QPainter painter(this);
    painter.fillPath(ring, palette().color(QPalette::Active, QPalette::Highlight));
}

} // namespace lockbox::gui
