#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace lockbox {

// Where to sign in and which Azure Resource Manager to talk to: Azure Public, US Government,
// China, or custom endpoints (lockbox-sim, a proxy). A custom cloud keeps the ARM resource its
// tokens are for from the preset it started from: the simulator's tokens are for
// https://management.azure.com/ whatever its own URL.
class Cloud final
{
public:
    enum class Kind { Public, USGov, China, Custom };

    // The Azure CLI's public client id, which every tenant already trusts for ARM; overridable.
    static QString defaultClientId();

    // Azure Public unless told otherwise.
    Cloud();
    static Cloud preset(Kind kind);
    // Azure's public ARM endpoint: where a profile that names none points.
    static QUrl defaultArmEndpoint();
    // Custom endpoints; `base` names the ARM resource the tokens are for.
    static Cloud custom(const QUrl &authority, const QUrl &armEndpoint, Kind base = Kind::Public);
    // The preset `preset` (Public when empty) with `authority` and `armEndpoint` overriding its
    // URLs; Custom when an override differs from the preset's own.
    static Cloud resolve(std::optional<Kind> preset, const std::optional<QUrl> &authority,
                         const std::optional<QUrl> &armEndpoint);

    // "public", "usgov", "china", "custom"; and back (case-insensitive, also "azureusgovernment",
    // "azurechinacloud" and "azurecloud" as `az cloud list` spells them).
    static QString nameOf(Kind kind);
    static std::optional<Kind> kindFromName(QStringView name);

    Kind kind() const { return m_kind; }
    // The preset whose ARM resource the tokens are for (the kind itself unless Custom).
    Kind base() const { return m_base; }
    QString name() const { return nameOf(m_kind); }
    // https://login.microsoftonline.com (no tenant, no trailing slash).
    QUrl authority() const { return m_authority; }
    // https://management.azure.com (no trailing slash).
    QUrl armEndpoint() const { return m_armEndpoint; }
    // The ARM resource (audience) of tokens: "https://management.azure.com/".
    QString armResource() const;
    // "https://management.azure.com/.default": client credentials and, with offline_access, the
    // user flows.
    QString armScope() const;
    // armScope() plus offline_access, so that a refresh token comes back.
    QString userScope() const;

    // authority/{tenant}/oauth2/v2.0/{endpoint}, where endpoint is devicecode, token or
    // authorize. An empty tenant means "organizations". The tenant is one path segment,
    // percent-encoded, so it cannot change the path.
    QUrl endpointUrl(const QString &tenant, const QString &endpoint) const;

    // HTTPS, or plain HTTP to this machine (lockbox-sim): the only places a secret may go.
    static bool isSecureUrl(const QUrl &url);
    // This machine: localhost or a loopback address (where a simulator runs), any scheme.
    static bool isLoopbackUrl(const QUrl &url);
    // The Resource Manager of one of Microsoft's clouds (the presets: Azure, Azure US Government,
    // Azure China) over https on its default port; a custom endpoint (a simulator, a proxy, an
    // address someone was told to use) is not.
    static bool isMicrosoftArmEndpoint(const QUrl &url);
    // "scheme://host[:port]" for messages.
    static QString originOf(const QUrl &url);

    bool operator==(const Cloud &other) const;

private:
    Cloud(Kind kind, Kind base, QUrl authority, QUrl armEndpoint);

    Kind m_kind;
    Kind m_base;
    QUrl m_authority;
    QUrl m_armEndpoint;
};

} // namespace lockbox
