#pragma once

// Small helpers shared by the widget tests.

#include "auth/cloud.h"

#include <QString>
#include <QTest>
#include <QWidget>

namespace lockbox {
// For QCOMPARE's failure messages.
inline char *toString(const Cloud &cloud)
{
    return QTest::toString(
        QStringLiteral("%1 (%2, %3)").arg(cloud.name(), cloud.authority().toString(), cloud.armEndpoint().toString()));
}
} // namespace lockbox

namespace lockbox::test {

// The child widget of type T named `name`, or nullptr with a warning that says which is missing.
template<typename T>
T *child(const QWidget &parent, const QString &name)
{
    T *widget = parent.findChild<T *>(name);
    if (!widget)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return widget;
}

} // namespace lockbox::test
