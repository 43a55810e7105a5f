#include "azurelogging.h"

Q_LOGGING_CATEGORY(lcAzure, "lockbox.azure", QtInfoMsg)
