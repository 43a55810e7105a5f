#pragma once

#include "command.h"

#include <QStringList>

#include <functional>

namespace lockbox::cli {

// lockboxctl sync: sends the decisions still queued, then syncs the cache and prints what changed;
// with --import-activity-log it then imports the subscriptions' Activity Log into the audit trail
// and says in one line what the trail now holds ('audit' lists it).
class SyncCommand final : public Command
{
    Q_OBJECT

public:
    SyncCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;

private:
    // One sync of `subscriptions`; prints each one's changes, then `then` with the exit code.
    void runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then);
    // Imports the Activity Log of `subscriptions`, prints a summary, then finishes with
    // `syncCode` (or a failure of its own when the sync went well).
    void importActivityLog(const QStringList &subscriptions, int syncCode);
};

} // namespace lockbox::cli
