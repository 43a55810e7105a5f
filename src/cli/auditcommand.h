#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl audit: the audit trail, after importing the Activity Log if asked; or, with
// --verify, whether its hash chain is intact.
class AuditCommand final : public Command
{
    Q_OBJECT

public:
    AuditCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;
};

} // namespace lockbox::cli
