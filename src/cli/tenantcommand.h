#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl tenant status|enable|disable: whether Customer Lockbox is enabled for the tenant,
// or switching it, after a confirmation.
class TenantCommand final : public Command
{
    Q_OBJECT

public:
    TenantCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
