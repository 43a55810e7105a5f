#pragma once

#include "cloud.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>

class QSettings;

namespace lockbox {

// What a profile remembers about its sign-in, in the profile's settings file: how, where and who.
// Never a token or a secret: those live in the keychain (SecretStore) or nowhere.
struct Account final
{
    enum class Kind { DeviceCode, Browser, AzureCli, ClientSecret, TokenEnv };

    Kind kind = Kind::DeviceCode;
    Cloud cloud;
    QString tenant;   // as asked for: a tenant id, a domain, "organizations"
    QString clientId; // the public client, or the application for client-secret
    QString userName; // from the token's claims: upn, or the app id
    QString displayName;
    QString tenantId; // from the token's claims (tid)
    QString tokenEnv; // TokenEnv: the variable's name
    QDateTime signedInAt;

    // "device-code", "browser", "az-cli", "client-secret", "token-env"; and back.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(QStringView name);
    // "device code", "browser", … for people.
    static QString kindDescription(Kind kind);

    // The account in `settings` (group "account"), or nothing. A profile from before sign-in
    // existed, with only "tokenEnv" set, reads as a TokenEnv account.
    static std::optional<Account> load(QSettings &settings);
    void save(QSettings &settings) const;
    static void remove(QSettings &settings);

    // The tenant to renew tokens in: the one the user signed in to (tid) when known.
    QString tokenTenant() const;
    bool keepsRefreshToken() const { return kind == Kind::DeviceCode || kind == Kind::Browser; }
    bool keepsClientSecret() const { return kind == Kind::ClientSecret; }
};

} // namespace lockbox
