#pragma once

// Small helpers shared by the widget tests.

#include "auth/cloud.h"
#include "core/translations.h"
#include "gui/plaintextlabel.h"

#include <QAbstractButton>
#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QTranslator>
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

// For the life of the object the program speaks `locale`'s language (its catalogue and Qt's) and
// formats dates and numbers as `locale` does; English and the previous default afterwards.
class ScopedLanguage final
{
public:
    explicit ScopedLanguage(const QLocale &locale)
    {
        const QList<QTranslator *> before = qApp->findChildren<QTranslator *>();
        core::installTranslations(*qApp, locale);
        const QList<QTranslator *> after = qApp->findChildren<QTranslator *>();
        for (QTranslator *t : after) {
            if (!before.contains(t))
                m_installed.append(t);
        }
        QLocale::setDefault(locale);
    }
    ~ScopedLanguage()
    {
        for (QTranslator *t : std::as_const(m_installed)) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
        QLocale::setDefault(m_previous);
    }
    Q_DISABLE_COPY_MOVE(ScopedLanguage)

private:
    QLocale m_previous;
    QList<QTranslator *> m_installed;
};

// The child widget of type T named `name`, or nullptr with a warning that says which is missing.
template<typename T>
T *child(const QWidget &parent, const QString &name)
{
    T *widget = parent.findChild<T *>(name);
    if (!widget)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return widget;
}

// Every way a widget under `root` can hide text: a label narrower than its longest word or shorter
// than its wrapped text, a button narrower than its text, a box or table that scrolls sideways,
// or a widget reaching past the visible width of the view it is in.
inline QStringList hiddenText(const QWidget *root)
{
    QStringList problems;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (const QWidget *w : widgets) {
        if (!w->isVisible() || w->objectName().startsWith(QStringLiteral("qt_")) || qobject_cast<const QHeaderView *>(w)
            || w->objectName() == QStringLiteral("focusRing"))
            continue;
        const QString name =
            w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
        // Within the width of what shows it: the nearest scroll area's viewport, else the root.
        const QWidget *bounds = root;
        for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
            if (const auto *area = qobject_cast<const QAbstractScrollArea *>(p->parentWidget());
                area && area->viewport() == p) {
                bounds = p;
                break;
            }
        }
        const QRect rect(w->mapTo(bounds, QPoint(0, 0)), w->size());
        if (rect.left() < 0 || rect.right() >= bounds->width())
            problems << QStringLiteral("%1 spans x %2..%3 of %4")
                            .arg(name)
                            .arg(rect.left())
                            .arg(rect.right())
                            .arg(bounds->width());
        if (const auto *label = qobject_cast<const QLabel *>(w); label && !label->text().isEmpty()) {
            if (label->wordWrap()) {
                if (label->minimumSizeHint().width() > label->width())
                    problems << QStringLiteral("%1 needs %2 px for a word, has %3: %4")
                                    .arg(name)
                                    .arg(label->minimumSizeHint().width())
                                    .arg(label->width())
                                    .arg(gui::PlainTextLabel::withoutBreaks(label->text()));
                if (label->heightForWidth(label->width()) > label->height())
                    problems << QStringLiteral("%1 needs %2 px of height, has %3")
                                    .arg(name)
                                    .arg(label->heightForWidth(label->width()))
                                    .arg(label->height());
            } else if (label->sizeHint().width() > label->width()) {
                problems << QStringLiteral("%1 is cut: %2").arg(name, label->text());
            }
        }
        if (const auto *button = qobject_cast<const QAbstractButton *>(w);
            button && button->sizeHint().width() > button->width())
            problems << QStringLiteral("%1 is cut: %2").arg(name, button->text());
        if (const auto *area = qobject_cast<const QAbstractScrollArea *>(w);
            area && area->horizontalScrollBar()->maximum() > 0)
            problems
                << QStringLiteral("%1 scrolls sideways by %2 px").arg(name).arg(area->horizontalScrollBar()->maximum());
    }
    return problems;
}

} // namespace lockbox::test
