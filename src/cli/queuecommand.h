#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl queue: the decisions not yet acknowledged by Azure.
class QueueCommand final : public Command
{
    Q_OBJECT

public:
    QueueCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
