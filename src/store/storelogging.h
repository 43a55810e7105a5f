#pragma once

#include <QLoggingCategory>

namespace lockbox::store {
Q_DECLARE_LOGGING_CATEGORY(lcStore)
} // namespace lockbox::store
