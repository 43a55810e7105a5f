#pragma once

#include <QFocusFrame>
#include <QList>
#include <QPointer>

namespace lockbox::gui {

// A ring in the highlight colour around whichever of a few widgets has keyboard focus. Some
// styles (Fusion among them) show no focus on a read-only text box, and none that differs from the
// default-button look on a default push button: this ring does, whatever the style, and without
// changing how the widget itself is drawn. It lives in the margin the style gives a focus frame
// (PM_FocusFrameHMargin/VMargin) around the widget, so that margin must be left free.
class FocusRing final : public QFocusFrame
{
    Q_OBJECT

public:
    // A ring owned by `owner` that follows the keyboard focus among `widgets`.
    FocusRing(QWidget *owner, const QList<QWidget *> &widgets);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void follow(QWidget *focused);

    QList<QPointer<QWidget>> m_widgets;
};

} // namespace lockbox::gui
