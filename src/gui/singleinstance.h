#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace lockbox::gui {

// One console per profile: the first launch listens on a local socket named after the profile;
// a later launch finds it, asks it to show its window, and exits.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString &profileDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True when this process is the profile's console (and now listens); false when another one
    // runs and was asked to show itself.
    bool claim();
    QString serverName() const { return m_name; }

Q_SIGNALS:
    // Another launch on the same profile asked for the window.
    void activationRequested();

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace lockbox::gui
