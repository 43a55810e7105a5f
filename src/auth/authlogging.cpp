#include "authlogging.h"

Q_LOGGING_CATEGORY(lcAuth, "lockbox.auth", QtInfoMsg)
