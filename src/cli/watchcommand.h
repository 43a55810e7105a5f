#pragma once

#include "command.h"

namespace lockbox::cli {

// lockboxctl watch: stays running and prints each new pending request as a line.
class WatchCommand final : public Command
{
    Q_OBJECT

public:
    WatchCommand(CommandContext &context, const CommandOptions &options, QObject *parent = nullptr);

    void run() override;

private:
    bool m_primed = false; // the first sync ran: what is pending from then on is news
};

} // namespace lockbox::cli
