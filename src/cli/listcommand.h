#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl list: requests from the cache, by status, subscription and text.
class ListCommand final : public Command
{
    Q_OBJECT

public:
    ListCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
