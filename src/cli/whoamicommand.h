#pragma once

#include "command.h"

#include <memory>

namespace lockbox {
class TokenProvider;
} // namespace lockbox

namespace lockbox::cli {

// lockboxctl whoami: who the profile is signed in as, and until when (it renews the token to
// find out).
class WhoamiCommand final : public Command
{
    Q_OBJECT

public:
    WhoamiCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);
    ~WhoamiCommand() override;

    void run() override;

private:
    std::unique_ptr<TokenProvider> m_provider;
};

} // namespace lockbox::cli
