#pragma once

namespace lockbox::gui {

// Registers the icons of resources/lockbox.qrc (compiled into this static library). The
// application and every GUI test call it once before using an icon.
void initResources();

} // namespace lockbox::gui
