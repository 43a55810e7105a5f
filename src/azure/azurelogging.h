#pragma once

#include <QLoggingCategory>

// The azure layer's category ("lockbox.azure"). Lines name methods, paths, statuses and request
// ids; they never carry a header value, so a bearer token cannot reach a log.
Q_DECLARE_LOGGING_CATEGORY(lcAzure)
