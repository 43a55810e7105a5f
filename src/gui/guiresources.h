#pragma once

#include <QIcon>
#include <QString>

namespace lockbox::gui {

// Registers the icons of resources/lockbox.qrc (compiled into this static library). The
// application and every GUI test call it once before using an icon.
void initResources();

// The icon of an action, by the name of its bundled SVG (":/icons/<name>.svg"): the desktop's icon
// theme's where the action has a standard name there (freedesktop's icon naming: "view-refresh"
// for action-sync, "edit-copy" for action-copy, …) and the theme has it, so that the console looks
// like the rest of the desktop; the bundled icon otherwise, and for actions without a standard name
// (approve, deny, the audit history).
QIcon actionIcon(const QString &bundledName);

// The freedesktop icon name standing for a bundled action icon; empty when there is none.
QString themeIconName(const QString &bundledName);

} // namespace lockbox::gui
