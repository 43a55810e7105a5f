#pragma once

#include "command.h"

#include <QHash>
#include <QStringList>

#include <memory>

class QLockFile;
class QTimer;

namespace lockbox::engine {
class AlertRelay;
} // namespace lockbox::engine

namespace lockbox::cli {

// lockboxctl watch: stays running, syncs every --interval seconds and relays what the engine's
// alert policy tells (a new pending request, a reminder before expiry, a request decided or
// expired) to standard output and to each --exec command and --webhook, through the profile's
// alert journal (engine::AlertRelay): at least once, each event once per target across restarts.
// One watch runs per profile.
class WatchCommand final : public Command
{
    Q_OBJECT

public:
    WatchCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);
    ~WatchCommand() override;

    void run() override;

private:
    // The --webhook addresses of every kind (command line, files, variables); false after failing.
    bool webhookUrls(QStringList *urls, QStringList *hiddenVariables);
    bool addTargets();
    void connectReports();
    void poll();
    void syncNow(const QStringList &subscriptions);

    std::unique_ptr<QLockFile> m_lock;
    engine::AlertRelay *m_relay = nullptr;
    QTimer *m_timer = nullptr;
    QStringList m_given;                         // --subscription values
    QHash<QString, QString> m_subscriptionNames; // id -> name, from the last listing
    bool m_namesListed = false;
};

} // namespace lockbox::cli
