// The one list of Azure portal hosts: which support case links open without a question.

#include "core/azureportal.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AzurePortal;

class TestAzurePortal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void portalUrls_data();
    void portalUrls();
    void displayHostIsWhatGoesOnTheWire();
};

void TestAzurePortal::portalUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("portal");
    QTest::newRow("public") << u"https://portal.azure.com/#resource/subscriptions/s/supportTickets/1"_s << true;
    QTest::newRow("us government") << u"https://portal.azure.us/#blade/x"_s << true;
    QTest::newRow("21vianet") << u"https://portal.azure.cn/"_s << true;
    QTest::newRow("a portal's own name") << u"https://ms.portal.azure.com/#home"_s << true;
    QTest::newRow("upper case") << u"https://PORTAL.Azure.COM/x"_s << true;
    QTest::newRow("port 443") << u"https://portal.azure.com:443/x"_s << true;
    QTest::newRow("absolute name") << u"https://portal.azure.com./x"_s << true;
    QTest::newRow("a suffix of its own") << u"https://portal.azure.com.evil.example/x"_s << false;
    QTest::newRow("a look-alike prefix") << u"https://evilportal.azure.com/x"_s << false;
    QTest::newRow("another host") << u"https://evil.example/portal.azure.com"_s << false;
    QTest::newRow("plain http") << u"http://portal.azure.com/x"_s << false;
    QTest::newRow("user info") << u"https://portal.azure.com@evil.example/x"_s << false;
    QTest::newRow("user info on the portal") << u"https://me@portal.azure.com/x"_s << false;
    QTest::newRow("another port") << u"https://portal.azure.com:8443/x"_s << false;
    QTest::newRow("cyrillic look-alike") << u"https://p\u043Ertal.azure.com/x"_s << false;
    QTest::newRow("azure.com itself") << u"https://azure.com/x"_s << false;
    QTest::newRow("closed german cloud") << u"https://portal.microsoftazure.de/"_s << false;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
}

void TestAzurePortal::portalUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, portal);
    QCOMPARE(AzurePortal::isPortalUrl(QUrl(url, QUrl::StrictMode)), portal);
}

void TestAzurePortal::displayHostIsWhatGoesOnTheWire()
{
    // A name in another script that reads like the portal's is shown as its punycode.
    QCOMPARE(AzurePortal::displayHost(QUrl(u"https://p\u043Ertal.azure.com/x"_s)), u"xn--prtal-jye.azure.com"_s);
    QCOMPARE(AzurePortal::displayHost(QUrl(u"https://Evil.Example/x"_s)), u"evil.example"_s);
    QCOMPARE(AzurePortal::displayHost(QUrl(u"https://evil.example:443/x"_s)), u"evil.example"_s);
    QCOMPARE(AzurePortal::displayHost(QUrl(u"https://evil.example:8443/x"_s)), u"evil.example:8443"_s);
    for (const QString &host : AzurePortal::hosts())
        QVERIFY(AzurePortal::isPortalHost(host));
}

QTEST_GUILESS_MAIN(TestAzurePortal)
#include "tst_azureportal.moc"
