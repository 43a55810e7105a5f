#include "guiresources.h"

#include <QtGlobal>

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

} // namespace lockbox::gui
