#include "azureportal.h"

using namespace Qt::StringLiterals;

namespace lockbox {

QStringList AzurePortal::hosts()
{
    return {u"portal.azure.com"_s, u"portal.azure.us"_s, u"portal.azure.cn"_s};
}

bool AzurePortal::isPortalHost(QStringView host)
{
    if (host.endsWith(u'.')) // the absolute form of a name is the same name
        host.chop(1);
    for (const QString &portal : hosts()) {
        if (host.compare(portal, Qt::CaseInsensitive) == 0)
            return true;
        if (host.size() > portal.size() + 1 && host.endsWith(portal, Qt::CaseInsensitive)
            && host.at(host.size() - portal.size() - 1) == u'.')
            return true;
    }
    return false;
}

bool AzurePortal::isPortalUrl(const QUrl &url)
{
    return url.isValid() && url.scheme().compare(u"https", Qt::CaseInsensitive) == 0 && url.userInfo().isEmpty()
        && (url.port() == -1 || url.port() == 443) && isPortalHost(url.host(QUrl::FullyEncoded));
}

QString AzurePortal::displayHost(const QUrl &url)
{
    const QString host = url.host(QUrl::FullyEncoded).toLower();
    return url.port() == -1 || url.port() == 443 ? host : host + u':' + QString::number(url.port());
}

} // namespace lockbox
