#include "faketraynotifier.h"

namespace lockbox::test {

FakeTrayNotifier::FakeTrayNotifier(bool available, QObject *parent)
    : gui::TrayNotifier(parent)
    , m_available(available)
{
}

void FakeTrayNotifier::showMessage(const QString &title, const QString &body, const QStringList &requestIds)
{
    messages.append({title, body, requestIds});
}

} // namespace lockbox::test
