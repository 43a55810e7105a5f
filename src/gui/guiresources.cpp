#include "guiresources.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE must be used outside any namespace.
static void initLockboxResources()
{
    Q_INIT_RESOURCE(lockbox);
}

namespace lockbox::gui {

void initResources()
{
    initLockboxResources();
}

QString themeIconName(const QString &bundledName)
{
    // Only names of the freedesktop Icon Naming Specification that mean what the action does.
    static const struct
    {
        QLatin1StringView bundled;
        QLatin1StringView theme;
    } kNames[] = {
        {"action-sync"_L1, "view-refresh"_L1},
        {"action-search"_L1, "edit-find"_L1},
        {"action-copy"_L1, "edit-copy"_L1},
        {"action-withdraw"_L1, "edit-undo"_L1},
        {"action-export"_L1, "document-save-as"_L1},
        {"action-quit"_L1, "application-exit"_L1},
        {"action-settings"_L1, "preferences-system"_L1},
        {"action-pause"_L1, "media-playback-pause"_L1},
    };
    for (const auto &name : kNames) {
        if (name.bundled == bundledName)
            return name.theme;
    }
    return {};
}

QIcon actionIcon(const QString &bundledName)
{
    const QIcon bundled(u":/icons/"_s + bundledName + u".svg"_s);
    const QString themed = themeIconName(bundledName);
    return themed.isEmpty() ? bundled : QIcon::fromTheme(themed, bundled);
}

} // namespace lockbox::gui
