#pragma once

#include <QIcon>
#include <QImage>
#include <QString>

#include <memory>

class QSvgRenderer;

namespace lockbox::gui {

// Paints the tray icon: the app's shield with the number of pending requests as a badge ("99+"
// beyond 99) and, while alerts are paused, the shield faded with a pause mark. Rendered from the
// SVG at each tray size, so it stays sharp at any scale.
class TrayIcon final
{
public:
    // `svgPath` defaults to the app icon in the resources (initResources() must have run).
    explicit TrayIcon(const QString &svgPath = QStringLiteral(":/icons/lockbox.svg"));
    ~TrayIcon();
    TrayIcon(const TrayIcon &) = delete;
    TrayIcon &operator=(const TrayIcon &) = delete;

    bool isValid() const;
    QIcon pendingIcon(int pendingCount, bool paused) const;
    QImage render(int size, int pendingCount, bool paused) const;

    // The badge's words: "" for none, "1" … "99", "99+".
    static QString badgeText(int pendingCount);
    static constexpr int kSizes[] = {16, 22, 24, 32, 48, 64};

private:
    std::unique_ptr<QSvgRenderer> m_renderer;
};

} // namespace lockbox::gui
