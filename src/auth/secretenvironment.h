#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace lockbox {

// Secrets that arrive through the environment — an application's secret in LOCKBOX_CLIENT_SECRET,
// a bearer token in the variable named with --token-env — must not reach the programs this
// process starts: `az`, `xdg-open`, the browser that QDesktopServices starts, all of which inherit
// the environment. The rule, in one place for both front ends:
// - at start, each front end calls take(): every such variable is read once into this process's
//   memory and removed from its environment (qunsetenv), so that no child, however it is started,
//   inherits it;
// - the readers of those secrets (EnvironmentTokenProvider, ClientCredentialsFlow) ask value();
// - a QProcess is also given childEnvironment(), which lacks them whether or not take() ran.
//
// Thread-safe: take() runs at start, the readers may run on the engine's thread.
class SecretEnvironment final
{
public:
    SecretEnvironment() = delete;

    // Moves the application secret's variable (ClientCredentialsFlow::kSecretVariable) and
    // `variables` (names of token variables; empty names are ignored) from the environment into
    // memory. A variable not set is only remembered as secret.
    static void take(const QStringList &variables = {});
    // The variable's value: the environment's when it is set there (not taken, or set again
    // since), else what take() kept; empty when neither.
    static QByteArray value(const QString &variable);
    // The application secret's variable and every variable named to take(), in the order first named.
    static QStringList secretNames();
    // The process environment without secretNames(): what a child started with QProcess gets.
    static QProcessEnvironment childEnvironment();
};

} // namespace lockbox
