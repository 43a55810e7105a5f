#include "trayicon.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QSvgRenderer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// Red with a white rim: the badge reads on light and dark panels alike.
constexpr QRgb kBadgeFill = 0xffd32f2f;
constexpr QRgb kBadgeRim = 0xffffffff;
constexpr QRgb kPauseFill = 0xff424a53;

void paintBadge(QPainter &painter, int size, const QString &text)
{
    const qreal height = std::max(9.0, size * 0.56);
    QFont font;
    font.setBold(true);
    font.setPixelSize(std::max(7, qRound(height * 0.72)));
    const QFontMetricsF metrics(font);
    const qreal width = std::max(height, metrics.horizontalAdvance(text) + height * 0.45);
    // Bottom right, allowed to cover the shield: the count is what matters at 16 px.
    const QRectF pill(size - width, size - height, width, height);
    const qreal rim = std::max(1.0, size / 24.0);

    QPainterPath path;
    path.addRoundedRect(pill.adjusted(rim / 2, rim / 2, -rim / 2, -rim / 2), height / 2, height / 2);
    painter.setPen(QPen(QColor::fromRgba(kBadgeRim), rim));
    painter.setBrush(QColor::fromRgba(kBadgeFill));
    painter.drawPath(path);

    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(pill, Qt::AlignCenter, text);
}

void paintPauseMark(QPainter &painter, int size)
{
    const qreal d = std::max(8.0, size * 0.5);
    const QRectF disc(0, 0, d, d);
    const qreal rim = std::max(1.0, size / 24.0);
    painter.setPen(QPen(QColor::fromRgba(kBadgeRim), rim));
    painter.setBrush(QColor::fromRgba(kPauseFill));
    painter.drawEllipse(disc.adjusted(rim / 2, rim / 2, -rim / 2, -rim / 2));
    // Two bars: the mark is a shape, not only a colour.
    const qreal barW = d * 0.16;
    const qreal barH = d * 0.46;
    const qreal top = (d - barH) / 2;
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(d / 2 - barW * 1.6, top, barW, barH));
    painter.drawRect(QRectF(d / 2 + barW * 0.6, top, barW, barH));
}

} // namespace

TrayIcon::TrayIcon(const QString &svgPath)
    : m_renderer(std::make_unique<QSvgRenderer>(svgPath))
{
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isValid() const
{
    return m_renderer->isValid();
}

QString TrayIcon::badgeText(int pendingCount)
{
    if (pendingCount <= 0)
        return {};
    if (pendingCount > 99)
        return u"99+"_s;
    return QString::number(pendingCount);
}

QImage TrayIcon::render(int size, int pendingCount, bool paused) const
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    if (paused)
        painter.setOpacity(0.55);
    m_renderer->render(&painter, QRectF(0, 0, size, size));
    painter.setOpacity(1.0);
    if (paused)
        paintPauseMark(painter, size);
    const QString text = badgeText(pendingCount);
    if (!text.isEmpty())
        paintBadge(painter, size, text);
    painter.end();
    return image;
}

QIcon TrayIcon::pendingIcon(int pendingCount, bool paused) const
{
    QIcon icon;
    if (!isValid())
        return icon;
    for (const int size : kSizes)
        icon.addPixmap(QPixmap::fromImage(render(size, pendingCount, paused)));
    return icon;
}

} // namespace lockbox::gui
