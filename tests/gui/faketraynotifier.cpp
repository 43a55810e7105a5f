#include "faketraynotifier.h"

namespace lockbox::test {

FakeTrayNotifier::FakeTrayNotifier(QObject *parent)
    : gui::TrayNotifier(parent)
{
}

void FakeTrayNotifier::setIcon(const QIcon &icon)
{
    lastIcon = icon;
    ++iconUpdates;
}

void FakeTrayNotifier::remindLastMessage()
{
    Q_EMIT remindRequested(messages.isEmpty() ? QStringList() : messages.last().requestIds);
}

void FakeTrayNotifier::clickLastMessage()
{
    Q_EMIT messageClicked(messages.isEmpty() ? QStringList() : messages.last().requestIds);
}

void FakeTrayNotifier::clickIcon()
{
    Q_EMIT activated();
}

} // namespace lockbox::test
