#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl subscriptions: the subscriptions the sign-in can see.
class SubscriptionsCommand final : public Command
{
    Q_OBJECT

public:
    SubscriptionsCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
