// Cloud presets and custom endpoints: each sovereign cloud resolves to its own sign-in authority,
// ARM endpoint and token scope; overrides make a custom cloud that keeps its preset's resource;
// endpoint URLs cannot be bent by a tenant name; only HTTPS or loopback HTTP counts as secure.

#include "auth/cloud.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::Cloud;

class TestCloud final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presetsResolveToTheirEndpoints_data();
    void presetsResolveToTheirEndpoints();
    void namesRoundTrip();
    void overridesMakeACustomCloudWithThePresetsResource();
    void sameUrlsAsThePresetStayThePreset();
    void endpointUrlsEncodeTheTenant();
    void defaultClientIdIsTheAzureCli();
    void secureUrls_data();
    void secureUrls();
};

void TestCloud::presetsResolveToTheirEndpoints_data()
{
    QTest::addColumn<Cloud::Kind>("kind");
    QTest::addColumn<QString>("authority");
    QTest::addColumn<QString>("arm");
    QTest::addColumn<QString>("scope");
    QTest::newRow("public") << Cloud::Kind::Public << u"https://login.microsoftonline.com"_s
                            << u"https://management.azure.com"_s << u"https://management.azure.com/.default"_s;
    QTest::newRow("usgov") << Cloud::Kind::USGov << u"https://login.microsoftonline.us"_s
                           << u"https://management.usgovcloudapi.net"_s
                           << u"https://management.usgovcloudapi.net/.default"_s;
    QTest::newRow("china") << Cloud::Kind::China << u"https://login.chinacloudapi.cn"_s
                           << u"https://management.chinacloudapi.cn"_s
                           << u"https://management.chinacloudapi.cn/.default"_s;
}

void TestCloud::presetsResolveToTheirEndpoints()
{
    QFETCH(Cloud::Kind, kind);
    QFETCH(QString, authority);
    QFETCH(QString, arm);
    QFETCH(QString, scope);
    const Cloud cloud = Cloud::preset(kind);
    QCOMPARE(cloud.kind(), kind);
    QCOMPARE(cloud.authority().toString(), authority);
    QCOMPARE(cloud.armEndpoint().toString(), arm);
    QCOMPARE(cloud.armScope(), scope);
    QCOMPARE(cloud.userScope(), scope + u" offline_access"_s);
    QCOMPARE(cloud.armResource(), arm + u'/');
    QCOMPARE(cloud.endpointUrl(u"contoso.onmicrosoft.com"_s, u"token"_s).toString(),
             authority + u"/contoso.onmicrosoft.com/oauth2/v2.0/token"_s);
    QCOMPARE(Cloud::resolve(kind, std::nullopt, std::nullopt), cloud);
}

void TestCloud::namesRoundTrip()
{
    for (const Cloud::Kind kind : {Cloud::Kind::Public, Cloud::Kind::USGov, Cloud::Kind::China, Cloud::Kind::Custom})
        QCOMPARE(Cloud::kindFromName(Cloud::nameOf(kind)), kind);
    QCOMPARE(Cloud::kindFromName(u"AzureUSGovernment"), Cloud::Kind::USGov);
    QCOMPARE(Cloud::kindFromName(u"AzureChinaCloud"), Cloud::Kind::China);
    QCOMPARE(Cloud::kindFromName(u"AzureCloud"), Cloud::Kind::Public);
    QVERIFY(!Cloud::kindFromName(u"germany").has_value());
    QVERIFY(!Cloud::kindFromName(u"").has_value());
    // The default is Azure Public.
    QCOMPARE(Cloud().kind(), Cloud::Kind::Public);
    QCOMPARE(Cloud::resolve(std::nullopt, std::nullopt, std::nullopt), Cloud::preset(Cloud::Kind::Public));
}

void TestCloud::overridesMakeACustomCloudWithThePresetsResource()
{
    const QUrl sim(u"http://127.0.0.1:4000/"_s);
    const Cloud custom = Cloud::resolve(std::nullopt, sim, sim);
    QCOMPARE(custom.kind(), Cloud::Kind::Custom);
    QCOMPARE(custom.name(), u"custom"_s);
    QCOMPARE(custom.authority().toString(), u"http://127.0.0.1:4000"_s);
    QCOMPARE(custom.armEndpoint().toString(), u"http://127.0.0.1:4000"_s);
    // The simulator's tokens are for Azure Public's ARM, whatever its own URL.
    QCOMPARE(custom.armScope(), u"https://management.azure.com/.default"_s);
    QCOMPARE(custom.endpointUrl(u"organizations"_s, u"devicecode"_s).toString(),
             u"http://127.0.0.1:4000/organizations/oauth2/v2.0/devicecode"_s);

    // Only the authority overridden: ARM stays the preset's, the resource too.
    const Cloud proxy = Cloud::resolve(Cloud::Kind::USGov, QUrl(u"https://login.proxy.example/entra/"_s), std::nullopt);
    QCOMPARE(proxy.kind(), Cloud::Kind::Custom);
    QCOMPARE(proxy.base(), Cloud::Kind::USGov);
    QCOMPARE(proxy.armEndpoint().toString(), u"https://management.usgovcloudapi.net"_s);
    QCOMPARE(proxy.armScope(), u"https://management.usgovcloudapi.net/.default"_s);
    QCOMPARE(proxy.endpointUrl(u"t"_s, u"token"_s).toString(),
             u"https://login.proxy.example/entra/t/oauth2/v2.0/token"_s);
}

void TestCloud::sameUrlsAsThePresetStayThePreset()
{
    const Cloud c = Cloud::resolve(Cloud::Kind::China, QUrl(u"https://login.chinacloudapi.cn/"_s),
                                   QUrl(u"https://management.chinacloudapi.cn"_s));
    QCOMPARE(c.kind(), Cloud::Kind::China);
}

void TestCloud::endpointUrlsEncodeTheTenant()
{
    const Cloud cloud;
    // Empty means "organizations".
    QCOMPARE(cloud.endpointUrl(QString(), u"authorize"_s).toString(),
             u"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"_s);
    // A tenant is one path segment: it can neither climb the path nor add a query.
    const QUrl evil = cloud.endpointUrl(u"../x?y=1#z"_s, u"token"_s);
    QCOMPARE(evil.host(), u"login.microsoftonline.com"_s);
    QVERIFY(!evil.hasQuery());
    QVERIFY(!evil.hasFragment());
    QVERIFY(evil.path(QUrl::FullyEncoded).endsWith(u"/oauth2/v2.0/token"_s));
    QVERIFY(evil.path(QUrl::FullyEncoded).startsWith(u"/..%2Fx%3Fy%3D1%23z/"_s));
}

void TestCloud::defaultClientIdIsTheAzureCli()
{
    QCOMPARE(Cloud::defaultClientId(), u"04b07795-8ddb-461a-bbee-02f9e1bf7b46"_s);
}

void TestCloud::secureUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("secure");
    QTest::newRow("https") << u"https://login.microsoftonline.com"_s << true;
    QTest::newRow("http loopback v4") << u"http://127.0.0.1:8080"_s << true;
    QTest::newRow("http loopback v6") << u"http://[::1]:8080"_s << true;
    QTest::newRow("http localhost") << u"http://localhost:8080"_s << true;
    QTest::newRow("http elsewhere") << u"http://login.example"_s << false;
    QTest::newRow("http private address") << u"http://192.168.1.10"_s << false;
    QTest::newRow("http loopback-looking name") << u"http://127.0.0.1.evil.example"_s << false;
    QTest::newRow("user info") << u"https://user:pw@login.example"_s << false;
    QTest::newRow("ftp") << u"ftp://127.0.0.1"_s << false;
    QTest::newRow("no host") << u"https:///path"_s << false;
}

void TestCloud::secureUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, secure);
    QCOMPARE(Cloud::isSecureUrl(QUrl(url)), secure);
}

QTEST_GUILESS_MAIN(TestCloud)
#include "tst_cloud.moc"
