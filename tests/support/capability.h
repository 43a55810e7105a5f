#pragma once

// What the suite needs of the machine (a keychain, a tray host, openssl, a pseudo-terminal). Where
// it is missing a test skips and says why; under CI=true the same is a failure with that reason:
// ctest counts a skip as a pass, and CI must not pass by skipping.

#include <QString>
#include <QTest>

namespace lockbox::test {

// True when the suite runs as CI (CI=true), where every capability is required.
inline bool capabilitiesRequired()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

} // namespace lockbox::test

// Skips the test (fails it under CI=true) with `reason` (a const char *) unless `available`.
#define LOCKBOX_REQUIRE(available, reason) \
  do { \
    if (!(available)) { \
      if (::lockbox::test::capabilitiesRequired()) \
        QFAIL(reason); \
      else \
        QSKIP(reason); \
    } \
  } while (false)
