#pragma once

namespace lockbox::cli {

// lockboxctl's documented exit codes (README, "lockboxctl").
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 1,
    ExitNotSignedIn = 2, // no token, or the server answered 401
    ExitForbidden = 3,
    ExitNotFound = 4, // no such request, or it is no longer pending
    ExitFailure = 5,  // network or server failure after retries (a decision stays queued)
    ExitIntegrity = 6,
};

} // namespace lockbox::cli
