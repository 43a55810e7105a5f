// The baseline of QUALITY P4: an empty QMainWindow, from main() to the end of its first paint (as
// the console probe times its first painted rows). Prints one JSON line in the same shape as
// `lockbox-console-probe --quit-when-loaded`.

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QMainWindow>
#include <QTimer>

#include <cstdio>

namespace {

class PaintWatcher final : public QObject
{
public:
    explicit PaintWatcher(QElapsedTimer *clock)
        : m_clock(clock)
    {
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            // Posted from the paint at high priority: timed once it has ended, before anything
            // else already queued (as the console probe times its rows).
            QCoreApplication::postEvent(this, new QEvent(kPainted), Qt::HighEventPriority);
        }
        return QObject::eventFilter(watched, event);
    }

    bool event(QEvent *event) override
    {
        if (event->type() != kPainted)
            return QObject::event(event);
        std::printf("{\"bench\":\"empty_window_launch\",\"ms\":%lld}\n", qint64(m_clock->elapsed()));
        std::fflush(stdout);
        QTimer::singleShot(0, qApp, &QApplication::quit);
        return true;
    }

private:
    static constexpr QEvent::Type kPainted = QEvent::User;
    QElapsedTimer *m_clock;
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1280, 760);
    PaintWatcher watcher(&clock);
    window.installEventFilter(&watcher);
    window.show();
    return QApplication::exec();
}
