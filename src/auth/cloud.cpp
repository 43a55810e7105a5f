#include "cloud.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

struct PresetUrls
{
    QStringView authority;
    QStringView arm;
    QStringView resource;
};

PresetUrls urlsOf(Cloud::Kind kind)
{
    switch (kind) {
    case Cloud::Kind::USGov:
        return {u"https://login.microsoftonline.us", u"https://management.usgovcloudapi.net",
                u"https://management.usgovcloudapi.net/"};
    case Cloud::Kind::China:
        return {u"https://login.chinacloudapi.cn", u"https://management.chinacloudapi.cn",
                u"https://management.chinacloudapi.cn/"};
    case Cloud::Kind::Public:
    case Cloud::Kind::Custom:
        break;
    }
    return {u"https://login.microsoftonline.com", u"https://management.azure.com", u"https://management.azure.com/"};
}

// Without a trailing slash, query or fragment, so that paths can be appended.
QUrl normalised(QUrl url)
{
    url.setQuery(QString());
    url.setFragment(QString());
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    return url;
}

} // namespace

QString Cloud::defaultClientId()
{
    return u"04b07795-8ddb-461a-bbee-02f9e1bf7b46"_s;
}

Cloud::Cloud()
    : Cloud(preset(Kind::Public))
{
}

QUrl Cloud::defaultArmEndpoint()
{
    return preset(Kind::Public).armEndpoint();
}

Cloud::Cloud(Kind kind, Kind base, QUrl authority, QUrl armEndpoint)
    : m_kind(kind)
    , m_base(base)
    , m_authority(normalised(std::move(authority)))
    , m_armEndpoint(normalised(std::move(armEndpoint)))
{
}

Cloud Cloud::preset(Kind kind)
{
    if (kind == Kind::Custom)
        kind = Kind::Public;
    const PresetUrls urls = urlsOf(kind);
    return {kind, kind, QUrl(urls.authority.toString()), QUrl(urls.arm.toString())};
}

Cloud Cloud::custom(const QUrl &authority, const QUrl &armEndpoint, Kind base)
{
    if (base == Kind::Custom)
        base = Kind::Public;
    return {Kind::Custom, base, authority, armEndpoint};
}

Cloud Cloud::resolve(std::optional<Kind> presetKind, const std::optional<QUrl> &authority,
                     const std::optional<QUrl> &armEndpoint)
{
    Cloud base = preset(presetKind.value_or(Kind::Public));
    const QUrl a = authority ? normalised(*authority) : base.authority();
    const QUrl e = armEndpoint ? normalised(*armEndpoint) : base.armEndpoint();
    if (a == base.authority() && e == base.armEndpoint())
        return base;
    return custom(a, e, base.kind());
}

QString Cloud::nameOf(Kind kind)
{
    switch (kind) {
    case Kind::Public:
        return u"public"_s;
    case Kind::USGov:
        return u"usgov"_s;
    case Kind::China:
        return u"china"_s;
    case Kind::Custom:
        return u"custom"_s;
    }
    return {};
}

std::optional<Cloud::Kind> Cloud::kindFromName(QStringView name)
{
    const auto is = [name](QStringView candidate) { return name.compare(candidate, Qt::CaseInsensitive) == 0; };
    if (is(u"public") || is(u"azurecloud"))
        return Kind::Public;
    if (is(u"usgov") || is(u"azureusgovernment"))
        return Kind::USGov;
    if (is(u"china") || is(u"azurechinacloud"))
        return Kind::China;
    if (is(u"custom"))
        return Kind::Custom;
    return std::nullopt;
}

QString Cloud::armResource() const
{
    return urlsOf(m_base).resource.toString();
}

QString Cloud::armScope() const
{
    return armResource() + u".default"_s;
}

QString Cloud::userScope() const
{
    return armScope() + u" offline_access"_s;
}

QUrl Cloud::endpointUrl(const QString &tenant, const QString &endpoint) const
{
    const QString segment = tenant.trimmed().isEmpty() ? u"organizations"_s : tenant.trimmed();
    QUrl url = m_authority;
    url.setPath(m_authority.path(QUrl::FullyEncoded) + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(segment))
                    + u"/oauth2/v2.0/"_s + endpoint,
                QUrl::StrictMode);
    return url;
}

bool Cloud::isSecureUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme().compare(u"https", Qt::CaseInsensitive) == 0)
        return true;
    if (url.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
        return false;
    return isLoopbackUrl(url);
}

bool Cloud::isLoopbackUrl(const QUrl &url)
{
    const QString host = url.host();
    return !host.isEmpty() && (host.compare(u"localhost", Qt::CaseInsensitive) == 0 || QHostAddress(host).isLoopback());
}

bool Cloud::isMicrosoftArmEndpoint(const QUrl &url)
{
    if (!url.isValid() || url.scheme().compare(u"https", Qt::CaseInsensitive) != 0 || !url.userInfo().isEmpty()
        || (url.port() != -1 && url.port() != 443))
        return false;
    QString host = url.host(QUrl::FullyEncoded);
    if (host.endsWith(u'.'))
        host.chop(1);
    for (const Kind kind : {Kind::Public, Kind::USGov, Kind::China}) {
        if (host.compare(preset(kind).armEndpoint().host(), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString Cloud::originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

bool Cloud::operator==(const Cloud &other) const
{
    return m_kind == other.m_kind && m_base == other.m_base && m_authority == other.m_authority
        && m_armEndpoint == other.m_armEndpoint;
}

} // namespace lockbox
