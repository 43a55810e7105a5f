#include "account.h"

#include <QCoreApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

const QString kGroup = u"account"_s;

} // namespace

QString Account::kindName(Kind kind)
{
    switch (kind) {
    case Kind::DeviceCode:
        return u"device-code"_s;
    case Kind::Browser:
        return u"browser"_s;
    case Kind::AzureCli:
        return u"az-cli"_s;
    case Kind::ClientSecret:
        return u"client-secret"_s;
    case Kind::TokenEnv:
        return u"token-env"_s;
    }
    return {};
}

std::optional<Account::Kind> Account::kindFromName(QStringView name)
{
    for (const Kind kind : {Kind::DeviceCode, Kind::Browser, Kind::AzureCli, Kind::ClientSecret, Kind::TokenEnv}) {
        if (name == kindName(kind))
            return kind;
    }
    return std::nullopt;
}

QString Account::kindDescription(Kind kind)
{
    switch (kind) {
    case Kind::DeviceCode:
        return QCoreApplication::translate("lockbox::Account", "device code");
    case Kind::Browser:
        return QCoreApplication::translate("lockbox::Account", "browser");
    case Kind::AzureCli:
        return QCoreApplication::translate("lockbox::Account", "Azure CLI");
    case Kind::ClientSecret:
        return QCoreApplication::translate("lockbox::Account", "client secret (application)");
    case Kind::TokenEnv:
        return QCoreApplication::translate("lockbox::Account", "token from an environment variable");
    }
    return {};
}

std::optional<Account> Account::load(QSettings &settings)
{
    settings.beginGroup(kGroup);
    const auto kind = kindFromName(settings.value(u"kind"_s).toString());
    Account a;
    if (kind) {
        a.kind = *kind;
        const auto cloudKind = Cloud::kindFromName(settings.value(u"cloud"_s).toString());
        const auto baseKind = Cloud::kindFromName(settings.value(u"cloudBase"_s).toString());
        if (cloudKind == Cloud::Kind::Custom) {
            a.cloud = Cloud::custom(QUrl(settings.value(u"authority"_s).toString()),
                                    QUrl(settings.value(u"armEndpoint"_s).toString()),
                                    baseKind.value_or(Cloud::Kind::Public));
        } else {
            a.cloud = Cloud::preset(cloudKind.value_or(Cloud::Kind::Public));
        }
        a.tenant = settings.value(u"tenant"_s).toString();
        a.clientId = settings.value(u"clientId"_s).toString();
        a.userName = settings.value(u"userName"_s).toString();
        a.displayName = settings.value(u"displayName"_s).toString();
        a.tenantId = settings.value(u"tenantId"_s).toString();
        a.tokenEnv = settings.value(u"tokenEnv"_s).toString();
        a.signedInAt = QDateTime::fromString(settings.value(u"signedInAt"_s).toString(), Qt::ISODate);
    }
    settings.endGroup();
    if (kind)
        return a;
    const QString legacy = settings.value(u"tokenEnv"_s).toString();
    if (legacy.isEmpty())
        return std::nullopt;
    a.kind = Kind::TokenEnv;
    a.tokenEnv = legacy;
    return a;
}

void Account::save(QSettings &settings) const
{
    settings.remove(kGroup);
    settings.beginGroup(kGroup);
    settings.setValue(u"kind"_s, kindName(kind));
    settings.setValue(u"cloud"_s, cloud.name());
    settings.setValue(u"cloudBase"_s, Cloud::nameOf(cloud.base()));
    settings.setValue(u"authority"_s, cloud.authority().toString());
    settings.setValue(u"armEndpoint"_s, cloud.armEndpoint().toString());
    const auto put = [&settings](const QString &key, const QString &value) {
        if (!value.isEmpty())
            settings.setValue(key, value);
    };
    put(u"tenant"_s, tenant);
    put(u"clientId"_s, clientId);
    put(u"userName"_s, userName);
    put(u"displayName"_s, displayName);
    put(u"tenantId"_s, tenantId);
    put(u"tokenEnv"_s, tokenEnv);
    if (signedInAt.isValid())
        settings.setValue(u"signedInAt"_s, signedInAt.toUTC().toString(Qt::ISODate));
    settings.endGroup();
}

void Account::remove(QSettings &settings)
{
    settings.remove(kGroup);
}

QString Account::tokenTenant() const
{
    return tenantId.isEmpty() ? tenant : tenantId;
}

} // namespace lockbox
