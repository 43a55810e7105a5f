#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

class QIcon;
class QMenu;

namespace lockbox::gui {

// One message for the desktop: a desktop notification where a notification server answers, the
// tray's balloon otherwise. Titles and bodies are plain text: an implementation shows them as
// typed, whatever markup a server string in them contains.
struct Notice final
{
    enum class Urgency { Normal, Critical };

    // A notice replaces the one of the same slot while that is still shown, rather than stacking:
    // "request:<id>" for a message about one request (its reminder or its end replaces the news of
    // it), "batch:<group>" for a message about many.
    QString slot;
    QString title;
    QString body;
    QStringList requestIds; // the requests it is about; Open and Remind hand them back
    Urgency urgency = Urgency::Normal;
    bool remindable = false; // offers "Remind me in 1 hour" (the requests are Pending)

    friend bool operator==(const Notice &a, const Notice &b)
    {
        return a.slot == b.slot && a.title == b.title && a.body == b.body && a.requestIds == b.requestIds
            && a.urgency == b.urgency && a.remindable == b.remindable;
    }
};

// The desktop as TrayController sees it: a tray icon, its tooltip and menu, the pending count on
// a dock, and notices. The real one is SystemTrayNotifier (QSystemTrayIcon and the freedesktop
// notification service); tests put a recording fake in its place.
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    virtual bool isAvailable() const = 0;
    virtual void setIcon(const QIcon &icon) = 0;
    virtual void setToolTip(const QString &toolTip) = 0;
    // The menu stays owned by the caller.
    virtual void setContextMenu(QMenu *menu) = 0;
    virtual void setVisible(bool visible) = 0;
    virtual void notify(const Notice &notice) = 0;
    // The pending count where the desktop shows one beside the app (a dock's badge); 0 hides it.
    virtual void setPendingCount(int count) { Q_UNUSED(count) }

    // A notice of our own words about no request (slot "app").
    void showMessage(const QString &title, const QString &body);

Q_SIGNALS:
    // A notice was opened (its Open action, or a click on it): the requests it is about.
    void messageClicked(const QStringList &requestIds);
    // "Remind me in 1 hour" on a notice about these requests.
    void remindRequested(const QStringList &requestIds);
    // The icon itself was clicked.
    void activated();
};

} // namespace lockbox::gui

Q_DECLARE_METATYPE(lockbox::gui::Notice)
