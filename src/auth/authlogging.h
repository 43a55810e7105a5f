#pragma once

#include <QLoggingCategory>

// The auth layer's category ("lockbox.auth"). Lines name flows, endpoints (origin and path),
// statuses and OAuth error codes; never a token, a code, a verifier or a secret.
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
