#include "traynotifier.h"

namespace lockbox::gui {

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
{
}

TrayNotifier::~TrayNotifier() = default;

void TrayNotifier::showMessage(const QString &title, const QString &body)
{
    Notice notice;
    notice.slot = QStringLiteral("app");
    notice.title = title;
    notice.body = body;
    notify(notice);
}

} // namespace lockbox::gui
