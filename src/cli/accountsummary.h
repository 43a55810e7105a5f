#pragma once

#include "commandline.h"

#include "auth/account.h"
#include "auth/token.h"

class QUrl;

namespace lockbox::cli {

// Who a profile is signed in as, as login and whoami print it: user or application, tenant, how,
// cloud, authority, endpoint (from `settings`) and when the token expires; JSON with --format json.
void printAccountSummary(OutputFormat format, const QUrl &armEndpoint, const Account &account,
                         const TokenClaims &claims, const QDateTime &expiresAt);

} // namespace lockbox::cli
