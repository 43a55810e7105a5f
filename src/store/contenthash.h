#pragma once

#include "core/accessrequest.h"

#include <QByteArray>
#include <QByteArrayView>

namespace lockbox::store {

// The fingerprint RequestStore compares to decide whether a cached request changed: 16 bytes of
// MurmurHash3 x64/128 over a length-prefixed encoding of every field (strings as their UTF-16
// code units, so no two different values encode alike). It detects change; it is not a security
// measure (the audit log's chain uses SHA-256). Stable across runs and machines: changing the
// encoding makes every row look changed once.
QByteArray contentHash(const AccessRequest &request);

// Exposed for tests.
QByteArray murmur3x64_128(QByteArrayView data, quint32 seed = 0);

} // namespace lockbox::store
