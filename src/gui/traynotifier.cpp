#include "traynotifier.h"

namespace lockbox::gui {

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
{
}

TrayNotifier::~TrayNotifier() = default;

} // namespace lockbox::gui
