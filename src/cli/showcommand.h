#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl show ID: one request from the cache with every field and its timeline.
class ShowCommand final : public Command
{
    Q_OBJECT

public:
    ShowCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
