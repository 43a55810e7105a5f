#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl queue withdraw ID: takes a queued decision back before it is sent.
class WithdrawCommand final : public Command
{
    Q_OBJECT

public:
    WithdrawCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
