#include "storelogging.h"

namespace lockbox::store {
Q_LOGGING_CATEGORY(lcStore, "lockbox.store")
} // namespace lockbox::store
