#pragma once

#include "auth/cloud.h"
#include "auth/secretstore.h"
#include "auth/token.h"
#include "support/capability.h"
#include "support/httpclient.h"
#include "support/simfixture.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QString>

#include <optional>

namespace lockbox::test {

// The in-process simulator as a custom cloud: authority and ARM at its base URL.
Cloud simCloud(const SimFixture &sim);

// The simulated user's side of a device-code sign-in, through the control API.
bool approveDeviceCode(SimFixture &sim, const QString &userCode, QString *error = nullptr);
bool declineDeviceCode(SimFixture &sim, const QString &userCode, QString *error = nullptr);

// Signs the simulator's test user in with a DeviceCodeFlow (approving the code at once).
std::optional<Token> signInWithDeviceCode(SimFixture &sim, QNetworkAccessManager *manager,
                                          const QString &clientId = Cloud::defaultClientId());

// What a browser does with an authorize URL: GET it and follow redirects (to the loopback
// listener). The last answer.
HttpResult browse(QNetworkAccessManager *manager, const QUrl &url, int timeoutMs = 20000);

// GET `path` on the simulator's ARM with `token` as bearer: the status.
int armStatus(SimFixture &sim, const QByteArray &token, const QString &path = QStringLiteral("/subscriptions"),
              const QString &query = QStringLiteral("api-version=2022-12-01"));

// Whether a Secret Service answers (waits on the event loop): Ok, NoKeychain when none is on the
// bus, Failed when one is there but refuses or does not answer within 30 s.
SecretStore::Result keychainStatus();
// Why the keychain cannot be tested here.
QByteArray noKeychainSkipReason(const SecretStore::Result &status);

// A child run of this test executable's `function` without any session bus, so that no keychain
// can answer, with HOME and the XDG directories under `home`. `environment` adds variables.
// Returns the exit code (-1 on crash or timeout) and puts the child's output into `output`.
int runWithoutKeychain(const QString &function, const QString &home, QByteArray *output,
                       const QList<std::pair<QString, QString>> &environment = {});
// True inside such a child.
bool isChildWithoutKeychain();

// Every file under `dir`, recursively (relative paths).
QStringList filesUnder(const QString &dir);

} // namespace lockbox::test

// A test that needs the keychain: skipped without one (a failure under CI=true), and a failure
// wherever a Secret Service is there but broken (refuses, or does not answer).
#define LOCKBOX_REQUIRE_KEYCHAIN(result) \
  do { \
    const ::lockbox::SecretStore::Result &keychain_ = (result); \
    if (keychain_.status == ::lockbox::SecretStore::Result::Status::Failed) \
      QFAIL(::lockbox::test::noKeychainSkipReason(keychain_).constData()); \
    LOCKBOX_REQUIRE(keychain_.ok(), ::lockbox::test::noKeychainSkipReason(keychain_).constData()); \
  } while (false)
