#pragma once

#include "command.h"

#include <QStringList>

#include <functional>

namespace lockbox::cli {

// lockboxctl sync: sends the decisions still queued, then syncs the cache and prints what changed.
class SyncCommand final : public Command
{
    Q_OBJECT

public:
    SyncCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;

private:
    // One sync of `subscriptions`; prints each one's changes, then `then` with the exit code.
    void runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then);
};

} // namespace lockbox::cli
