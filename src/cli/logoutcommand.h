#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl logout: removes the profile's secrets from the keychain and forgets its account.
class LogoutCommand final : public Command
{
    Q_OBJECT

public:
    LogoutCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
