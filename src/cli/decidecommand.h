#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl approve ID and deny ID: a decision queued in the outbox, then sent; exit 0 only
// when Azure accepted it.
class DecideCommand final : public Command
{
    Q_OBJECT

public:
    DecideCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
