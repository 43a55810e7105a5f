#pragma once

#include <QStringList>
#include <QStringView>
#include <QUrl>

namespace lockbox {

// Where a support case link from the server may be opened without asking: the Azure portal,
// public or sovereign. A request's supportCaseUrl is server text; a hostile endpoint (or a
// request crafted to look like Microsoft's) could point it at a look-alike sign-in page, so a
// link to any other host is shown with its host and opened only after the user says so (the
// console's Open button), and lockboxctl marks it.
class AzurePortal final
{
public:
    AzurePortal() = delete;

    // portal.azure.com (Azure), portal.azure.us (Azure US Government), portal.azure.cn (Azure
    // operated by 21Vianet). Microsoft Cloud Deutschland's portal closed in 2021 and is not one.
    static QStringList hosts();
    // One of hosts(), or a name under one (ms.portal.azure.com, preview.portal.azure.com);
    // case-insensitive. "portal.azure.com.example" and "evilportal.azure.com" are not.
    static bool isPortalHost(QStringView host);
    // An https URL to a portal host on the default port, without user info.
    static bool isPortalUrl(const QUrl &url);
    // The host as it goes on the wire (IDN as punycode, "xn--…"), lower case, with a port that
    // is not https's own: what a person should read before opening a link, since a look-alike in
    // another script reads the same as the real name.
    static QString displayHost(const QUrl &url);
};

} // namespace lockbox
