// AzureJson: every tolerant shape real Lockbox payloads take, every strict error (naming the
// field and the item), timestamps with 0 to 7 fractional digits and offsets, the BOM, the item
// cap, error bodies, subscriptions, the Activity Log, and garbage that must never crash.

#include "pagereaders.h"

#include "azure/azurejson.h"
#include "sim/simjson.h"
#include "sim/simworld.h"
#include "support/simfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ActivityAction;
using lockbox::AzureJson;
using lockbox::RequestStatus;

namespace {

const QString kSub = u"11111111-1111-1111-1111-111111111111"_s;
const QString kId = u"aaaaaaaa-0000-0000-0000-000000000001"_s;

QJsonObject baseItem(const QString &requestId = kId)
{
    QJsonObject p;
    p.insert(u"requestId"_s, requestId);
    p.insert(u"justification"_s, u"Restart the AKS cluster behind the Data Manager for Energy instance"_s);
    p.insert(u"status"_s, u"Pending"_s);
    p.insert(u"createdDateTime"_s, u"2020-11-19T03:12:51.2672319Z"_s);
    p.insert(u"expirationDateTime"_s, u"2020-11-23T03:12:51.2672319Z"_s);
    p.insert(u"duration"_s, u"8"_s);
    p.insert(u"resourceIds"_s,
             u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/a,"
             "/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/b"_s.arg(kSub));
    p.insert(u"resourceType"_s, u"Microsoft.Compute/virtualMachines"_s);
    p.insert(u"supportRequest"_s, u"2011190030001234"_s);
    p.insert(u"supportCaseUrl"_s, u"https://portal.azure.com/#blade/case/2011190030001234"_s);
    p.insert(u"workitemsource"_s, u"SupportRequest"_s);
    p.insert(u"subscriptionId"_s, kSub);
    p.insert(u"accessLevel"_s, u"Read"_s);
    QJsonObject o;
    o.insert(u"id"_s, u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2"_s.arg(kSub, requestId));
    o.insert(u"name"_s, u"LockboxRequest_"_s + requestId);
    o.insert(u"type"_s, u"requests"_s);
    o.insert(u"properties"_s, p);
    return o;
}

// Applies `set` (a JSON object's members, merged) and `remove` to an object.
void patch(QJsonObject &object, const QByteArray &set, const QStringList &remove)
{
    for (const QString &key : remove)
        object.remove(key);
    if (set.isEmpty())
        return;
    const QJsonObject changes = QJsonDocument::fromJson(set).object();
    QVERIFY2(!changes.isEmpty() || set == "{}", set.constData());
    for (auto it = changes.begin(); it != changes.end(); ++it)
        object.insert(it.key(), it.value());
}

QJsonObject patchedItem(const QByteArray &propsSet, const QStringList &propsRemove, const QByteArray &envSet = {},
                        const QStringList &envRemove = {})
{
    QJsonObject item = baseItem();
    QJsonObject p = item.value(u"properties").toObject();
    patch(p, propsSet, propsRemove);
    item.insert(u"properties"_s, p);
    patch(item, envSet, envRemove);
    return item;
}

QByteArray pageOf(const QJsonArray &items, const QJsonValue &nextLink = QJsonValue::Undefined)
{
    QJsonObject o;
    o.insert(u"value"_s, items);
    if (!nextLink.isUndefined())
        o.insert(u"nextLink"_s, nextLink);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString fieldText(const AccessRequest &r, const QString &field)
{
    if (field == u"duration")
        return r.duration;
    if (field == u"resourceIds")
        return r.resourceIds.join(u'|');
    if (field == u"workItemSource")
        return r.workItemSource;
    if (field == u"accessLevel")
        return r.accessLevel ? *r.accessLevel : u"<none>"_s;
    if (field == u"status")
        return r.status.toString() + (r.status.isKnown() ? QString() : u" (other)"_s);
    if (field == u"subscriptionId")
        return r.subscriptionId;
    if (field == u"justification")
        return r.justification;
    if (field == u"created")
        return r.createdDateTime.isValid() ? r.createdDateTime.toString(Qt::ISODateWithMs) : u"<invalid>"_s;
    if (field == u"name")
        return r.name;
    return u"<unknown field>"_s;
}

} // namespace

class TestAzureJson final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheSpecShape();
    void aPageHoldsWhatItsRowsRepeatOnce();
    void tolerantShapes_data();
    void tolerantShapes();
    void strictItemErrors_data();
    void strictItemErrors();
    void strictPageErrors_data();
    void strictPageErrors();
    void nextLinkShapes_data();
    void nextLinkShapes();
    void timestamps_data();
    void timestamps();
    void byteOrderMarkIsTolerated();
    void warningsAreCapped();
    void itemCap();
    void readsEverySimulatorPayload();
    void errorBodies_data();
    void errorBodies();
    void subscriptionsPage();
    void subscriptionsPageErrors_data();
    void subscriptionsPageErrors();
    void activityPage();
    void activityActions_data();
    void activityActions();
    void activityPageErrors_data();
    void activityPageErrors();
    void tenantOptIn_data();
    void tenantOptIn();
    void garbageNeverCrashes();
    void pageReadersAgree();
    void pageReadersAgreeOnMutations();
    void aBodyWithRoomIsReadInPlaceAsACopyWouldBe();
};

void TestAzureJson::readsTheSpecShape()
{
    const lockbox::RequestPage page = AzureJson::parseRequestPage(pageOf({baseItem()}));
    QVERIFY2(page.ok(), qPrintable(page.error));
    QVERIFY(page.warnings.isEmpty());
    QCOMPARE(page.requests.size(), 1);
    const AccessRequest &r = page.requests.first();
    QCOMPARE(r.requestId, kId);
    QCOMPARE(r.armId, u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2"_s.arg(kSub, kId));
    QCOMPARE(r.name, u"LockboxRequest_"_s + kId);
    QCOMPARE(r.type, u"requests"_s);
    QCOMPARE(r.subscriptionId, kSub);
    QCOMPARE(r.status, RequestStatus(RequestStatus::Kind::Pending));
    QCOMPARE(r.createdDateTime, QDateTime(QDate(2020, 11, 19), QTime(3, 12, 51, 267), Qt::UTC));
    QCOMPARE(r.expirationDateTime, QDateTime(QDate(2020, 11, 23), QTime(3, 12, 51, 267), Qt::UTC));
    QCOMPARE(r.createdDateTime.timeSpec(), Qt::UTC);
    QCOMPARE(r.duration, u"8"_s);
    QCOMPARE(r.resourceIds.size(), 2);
    QVERIFY(r.resourceIds.at(1).endsWith(u"/virtualMachines/b"));
    QCOMPARE(r.resourceType, u"Microsoft.Compute/virtualMachines"_s);
    QCOMPARE(r.supportRequest, u"2011190030001234"_s);
    QVERIFY(r.supportCaseUrl.startsWith(u"https://"));
    QCOMPARE(r.workItemSource, u"SupportRequest"_s);
    QCOMPARE(r.accessLevel, std::optional<QString>(u"Read"_s));
    QVERIFY(page.nextLink.isEmpty());

    // The single-request document (GET …/requests/{id}) reads the same.
    const auto single = AzureJson::parseRequestDocument(QJsonDocument(baseItem()).toJson());
    QVERIFY2(single.ok(), qPrintable(single.error));
    QCOMPARE(single.request, r);
}

void TestAzureJson::aPageHoldsWhatItsRowsRepeatOnce()
{
    // A full list is kept until it is complete: equal values in its rows share one copy.
    QJsonObject second = baseItem();
    second.insert(u"name"_s, u"LockboxRequest_11111111-2222-4333-8444-555555555555"_s);
    QJsonObject props = second.value(u"properties"_s).toObject();
    props.insert(u"requestId"_s, u"11111111-2222-4333-8444-555555555555"_s);
    second.insert(u"properties"_s, props);
    second.insert(u"id"_s,
                  baseItem().value(u"id"_s).toString().replace(
                      baseItem().value(u"properties"_s).toObject().value(u"requestId"_s).toString(),
                      u"11111111-2222-4333-8444-555555555555"_s));
    const lockbox::RequestPage page = AzureJson::parseRequestPage(pageOf({baseItem(), second}));
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.requests.size(), 2);
    const auto &a = page.requests.at(0);
    const auto &b = page.requests.at(1);
    QVERIFY(a.requestId != b.requestId);
    QCOMPARE(a.subscriptionId, b.subscriptionId);
    QCOMPARE(a.subscriptionId.constData(), b.subscriptionId.constData());
    QCOMPARE(a.resourceType.constData(), b.resourceType.constData());
    QVERIFY(!a.resourceIds.isEmpty());
    QCOMPARE(a.resourceIds.first().constData(), b.resourceIds.first().constData());
}

void TestAzureJson::tolerantShapes_data()
{
    QTest::addColumn<QByteArray>("set");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("duration string hours")
        << QByteArray(R"({"duration":"4"})") << QStringList() << u"duration"_s << u"4"_s;
    QTest::newRow("duration free text") << QByteArray(R"({"duration":"Support request lifetime"})") << QStringList()
                                        << u"duration"_s << u"Support request lifetime"_s;
    QTest::newRow("duration integer") << QByteArray(R"({"duration":8})") << QStringList() << u"duration"_s << u"8"_s;
    QTest::newRow("duration integral double")
        << QByteArray(R"({"duration":8.0})") << QStringList() << u"duration"_s << u"8"_s;
    QTest::newRow("duration fraction") << QByteArray(R"({"duration":4.5})") << QStringList() << u"duration"_s
                                       << u"4.5"_s;
    QTest::newRow("duration null") << QByteArray(R"({"duration":null})") << QStringList() << u"duration"_s << QString();
    QTest::newRow("duration absent") << QByteArray() << QStringList {u"duration"_s} << u"duration"_s << QString();
    QTest::newRow("resourceIds one string")
        << QByteArray(R"({"resourceIds":"/a/b"})") << QStringList() << u"resourceIds"_s << u"/a/b"_s;
    QTest::newRow("resourceIds spaces and empties")
        << QByteArray(R"({"resourceIds":" /a , ,/b,"})") << QStringList() << u"resourceIds"_s << u"/a|/b"_s;
    QTest::newRow("resourceIds upper case kept") << QByteArray(R"({"resourceIds":"/SUBSCRIPTIONS/X/RG"})")
                                                 << QStringList() << u"resourceIds"_s << u"/SUBSCRIPTIONS/X/RG"_s;
    QTest::newRow("resourceIds empty string")
        << QByteArray(R"({"resourceIds":""})") << QStringList() << u"resourceIds"_s << QString();
    QTest::newRow("resourceIds as array")
        << QByteArray(R"({"resourceIds":["/a"," /b "]})") << QStringList() << u"resourceIds"_s << u"/a|/b"_s;
    QTest::newRow("requestedResourceIds array (older)")
        << QByteArray(R"({"requestedResourceIds":["/x","/y","/z"]})") << QStringList {u"resourceIds"_s}
        << u"resourceIds"_s << u"/x|/y|/z"_s;
    QTest::newRow("resourceIds wins over requestedResourceIds")
        << QByteArray(R"({"resourceIds":"/a","requestedResourceIds":["/x"]})") << QStringList() << u"resourceIds"_s
        << u"/a"_s;
    QTest::newRow("no resource ids at all")
        << QByteArray() << QStringList {u"resourceIds"_s} << u"resourceIds"_s << QString();
    QTest::newRow("workItemSource camel case")
        << QByteArray(R"({"workItemSource":"Other"})") << QStringList {u"workitemsource"_s} << u"workItemSource"_s
        << u"Other"_s;
    QTest::newRow("workitemsource wins when both")
        << QByteArray(R"({"workItemSource":"Other"})") << QStringList() << u"workItemSource"_s << u"SupportRequest"_s;
    QTest::newRow("accessLevel absent") << QByteArray() << QStringList {u"accessLevel"_s} << u"accessLevel"_s
                                        << u"<none>"_s;
    QTest::newRow("accessLevel null") << QByteArray(R"({"accessLevel":null})") << QStringList() << u"accessLevel"_s
                                      << u"<none>"_s;
    QTest::newRow("accessLevel empty") << QByteArray(R"({"accessLevel":""})") << QStringList() << u"accessLevel"_s
                                       << QString();
    QTest::newRow("unknown status kept") << QByteArray(R"({"status":"Quarantined"})") << QStringList() << u"status"_s
                                         << u"Quarantined (other)"_s;
    QTest::newRow("status any case") << QByteArray(R"({"status":"aPPROVED"})") << QStringList() << u"status"_s
                                     << u"Approved"_s;
    QTest::newRow("status missing") << QByteArray() << QStringList {u"status"_s} << u"status"_s << u"Unknown"_s;
    QTest::newRow("subscriptionId from id")
        << QByteArray() << QStringList {u"subscriptionId"_s} << u"subscriptionId"_s << kSub;
    QTest::newRow("subscriptionId null") << QByteArray(R"({"subscriptionId":null})") << QStringList()
                                         << u"subscriptionId"_s << kSub;
    QTest::newRow("justification missing")
        << QByteArray() << QStringList {u"justification"_s} << u"justification"_s << QString();
    QTest::newRow("justification unicode and escapes")
        << QByteArray(R"({"justification":"Zugriff f\u00fcr \"Neustart\"\nZeile 2 \ud83d\udd12"})") << QStringList()
        << u"justification"_s << u"Zugriff für \"Neustart\"\nZeile 2 🔒"_s;
    QTest::newRow("created with offset") << QByteArray(R"({"createdDateTime":"2020-11-19T05:12:51.5+02:00"})")
                                         << QStringList() << u"created"_s << u"2020-11-19T03:12:51.500Z"_s;
    QTest::newRow("created missing") << QByteArray() << QStringList {u"createdDateTime"_s} << u"created"_s
                                     << u"<invalid>"_s;
    QTest::newRow("created null") << QByteArray(R"({"createdDateTime":null})") << QStringList() << u"created"_s
                                  << u"<invalid>"_s;
    QTest::newRow("unknown extra fields ignored")
        << QByteArray(R"({"approverEmail":"x@y","newField":{"a":[1,2]}})") << QStringList() << u"duration"_s << u"8"_s;
}

void TestAzureJson::tolerantShapes()
{
    QFETCH(QByteArray, set);
    QFETCH(QStringList, remove);
    QFETCH(QString, field);
    QFETCH(QString, expected);

    const lockbox::RequestPage page = AzureJson::parseRequestPage(pageOf({patchedItem(set, remove)}));
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.requests.size(), 1);
    QCOMPARE(fieldText(page.requests.first(), field), expected);
    // The same object read alone gives the same request.
    const auto alone = AzureJson::parseRequest(patchedItem(set, remove));
    QVERIFY(alone.ok());
    QCOMPARE(alone.request, page.requests.first());
}

void TestAzureJson::strictItemErrors_data()
{
    QTest::addColumn<QByteArray>("propsSet");
    QTest::addColumn<QStringList>("propsRemove");
    QTest::addColumn<QByteArray>("envSet");
    QTest::addColumn<QStringList>("envRemove");
    QTest::addColumn<QString>("expected"); // the error must contain this

    const QStringList none;
    QTest::newRow("id missing") << QByteArray() << none << QByteArray() << QStringList {u"id"_s}
                                << u"value[1].id is missing"_s;
    QTest::newRow("id number") << QByteArray() << none << QByteArray(R"({"id":42})") << none
                               << u"value[1].id must be a string, not a number"_s;
    QTest::newRow("id empty") << QByteArray() << none << QByteArray(R"({"id":" "})") << none
                              << u"value[1].id is empty"_s;
    QTest::newRow("name number") << QByteArray() << none << QByteArray(R"({"name":1})") << none
                                 << u"value[1].name must be a string"_s;
    QTest::newRow("type object") << QByteArray() << none << QByteArray(R"({"type":{}})") << none
                                 << u"value[1].type must be a string, not an object"_s;
    QTest::newRow("properties missing") << QByteArray() << none << QByteArray() << QStringList {u"properties"_s}
                                        << u"value[1].properties is missing"_s;
    QTest::newRow("properties string") << QByteArray() << none << QByteArray(R"({"properties":"x"})") << none
                                       << u"value[1].properties must be an object, not a string"_s;
    QTest::newRow("properties array") << QByteArray() << none << QByteArray(R"({"properties":[]})") << none
                                      << u"value[1].properties must be an object, not an array"_s;
    QTest::newRow("requestId missing") << QByteArray() << QStringList {u"requestId"_s} << QByteArray() << none
                                       << u"value[1].properties.requestId is missing"_s;
    QTest::newRow("requestId null") << QByteArray(R"({"requestId":null})") << none << QByteArray() << none
                                    << u"value[1].properties.requestId is missing"_s;
    QTest::newRow("requestId number") << QByteArray(R"({"requestId":7})") << none << QByteArray() << none
                                      << u"value[1].properties.requestId must be a string, not a number"_s;
    QTest::newRow("requestId empty") << QByteArray(R"({"requestId":""})") << none << QByteArray() << none
                                     << u"value[1].properties.requestId is empty"_s;
    QTest::newRow("requestId huge") << (R"({"requestId":")" + QByteArray(5000, 'a') + R"("})") << none << QByteArray()
                                    << none << u"value[1].properties.requestId is 5000 characters long"_s;
    QTest::newRow("status number") << QByteArray(R"({"status":3})") << none << QByteArray() << none
                                   << u"value[1].properties.status must be a string, not a number"_s;
    QTest::newRow("status object") << QByteArray(R"({"status":{"value":"Pending"}})") << none << QByteArray() << none
                                   << u"properties.status must be a string, not an object"_s;
    QTest::newRow("justification bool") << QByteArray(R"({"justification":true})") << none << QByteArray() << none
                                        << u"properties.justification must be a string, not a boolean"_s;
    QTest::newRow("resourceType array") << QByteArray(R"({"resourceType":["a"]})") << none << QByteArray() << none
                                        << u"properties.resourceType must be a string"_s;
    QTest::newRow("supportRequest number") << QByteArray(R"({"supportRequest":2011190030001234})") << none
                                           << QByteArray() << none << u"properties.supportRequest must be a string"_s;
    QTest::newRow("supportCaseUrl object") << QByteArray(R"({"supportCaseUrl":{}})") << none << QByteArray() << none
                                           << u"properties.supportCaseUrl must be a string"_s;
    QTest::newRow("createdDateTime number") << QByteArray(R"({"createdDateTime":1605755571})") << none << QByteArray()
                                            << none << u"properties.createdDateTime must be a string, not a number"_s;
    QTest::newRow("createdDateTime words") << QByteArray(R"({"createdDateTime":"yesterday"})") << none << QByteArray()
                                           << none << u"properties.createdDateTime is not an ISO 8601 date-time"_s;
    QTest::newRow("createdDateTime no zone") << QByteArray(R"({"createdDateTime":"2020-11-19T03:12:51"})") << none
                                             << QByteArray() << none << u"properties.createdDateTime is not"_s;
    QTest::newRow("expirationDateTime 30 February")
        << QByteArray(R"({"expirationDateTime":"2021-02-30T00:00:00Z"})") << none << QByteArray() << none
        << u"properties.expirationDateTime is not"_s;
    QTest::newRow("expirationDateTime 8 digits")
        << QByteArray(R"({"expirationDateTime":"2020-11-23T03:12:51.26723191Z"})") << none << QByteArray() << none
        << u"properties.expirationDateTime is not"_s;
    QTest::newRow("duration bool") << QByteArray(R"({"duration":true})") << none << QByteArray() << none
                                   << u"properties.duration must be a string or a number, not a boolean"_s;
    QTest::newRow("duration array") << QByteArray(R"({"duration":[8]})") << none << QByteArray() << none
                                    << u"properties.duration must be a string or a number, not an array"_s;
    QTest::newRow("resourceIds number") << QByteArray(R"({"resourceIds":5})") << none << QByteArray() << none
                                        << u"properties.resourceIds must be a string or an array of strings"_s;
    QTest::newRow("resourceIds object") << QByteArray(R"({"resourceIds":{}})") << none << QByteArray() << none
                                        << u"properties.resourceIds must be a string or an array"_s;
    QTest::newRow("requestedResourceIds item number")
        << QByteArray(R"({"requestedResourceIds":["/a",5]})") << QStringList {u"resourceIds"_s} << QByteArray() << none
        << u"properties.requestedResourceIds[1] must be a string"_s;
    QTest::newRow("workitemsource number") << QByteArray(R"({"workitemsource":1})") << none << QByteArray() << none
                                           << u"properties.workitemsource must be a string"_s;
    QTest::newRow("workItemSource number") << QByteArray(R"({"workItemSource":1})") << QStringList {u"workitemsource"_s}
                                           << QByteArray() << none << u"properties.workItemSource must be a string"_s;
    QTest::newRow("subscriptionId number") << QByteArray(R"({"subscriptionId":1})") << none << QByteArray() << none
                                           << u"properties.subscriptionId must be a string"_s;
    QTest::newRow("accessLevel number") << QByteArray(R"({"accessLevel":2})") << none << QByteArray() << none
                                        << u"properties.accessLevel must be a string, not a number"_s;
}

void TestAzureJson::strictItemErrors()
{
    QFETCH(QByteArray, propsSet);
    QFETCH(QStringList, propsRemove);
    QFETCH(QByteArray, envSet);
    QFETCH(QStringList, envRemove);
    QFETCH(QString, expected);

    // The bad item is the second: the error must name index 1 and no request may come out.
    const QByteArray body = pageOf({baseItem(u"bbbbbbbb-0000-0000-0000-000000000000"_s),
                                    patchedItem(propsSet, propsRemove, envSet, envRemove), baseItem()});
    const lockbox::RequestPage page = AzureJson::parseRequestPage(body);
    QVERIFY(!page.ok());
    QVERIFY2(page.error.contains(expected), qPrintable(page.error));
    QVERIFY(page.requests.isEmpty());
    QVERIFY(!page.syntaxError); // well-formed JSON of the wrong shape: not worth a retry

    // Alone, the same item's error names the field without an index.
    const auto alone = AzureJson::parseRequest(patchedItem(propsSet, propsRemove, envSet, envRemove));
    QVERIFY(!alone.ok());
    QVERIFY2(alone.error.contains(QString(expected).remove(u"value[1]."_s)), qPrintable(alone.error));
}

void TestAzureJson::strictPageErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("syntax");

    QTest::newRow("empty") << QByteArray() << u"empty"_s << true;
    QTest::newRow("whitespace") << QByteArray(" \r\n\t ") << u"empty"_s << true;
    QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << u"empty"_s << true;
    QTest::newRow("not JSON") << QByteArray("Service Unavailable") << u"not valid JSON"_s << true;
    QTest::newRow("truncated") << QByteArray(R"({"value":[{"id":"/subscriptions/)") << u"not valid JSON"_s << true;
    QTest::newRow("HTML page") << QByteArray("<!DOCTYPE html><html><body>502</body></html>") << u"HTML"_s << true;
    QTest::newRow("invalid UTF-8") << QByteArray("{\"value\":[],\"x\":\"\xC3\x28\"}") << u"not valid JSON"_s << true;
    QTest::newRow("overlong UTF-8") << QByteArray("{\"value\":[],\"x\":\"\xC0\xAF\"}") << u"not valid JSON"_s << true;
    QTest::newRow("UTF-16 surrogate in UTF-8")
        << QByteArray("{\"value\":[],\"x\":\"\xED\xA0\x80\"}") << u"not valid JSON"_s << true;
    QTest::newRow("NUL inside a string") << QByteArray("{\"value\":[],\"x\":\"a\0b\"}", 22)
                                         << u"NUL byte at offset 18"_s << true;
    QTest::newRow("NUL after the document") << QByteArray("{\"value\":[]}\0", 13) << u"NUL byte"_s << true;
    QTest::newRow("trailing garbage") << QByteArray(R"({"value":[]} {"value":[]})") << u"not valid JSON"_s << true;
    QTest::newRow("deep nesting") << (QByteArray(10000, '[') + QByteArray(10000, ']')) << u"not valid JSON"_s << true;
    QTest::newRow("deep nesting inside value")
        << ("{\"value\":" + QByteArray(5000, '[') + QByteArray(5000, ']') + "}") << u"not valid JSON"_s << true;
    QTest::newRow("top-level array") << QByteArray(R"([{"id":"x"}])") << u"not an array"_s << false;
    QTest::newRow("top-level string") << QByteArray(R"("value")") << u"not valid JSON"_s << true;
    QTest::newRow("value missing") << QByteArray(R"({"nextLink":null})") << u"value is missing"_s << false;
    QTest::newRow("value null") << QByteArray(R"({"value":null})") << u"value is missing"_s << false;
    QTest::newRow("value object") << QByteArray(R"({"value":{}})") << u"value must be an array, not an object"_s
                                  << false;
    QTest::newRow("value string") << QByteArray(R"({"value":"[]"})") << u"value must be an array, not a string"_s
                                  << false;
    QTest::newRow("item string") << QByteArray(R"({"value":["x"]})") << u"value[0] must be an object, not a string"_s
                                 << false;
    QTest::newRow("item null") << QByteArray(R"({"value":[null]})") << u"value[0] must be an object, not null"_s
                               << false;
    QTest::newRow("item array") << QByteArray(R"({"value":[[]]})") << u"value[0] must be an object, not an array"_s
                                << false;
    QTest::newRow("nextLink number") << QByteArray(R"({"value":[],"nextLink":5})")
                                     << u"nextLink must be a string, not a number"_s << false;
    QTest::newRow("nextLink object") << QByteArray(R"({"value":[],"nextLink":{"href":"x"}})")
                                     << u"nextLink must be a string, not an object"_s << false;
}

void TestAzureJson::strictPageErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QFETCH(bool, syntax);

    const lockbox::RequestPage page = AzureJson::parseRequestPage(body);
    QVERIFY(!page.ok());
    QVERIFY2(page.error.contains(expected), qPrintable(page.error));
    QCOMPARE(page.syntaxError, syntax);
    QVERIFY(page.requests.isEmpty());
}

void TestAzureJson::nextLinkShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("nextLink");

    QTest::newRow("absent") << QByteArray(R"({"value":[]})") << QString();
    QTest::newRow("null") << QByteArray(R"({"value":[],"nextLink":null})") << QString();
    QTest::newRow("empty") << QByteArray(R"({"value":[],"nextLink":""})") << QString();
    QTest::newRow("blank") << QByteArray(R"({"value":[],"nextLink":"  "})") << QString();
    QTest::newRow("absolute") << QByteArray(R"({"value":[],"nextLink":"https://management.azure.com/x?$skiptoken=a"})")
                              << u"https://management.azure.com/x?$skiptoken=a"_s;
    QTest::newRow("relative (kept; the pager resolves it)")
        << QByteArray(R"({"value":[],"nextLink":"/x?page=2"})") << u"/x?page=2"_s;
}

void TestAzureJson::nextLinkShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, nextLink);
    const lockbox::RequestPage page = AzureJson::parseRequestPage(body);
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.nextLink, nextLink);
}

void TestAzureJson::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("utc"); // ISODateWithMs of the result, or empty when refused

    QTest::newRow("0 digits") << u"2020-11-19T03:12:51Z"_s << u"2020-11-19T03:12:51.000Z"_s;
    QTest::newRow("1 digit") << u"2020-11-19T03:12:51.2Z"_s << u"2020-11-19T03:12:51.200Z"_s;
    QTest::newRow("2 digits") << u"2020-11-19T03:12:51.26Z"_s << u"2020-11-19T03:12:51.260Z"_s;
    QTest::newRow("3 digits") << u"2020-11-19T03:12:51.267Z"_s << u"2020-11-19T03:12:51.267Z"_s;
    QTest::newRow("4 digits") << u"2020-11-19T03:12:51.2672Z"_s << u"2020-11-19T03:12:51.267Z"_s;
    QTest::newRow("5 digits") << u"2020-11-19T03:12:51.26723Z"_s << u"2020-11-19T03:12:51.267Z"_s;
    QTest::newRow("6 digits") << u"2020-11-19T03:12:51.267231Z"_s << u"2020-11-19T03:12:51.267Z"_s;
    QTest::newRow("7 digits") << u"2020-11-19T03:12:51.2672319Z"_s << u"2020-11-19T03:12:51.267Z"_s;
    QTest::newRow("7 nines truncate, not round") << u"2020-12-31T23:59:59.9999999Z"_s << u"2020-12-31T23:59:59.999Z"_s;
    QTest::newRow("zero offset") << u"2020-11-19T03:12:51+00:00"_s << u"2020-11-19T03:12:51.000Z"_s;
    QTest::newRow("minus zero offset") << u"2020-11-19T03:12:51-00:00"_s << u"2020-11-19T03:12:51.000Z"_s;
    QTest::newRow("positive offset") << u"2020-11-19T05:42:51.1234567+02:30"_s << u"2020-11-19T03:12:51.123Z"_s;
    QTest::newRow("negative offset crosses the year")
        << u"2020-12-31T23:30:00-01:00"_s << u"2021-01-01T00:30:00.000Z"_s;
    QTest::newRow("leap day") << u"2024-02-29T00:00:00Z"_s << u"2024-02-29T00:00:00.000Z"_s;

    for (const QString &bad : {u""_s,
                               u"yesterday"_s,
                               u"2020-11-19"_s,
                               u"2020-11-19T03:12:51"_s,
                               u"2020-11-19T03:12:51.26723191Z"_s,
                               u"2020-11-19T03:12:51.Z"_s,
                               u"2020-11-19 03:12:51Z"_s,
                               u"2020-11-19t03:12:51z"_s,
                               u"2020-11-19T03:12:51z"_s,
                               u"2020-13-01T00:00:00Z"_s,
                               u"2020-00-01T00:00:00Z"_s,
                               u"2023-02-29T00:00:00Z"_s,
                               u"2020-04-31T00:00:00Z"_s,
                               u"2020-11-19T24:00:00Z"_s,
                               u"2020-11-19T03:60:00Z"_s,
                               u"2020-11-19T03:12:60Z"_s,
                               u"2020-11-19T03:12:51+0000"_s,
                               u"2020-11-19T03:12:51+24:00"_s,
                               u"2020-11-19T03:12:51+02:60"_s,
                               u"2020-11-19T03:12:51+2:00"_s,
                               u"2020-11-19T03:12:51Zjunk"_s,
                               u" 2020-11-19T03:12:51Z"_s,
                               u"0000-01-01T00:00:00Z"_s,
                               u"20201-11-19T03:12:51Z"_s,
                               u"2020-1-19T03:12:51Z"_s,
                               u"+2020-11-19T03:12:51Z"_s,
                               u"２０２０-11-19T03:12:51Z"_s,
                               u"2020-11-19T03:12:51.-1Z"_s,
                               u"2020-11-19T03:12Z"_s}) {
        QTest::addRow("refused: \"%s\"", qPrintable(bad)) << bad << QString();
    }
}

void TestAzureJson::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QString, utc);
    const auto parsed = AzureJson::parseTimestamp(text);
    if (utc.isEmpty()) {
        QVERIFY2(!parsed, qPrintable(parsed ? parsed->toString(Qt::ISODateWithMs) : QString()));
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
    QCOMPARE(parsed->toString(Qt::ISODateWithMs), utc);
}

void TestAzureJson::byteOrderMarkIsTolerated()
{
    const QByteArray body = "\xEF\xBB\xBF" + pageOf({baseItem()});
    const lockbox::RequestPage page = AzureJson::parseRequestPage(body);
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.requests.size(), 1);
    QVERIFY(AzureJson::parseRequestDocument("\xEF\xBB\xBF" + QJsonDocument(baseItem()).toJson()).ok());
    QCOMPARE(AzureJson::parseError("\xEF\xBB\xBF{\"error\":{\"code\":\"X\"}}").code, u"X"_s);
    // An offset in an error message counts the BOM, so it points at the byte that was received.
    const auto bad = AzureJson::parseRequestPage("\xEF\xBB\xBF{\"value\":[1,]}");
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error.contains(u"offset 16"), qPrintable(bad.error)); // Qt points past the bad byte
}

void TestAzureJson::warningsAreCapped()
{
    QJsonArray items;
    for (int i = 0; i < 500; ++i) {
        QJsonObject item = baseItem(u"id-%1"_s.arg(i));
        QJsonObject p = item.value(u"properties").toObject();
        p.remove(u"status"_s);
        p.remove(u"createdDateTime"_s);
        item.insert(u"properties"_s, p);
        items.append(item);
    }
    const lockbox::RequestPage page = AzureJson::parseRequestPage(pageOf(items));
    QVERIFY(page.ok());
    QCOMPARE(page.requests.size(), 500);
    QCOMPARE(page.warnings.size(), 51);
    QVERIFY2(page.warnings.last().contains(u"950 more"), qPrintable(page.warnings.last()));
    QVERIFY(page.warnings.first().contains(u"value[0].properties.status"));
}

void TestAzureJson::itemCap()
{
    // Minimal valid items keep the bodies small: 100,000 are read, 200,001 are refused.
    const auto body = [](int count) {
        QByteArray out = "{\"value\":[";
        out.reserve(count * 50 + 20);
        for (int i = 0; i < count; ++i) {
            if (i > 0)
                out += ',';
            out += "{\"id\":\"r" + QByteArray::number(i) + "\",\"properties\":{\"requestId\":\"r"
                + QByteArray::number(i) + "\"}}";
        }
        out += "]}";
        return out;
    };
    QElapsedTimer timer;
    timer.start();
    const lockbox::RequestPage big = AzureJson::parseRequestPage(body(100000));
    QVERIFY2(big.ok(), qPrintable(big.error));
    QCOMPARE(big.requests.size(), 100000);
    QCOMPARE(big.requests.last().requestId, u"r99999"_s);
    qInfo("100,000 minimal items parsed in %lld ms", timer.elapsed());

    const lockbox::RequestPage tooBig = AzureJson::parseRequestPage(body(int(AzureJson::kMaxPageItems) + 1));
    QVERIFY(!tooBig.ok());
    QVERIFY2(tooBig.error.contains(u"200001 items"), qPrintable(tooBig.error));
    QVERIFY(tooBig.requests.isEmpty());
}

void TestAzureJson::readsEverySimulatorPayload()
{
    // Every record lockbox-sim generates, in every quirk shape it serves, reads back as the record.
    auto options = lockbox::test::SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.requestsPerSubscription = 200;
    options.quirkFraction = 0.6;
    lockbox::test::SimFixture sim(options);
    int read = 0;
    for (const QString &sub : sim.subscriptionIds()) {
        const auto records = sim.simulator().world().requests(sub);
        for (const lockbox::sim::SimRecord *record : records) {
            const QByteArray bytes = lockbox::sim::requestJsonBytes(*record);
            const auto parsed = AzureJson::parseRequestDocument(bytes);
            QVERIFY2(parsed.ok(), qPrintable(parsed.error + u" in "_s + QString::fromUtf8(bytes)));
            const AccessRequest &expected = record->request;
            const AccessRequest &got = parsed.request;
            QCOMPARE(got.requestId, expected.requestId);
            QCOMPARE(got.subscriptionId, expected.subscriptionId);
            QCOMPARE(got.armId, expected.armId);
            QCOMPARE(got.status, expected.status);
            QCOMPARE(got.justification, expected.justification);
            // Timestamps: to the millisecond when the payload has a fraction, else to the second.
            QCOMPARE(got.createdDateTime.toSecsSinceEpoch(), expected.createdDateTime.toSecsSinceEpoch());
            QCOMPARE(got.expirationDateTime.toSecsSinceEpoch(), expected.expirationDateTime.toSecsSinceEpoch());
            if (!(record->quirks & lockbox::sim::QuirkNoFraction)) {
                QCOMPARE(got.createdDateTime, expected.createdDateTime);
                QCOMPARE(got.expirationDateTime, expected.expirationDateTime);
            }
            QCOMPARE(got.durationHours(), expected.durationHours());
            QCOMPARE(got.resourceIds.size(), expected.resourceIds.size());
            for (qsizetype i = 0; i < got.resourceIds.size(); ++i)
                QCOMPARE(got.resourceIds.at(i).toLower(), expected.resourceIds.at(i).toLower());
            QCOMPARE(got.workItemSource, expected.workItemSource);
            QCOMPARE(got.accessLevel, expected.accessLevel);
            QCOMPARE(got.supportCaseUrl, expected.supportCaseUrl);
            ++read;
        }
    }
    QCOMPARE(read, 600);
}

void TestAzureJson::errorBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("currentStatus");

    QTest::newRow("ARM 409 with currentStatus")
        << QByteArray(R"({"error":{"code":"RequestNotPending","message":"The request is not pending.","target":"status",
            "additionalInfo":[{"type":"Other","info":{}},{"type":"LockboxRequestStatus","info":{"currentStatus":"Approved"}}]}})")
        << u"RequestNotPending"_s << u"The request is not pending."_s << u"status"_s << u"Approved"_s;
    QTest::newRow("no additionalInfo") << QByteArray(R"({"error":{"code":"AuthorizationFailed","message":"m"}})")
                                       << u"AuthorizationFailed"_s << u"m"_s << QString() << QString();
    QTest::newRow("additionalInfo not an array")
        << QByteArray(R"({"error":{"code":"C","additionalInfo":{"info":{"currentStatus":"X"}}}})") << u"C"_s
        << QString() << QString() << QString();
    QTest::newRow("currentStatus not a string")
        << QByteArray(R"({"error":{"code":"C","additionalInfo":[{"info":{"currentStatus":["X"]}}]}})") << u"C"_s
        << QString() << QString() << QString();
    QTest::newRow("status in details") << QByteArray(
        R"({"error":{"code":"C","details":[{"code":"D","additionalInfo":[{"info":{"currentStatus":"Denied"}}]}]}})")
                                       << u"C"_s << QString() << QString() << u"Denied"_s;
    QTest::newRow("unwrapped") << QByteArray(R"({"code":"InvalidApiVersionParameter","message":"bad version"})")
                               << u"InvalidApiVersionParameter"_s << u"bad version"_s << QString() << QString();
    QTest::newRow("code a number") << QByteArray(R"({"error":{"code":123,"message":false}})") << u"123"_s << QString()
                                   << QString() << QString();
    QTest::newRow("error a string") << QByteArray(R"({"error":"boom"})") << QString() << QString() << QString()
                                    << QString();
    QTest::newRow("HTML") << QByteArray("<html><body>502 Bad Gateway</body></html>") << QString() << QString()
                          << QString() << QString();
    QTest::newRow("empty") << QByteArray() << QString() << QString() << QString() << QString();
    QTest::newRow("not JSON") << QByteArray("{\"error\":{\"code\":") << QString() << QString() << QString()
                              << QString();
    QTest::newRow("array") << QByteArray("[1,2]") << QString() << QString() << QString() << QString();
    QTest::newRow("NUL") << QByteArray("{\"error\":{\"code\":\"A\0\"}}", 22) << QString() << QString() << QString()
                         << QString();
}

void TestAzureJson::errorBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, target);
    QFETCH(QString, currentStatus);
    const lockbox::ArmErrorBody e = AzureJson::parseError(body);
    QCOMPARE(e.code, code);
    QCOMPARE(e.message, message);
    QCOMPARE(e.target, target);
    QCOMPARE(e.currentStatus, currentStatus);
}

void TestAzureJson::subscriptionsPage()
{
    const QByteArray body = R"({"value":[
        {"id":"/subscriptions/s1","subscriptionId":"s1","tenantId":"t","displayName":"Contoso Energy","state":"Enabled"},
        {"id":"/subscriptions/s2","displayName":"From the id only"},
        {"id":"/subscriptions/s3","subscriptionId":"s3","displayName":null,"extra":{"a":1}}],
        "count":{"type":"Total","value":3},"nextLink":"https://management.azure.com/subscriptions?$skiptoken=x"})";
    const lockbox::SubscriptionPage page = AzureJson::parseSubscriptionsPage(body);
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.subscriptions.size(), 3);
    QCOMPARE(page.subscriptions.at(0).subscriptionId, u"s1"_s);
    QCOMPARE(page.subscriptions.at(0).displayName, u"Contoso Energy"_s);
    QCOMPARE(page.subscriptions.at(0).state, u"Enabled"_s);
    QCOMPARE(page.subscriptions.at(0).tenantId, u"t"_s);
    QCOMPARE(page.subscriptions.at(1).subscriptionId, u"s2"_s);
    QCOMPARE(page.subscriptions.at(2).displayName, QString());
    QCOMPARE(page.nextLink, u"https://management.azure.com/subscriptions?$skiptoken=x"_s);
}

void TestAzureJson::subscriptionsPageErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no id at all") << QByteArray(R"({"value":[{"displayName":"x"}]})")
                                  << u"value[0].subscriptionId is missing"_s;
    QTest::newRow("subscriptionId number")
        << QByteArray(R"({"value":[{"subscriptionId":5}]})") << u"value[0].subscriptionId must be a string"_s;
    QTest::newRow("displayName number") << QByteArray(R"({"value":[{"subscriptionId":"s","displayName":5}]})")
                                        << u"value[0].displayName must be a string"_s;
    QTest::newRow("state object") << QByteArray(R"({"value":[{"subscriptionId":"s","state":{}}]})")
                                  << u"value[0].state must be a string"_s;
    QTest::newRow("item number") << QByteArray(R"({"value":[1]})") << u"value[0] must be an object"_s;
    QTest::newRow("value missing") << QByteArray(R"({})") << u"value is missing"_s;
    QTest::newRow("array") << QByteArray(R"([])") << u"not an array"_s;
    QTest::newRow("nextLink bool") << QByteArray(R"({"value":[],"nextLink":true})") << u"nextLink must be a string"_s;
    QTest::newRow("not JSON") << QByteArray("<html/>") << u"HTML"_s;
}

void TestAzureJson::subscriptionsPageErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const lockbox::SubscriptionPage page = AzureJson::parseSubscriptionsPage(body);
    QVERIFY(!page.ok());
    QVERIFY2(page.error.contains(expected), qPrintable(page.error));
    QVERIFY(page.subscriptions.isEmpty());
}

void TestAzureJson::activityPage()
{
    const QByteArray body = R"({"value":[
      {"eventDataId":"e1","eventTimestamp":"2020-11-19T03:12:51.2672319Z","caller":"avery@contoso.example",
       "operationName":{"value":"Microsoft.CustomerLockbox/requests/activitylog/ApproveLockboxRequest/action",
                        "localizedValue":"Approve Lockbox Request"},
       "resourceId":"/subscriptions/s1/providers/Microsoft.CustomerLockbox/requests/r1",
       "subscriptionId":"s1","status":{"value":"Succeeded"},
       "properties":{"requestId":"r1","reason":"Looks right","status":"Approved"}},
      {"eventDataId":"e2","eventTimestamp":"2020-11-20T00:00:00Z",
       "operationName":"Microsoft.CustomerLockbox/requests/activitylog/ExpireLockboxRequest/action",
       "resourceId":"/subscriptions/s2/providers/Microsoft.CustomerLockbox/requests/r2"},
      {"eventDataId":"e3","eventTimestamp":"2020-11-20T00:00:00+01:00",
       "operationName":{"value":"Microsoft.Compute/virtualMachines/restart/action"}}
    ],"nextLink":null})";
    const lockbox::ActivityPage page = AzureJson::parseActivityPage(body);
    QVERIFY2(page.ok(), qPrintable(page.error));
    QCOMPARE(page.events.size(), 3);
    const lockbox::ActivityEvent &a = page.events.at(0);
    QCOMPARE(a.eventDataId, u"e1"_s);
    QCOMPARE(a.timestamp, QDateTime(QDate(2020, 11, 19), QTime(3, 12, 51, 267), Qt::UTC));
    QCOMPARE(a.caller, u"avery@contoso.example"_s);
    QCOMPARE(a.action, ActivityAction::Approve);
    QCOMPARE(a.requestId, u"r1"_s);
    QCOMPARE(a.subscriptionId, u"s1"_s);
    QCOMPARE(a.reason, u"Looks right"_s);
    QCOMPARE(a.status, u"Approved"_s);
    const lockbox::ActivityEvent &b = page.events.at(1);
    QCOMPARE(b.action, ActivityAction::Expire);
    QCOMPARE(b.requestId, u"r2"_s); // from resourceId
    QCOMPARE(b.subscriptionId, u"s2"_s);
    QCOMPARE(page.events.at(2).action, ActivityAction::Unknown);
    QCOMPARE(page.events.at(2).timestamp, QDateTime(QDate(2020, 11, 19), QTime(23, 0), Qt::UTC));
    QVERIFY(page.nextLink.isEmpty());
}

void TestAzureJson::activityActions_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("action");
    const auto op = [](const char *x) {
        return u"Microsoft.CustomerLockbox/requests/activitylog/%1LockboxRequest/action"_s.arg(QString::fromLatin1(x));
    };
    QTest::newRow("Create") << op("Create") << int(ActivityAction::Create);
    QTest::newRow("Approve") << op("Approve") << int(ActivityAction::Approve);
    QTest::newRow("Deny") << op("Deny") << int(ActivityAction::Deny);
    QTest::newRow("Expire") << op("Expire") << int(ActivityAction::Expire);
    QTest::newRow("Cancel") << op("Cancel") << int(ActivityAction::Cancel);
    QTest::newRow("AutoApprove") << op("AutoApprove") << int(ActivityAction::AutoApprove);
    QTest::newRow("AutoDeny") << op("AutoDeny") << int(ActivityAction::AutoDeny);
    QTest::newRow("lower case") << op("Approve").toLower() << int(ActivityAction::Approve);
    QTest::newRow("unknown verb") << op("Escalate") << int(ActivityAction::Unknown);
    QTest::newRow("no verb") << op("") << int(ActivityAction::Unknown);
    QTest::newRow("other provider") << u"Microsoft.Compute/virtualMachines/write"_s << int(ActivityAction::Unknown);
    QTest::newRow("empty") << QString() << int(ActivityAction::Unknown);
}

void TestAzureJson::activityActions()
{
    QFETCH(QString, operation);
    QFETCH(int, action);
    QCOMPARE(int(AzureJson::actionFromOperation(operation)), action);
}

void TestAzureJson::activityPageErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");
    QTest::newRow("eventDataId missing") << QByteArray(R"({"value":[{"eventTimestamp":"2020-11-19T03:12:51Z"}]})")
                                         << u"value[0].eventDataId is missing"_s;
    QTest::newRow("eventTimestamp missing")
        << QByteArray(R"({"value":[{"eventDataId":"e"}]})") << u"value[0].eventTimestamp is missing"_s;
    QTest::newRow("eventTimestamp bad") << QByteArray(R"({"value":[{"eventDataId":"e","eventTimestamp":"now"}]})")
                                        << u"value[0].eventTimestamp is not an ISO 8601"_s;
    QTest::newRow("operationName number")
        << QByteArray(R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","operationName":1}]})")
        << u"value[0].operationName must be an object"_s;
    QTest::newRow("operationName.value number") << QByteArray(
        R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","operationName":{"value":1}}]})")
                                                << u"value[0].operationName.value must be a string"_s;
    QTest::newRow("properties array") << QByteArray(
        R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","properties":[]}]})")
                                      << u"value[0].properties must be an object"_s;
    QTest::newRow("properties.reason number") << QByteArray(
        R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","properties":{"reason":5}}]})")
                                              << u"value[0].properties.reason must be a string"_s;
    QTest::newRow("caller object") << QByteArray(
        R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","caller":{}}]})")
                                   << u"value[0].caller must be a string"_s;
    QTest::newRow("value missing") << QByteArray(R"({"nextLink":"x"})") << u"value is missing"_s;
}

void TestAzureJson::activityPageErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const lockbox::ActivityPage page = AzureJson::parseActivityPage(body);
    QVERIFY(!page.ok());
    QVERIFY2(page.error.contains(expected), qPrintable(page.error));
    QVERIFY(page.events.isEmpty());
}

void TestAzureJson::tenantOptIn_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("optedIn");
    QTest::newRow("true") << QByteArray(R"({"isOptedIn":true})") << true << true;
    QTest::newRow("false") << QByteArray(R"({"isOptedIn":false})") << true << false;
    QTest::newRow("string") << QByteArray(R"({"isOptedIn":"true"})") << false << false;
    QTest::newRow("number") << QByteArray(R"({"isOptedIn":1})") << false << false;
    QTest::newRow("missing") << QByteArray(R"({})") << false << false;
    QTest::newRow("array") << QByteArray(R"([true])") << false << false;
    QTest::newRow("empty") << QByteArray() << false << false;
}

void TestAzureJson::tenantOptIn()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(bool, optedIn);
    const lockbox::TenantOptIn result = AzureJson::parseTenantOptIn(body);
    QCOMPARE(result.ok(), ok);
    QCOMPARE(result.optedIn, optedIn);
    if (!ok)
        QVERIFY(!result.error.isEmpty());
}

void TestAzureJson::garbageNeverCrashes()
{
    // A small in-test fuzz: random bytes and random single-byte mutations of valid bodies through
    // every parser. The libFuzzer targets go much further; this keeps the basics in every run.
    QRandomGenerator random(20261102);
    const QList<QByteArray> seeds = {
        pageOf({baseItem(), patchedItem(R"({"duration":8,"requestedResourceIds":["/a"]})", {u"resourceIds"_s})},
               u"https://management.azure.com/x"_s),
        QByteArray(R"({"error":{"code":"C","message":"m","additionalInfo":[{"info":{"currentStatus":"Approved"}}]}})"),
        QByteArray(R"({"value":[{"subscriptionId":"s","displayName":"d","state":"Enabled","tenantId":"t"}]})"),
        QByteArray(R"({"value":[{"eventDataId":"e","eventTimestamp":"2020-11-19T03:12:51Z","operationName":)"
                   R"({"value":"Microsoft.CustomerLockbox/requests/activitylog/ApproveLockboxRequest/action"}}]})"),
        QByteArray(R"({"isOptedIn":true})"),
    };
    int parsedOk = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray input;
        if (i % 4 == 0) {
            input.resize(random.bounded(200));
            for (char &c : input)
                c = char(random.bounded(256));
        } else {
            input = seeds.at(random.bounded(int(seeds.size())));
            const int edits = 1 + random.bounded(4);
            for (int e = 0; e < edits && !input.isEmpty(); ++e)
                input[random.bounded(int(input.size()))] = char(random.bounded(256));
        }
        parsedOk += AzureJson::parseRequestPage(input).ok() ? 1 : 0;
        AzureJson::parseRequestDocument(input);
        AzureJson::parseError(input);
        AzureJson::parseSubscriptionsPage(input);
        AzureJson::parseActivityPage(input);
        AzureJson::parseTenantOptIn(input);
    }
    // Some mutations stay valid (a changed letter in a justification): the readers are not all-or-nothing.
    QVERIFY(parsedOk > 0);
}

namespace {

// Pages of every shape the tests above read or refuse, and more: the list path's reader
// (simdjson) must agree with the reference (QJsonDocument) on each (pagereaders.h).
QList<QByteArray> comparedPages()
{
    QList<QByteArray> pages;
    const QByteArray good = pageOf({baseItem()});
    pages << good << pageOf({}) << pageOf({baseItem()}, u"https://management.azure.com/x?$skiptoken=a"_s)
          << pageOf({baseItem()}, QJsonValue::Null) << pageOf({baseItem()}, u"  /rel?x=1  "_s)
          << pageOf({baseItem()}, u""_s) << "\xEF\xBB\xBF" + good << "\xEF\xBB\xBF{\"value\":[1,]}"
          << "\xEF\xBB\xBF\xEF\xBB\xBF" + good << "\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF" + good
          << "\xEF\xBB\xBF\xEF\xBB\xBF"
          << "\xEF\xBB\xBF\xEF\xBB\xBF{"
          << "\xEF\xBB\xBF \xEF\xBB\xBF" + good << " \r\n" + good + "\n ";

    // Each member patched, removed, of another type, too long, in both places it may sit.
    const QList<QByteArray> values = {
        "null",
        "true",
        "0",
        "-0",
        "8",
        "8.0",
        "4.5",
        "1e3",
        "-1",
        "123456789012345678901234567890",
        "1e308",
        "9007199254740993",
        R"("")",
        R"("  ")",
        R"(" x ")",
        R"("Pending")",
        R"("aPPROVED")",
        R"("Quarantined")",
        R"("2020-11-19T05:12:51.5+02:00")",
        R"("2020-11-19T03:12:51Z")",
        R"("2020-11-19T03:12:51.12345678Z")",
        R"("2023-02-29T00:00:00Z")",
        R"("last Tuesday")",
        R"("2020-11-19T03:12:51\u202eZ")",
        R"("/a, /b ,,")",
        R"(" /A ,, /b ,")",
        R"("\u00a0/a\u00a0,\u2003/b")",
        "\"/\xC3\xA9t\xC3\xA9, /b\"",
        "[]",
        R"(["/x"," /y ",""])",
        R"(["/x",1])",
        R"(["/x",{"a":[1,{}]}])",
        "[null]",
        "{}",
        R"({"a":[true,false,null]})",
        R"("Zugriff f\u00fcr \"Neustart\"\nZeile 2 \ud83d\udd12")",
        "\"\xE2\x80\xAE\xE2\x80\x8B hidden\"",
        R"("\u0000")",
        "\"\xEF\xBB\xBF/a lead, \xEF\xBB\xBF/b\"",
        "\"\xEF\xBB\xBF\xEF\xBB\xBF\"",
        R"("\ufeff\ufeffescaped")",
        "[\"\xEF\xBB\xBF/x\"]",
        R"("/subscriptions/Other/x")",
    };
    const QStringList properties = {
        u"requestId"_s,          u"status"_s,         u"justification"_s,  u"createdDateTime"_s,
        u"expirationDateTime"_s, u"duration"_s,       u"resourceIds"_s,    u"requestedResourceIds"_s,
        u"resourceType"_s,       u"supportRequest"_s, u"supportCaseUrl"_s, u"workitemsource"_s,
        u"workItemSource"_s,     u"subscriptionId"_s, u"accessLevel"_s,    u"unknownMember"_s};
    const QStringList envelope = {u"id"_s, u"name"_s, u"type"_s, u"properties"_s, u"unknownMember"_s};
    for (const QString &key : properties) {
        pages << pageOf({baseItem(u"b"_s), patchedItem({}, {key})});
        for (const QByteArray &v : values) {
            const QByteArray set = "{\"" + key.toUtf8() + "\":" + v + "}";
            pages << pageOf({baseItem(u"b"_s), patchedItem(set, {})});
            pages << pageOf({patchedItem(set, {u"resourceIds"_s, u"workitemsource"_s})});
        }
    }
    for (const QString &key : envelope) {
        pages << pageOf({baseItem(u"b"_s), patchedItem({}, {}, {}, {key})});
        for (const QByteArray &v : values)
            pages << pageOf({baseItem(u"b"_s), patchedItem({}, {}, "{\"" + key.toUtf8() + "\":" + v + "}")});
    }
    // Limits, exactly at them and one past, in characters of one, two and four bytes.
    const auto longText = [](qsizetype n, char c = 'x') { return QByteArray(n, c); };
    for (const auto &[key, limit] : {std::pair {QByteArray("justification"), AzureJson::kMaxFreeTextLength},
                                     std::pair {QByteArray("status"), AzureJson::kMaxNameLength},
                                     std::pair {QByteArray("supportCaseUrl"), AzureJson::kMaxUrlLength},
                                     std::pair {QByteArray("subscriptionId"), AzureJson::kMaxIdLength},
                                     std::pair {QByteArray("requestId"), AzureJson::kMaxIdLength},
                                     std::pair {QByteArray("createdDateTime"), AzureJson::kMaxNameLength}}) {
        for (const qsizetype n : {limit, limit + 1}) {
            const QByteArray prefix = "{\"" + key + "\":\"";
            pages << pageOf({baseItem(u"b"_s), patchedItem(prefix + longText(n) + "\"}", {})});
            pages << pageOf({patchedItem(prefix + QByteArray("\xC3\xA9").repeated(n) + "\"}", {})});
            pages << pageOf({patchedItem(prefix + QByteArray("\xF0\x9F\x94\x92").repeated(n / 2 + n % 2) + "\"}", {})});
        }
    }
    pages << pageOf({patchedItem("{\"resourceIds\":\"/a,/" + longText(AzureJson::kMaxResourceIdLength) + "\"}", {})})
          << pageOf(
                 {patchedItem("{\"resourceIds\":\"/a,/" + longText(AzureJson::kMaxResourceIdLength - 1) + "\"}", {})})
          << pageOf({patchedItem("{\"resourceIds\":\"" + QByteArray("/r,").repeated(350 * 1024) + "\"}", {})})
          << pageOf({patchedItem("{\"resourceIds\":[\"" + longText(4000) + "\",\" " + longText(4096) + " \"]}", {})});
    {
        QByteArray many = "[";
        for (int i = 0; i < 300; ++i)
            many += (i ? ",\"/" : "\"/") + longText(4000) + '"';
        pages << pageOf({patchedItem("{\"requestedResourceIds\":" + many + "]}", {u"resourceIds"_s})});
    }
    pages << pageOf({baseItem()}, u"/next?"_s + QString(64 * 1024, u'n'))
          << pageOf({baseItem()}, u"/next?"_s + QString(AzureJson::kMaxUrlLength - 6, u'n'));

    // The envelope, and bodies that are not JSON.
    pages << ""
          << " \r\n\t "
          << "\xEF\xBB\xBF"
          << "Service Unavailable"
          << R"({"value":[{"id":"/subscriptions/)"
          << "<!DOCTYPE html><html><body>502</body></html>"
          << "{\"value\":[],\"x\":\"\xC3\x28\"}"
          << "{\"value\":[],\"x\":\"\xC0\xAF\"}"
          << "{\"value\":[],\"x\":\"\xED\xA0\x80\"}" << QByteArray("{\"value\":[],\"x\":\"a\0b\"}", 22)
          << QByteArray("{\"value\":[]}\0", 13) << R"({"value":[]} {"value":[]})"
          << R"({"value":[]}])"
          << R"([{"id":"x"}])"
          << R"([{"id":"x"},])"
          << R"("value")"
          << "5"
          << "true"
          << "null"
          << R"({"nextLink":null})"
          << R"({"value":null})"
          << R"({"value":{}})"
          << R"({"value":"[]"})"
          << R"({"value":["x"]})"
          << R"({"value":[null]})"
          << R"({"value":[[]]})"
          << R"({"value":[],"nextLink":5})"
          << R"({"value":[],"nextLink":{"href":"x"}})"
          << R"({"value":[1],"value":[])"
          << R"({"value":[1],"value":[]})"
          << R"({"value":[],"value":[1]})"
          << R"({"value":[],"nextLink":"/a","nextLink":null})"
          << R"({"value":[],"nextLink":null,"nextLink":"/b"})"
          << R"({"value":[{"id":"a","id":"b","properties":{"requestId":"r","requestId":"s"}}]})"
          << R"({"value":[{"id":"a","properties":[],"properties":{"requestId":"r"}}]})"
          << R"({"value":[{"id":"a","properties":{"requestId":"r"},"properties":"x"}]})"
          << R"({"value":[{"id":"a","properties":{"requestId":"r","resourceIds":["/a"],"resourceIds":"/b"}}]})"
          << R"({"value":[{"id":"a","properties":{"requestId":"r","resourceIds":"/b","resourceIds":[1]}}]})"
          << R"({"value":[{"i\u0064":"a","properties":{"request\u0049d":"r"}}]})"
          << R"({"value":[{"id":"a","properties":{"requestId":"r"}},7,{"id":3}]})"
          << R"({"value":[7,{"id":3}],"nextLink":4})"
          << R"({"value":[7,{"id":3}],"x":[1 2]})"
          << R"({"value":[{"id":12,"x":)"
          << R"({"value":[],"x":tru})"
          << R"({"value":[],"x":01})"
          << R"({"value":[],"x":1e400})"
          << "{\"value\":[],\"x\":0e" + QByteArray(300, '8') + "}"
          << "{\"vylue\":0e" + QByteArray(300, '8') + "}"
          << R"({"value":[],"x":1e-400})"
          << R"({"value":[],"x":-0.0e-99999})"
          << R"({"value":[],"x":1e+308})"
          << R"({"value":[],"x":[0E0,-0e-0,1E+400]})"
          << R"({"value":[],"x":-})"
          << R"({"value":[],,"x":1})"
          << R"({"value":[],"x":1,})"
          << R"({"a":1 "b":2, "value":[]})"
          << R"({"value":[], "x": {"a" 1}})"
          << R"({"value":[], "x": {1:2}})"
          << R"({"value":[], "x": [}]})"
          << "{\"value\":[]}\x0c"
          // What only QJsonDocument takes (counted below).
          << "{\"value\":[],\"x\":\"a\x01b\"}"
          << R"({"value":[],"x":"\ud800"})"
          << R"({"value":[],"x":"\x"})"
          << R"({"value":[],"x":1.})"
          << "{\"value\":[{\"id\":\"a\tb\",\"properties\":{\"requestId\":\"r\"}}]}";
    // Nesting: QJsonDocument takes 1,024 levels (the top object counts one), not 1,025.
    for (const int n : {1022, 1023, 1024, 1025, 5000}) {
        pages << "{\"value\":[],\"x\":" + QByteArray(n, '[') + QByteArray(n, ']') + "}";
        pages << "{\"value\":" + QByteArray(n, '[') + QByteArray(n, ']') + "}";
        pages << R"({"value":[{"id":"a","properties":{"requestId":"r","x":)" + QByteArray(n, '[') + QByteArray(n, ']')
                + "}}]}";
    }
    // Warnings past the cap, an item error after warnings, the item cap.
    {
        QJsonArray items;
        for (int i = 0; i < 120; ++i)
            items.append(patchedItem({}, {u"status"_s, u"createdDateTime"_s}));
        pages << pageOf(items);
        items.append(patchedItem(R"({"status":1})", {}));
        pages << pageOf(items);
    }
    const auto minimal = [](int count, const QByteArray &last = {}) {
        QByteArray out = "{\"value\":[";
        for (int i = 0; i < count; ++i)
            out += (i ? ",{\"id\":\"r" : "{\"id\":\"r") + QByteArray::number(i) + "\",\"properties\":{\"requestId\":\"r"
                + QByteArray::number(i) + "\"}}";
        return out + last + "]}";
    };
    pages << minimal(int(AzureJson::kMaxPageItems)) << minimal(int(AzureJson::kMaxPageItems) + 1)
          << minimal(int(AzureJson::kMaxPageItems), ",7") << minimal(int(AzureJson::kMaxPageItems) + 1, ",7,[1 2]");
    // The fuzzer's seeds.
    const QDir seeds(QFINDTESTDATA("../fuzz/corpus/fuzz_requestpage"));
    for (const QString &name : seeds.entryList(QDir::Files)) {
        QFile f(seeds.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            pages << f.readAll();
    }
    return pages;
}

} // namespace

void TestAzureJson::pageReadersAgree()
{
    const QList<QByteArray> pages = comparedPages();
    QVERIFY(pages.size() > 1000);
    QVERIFY2(QDir(QFINDTESTDATA("../fuzz/corpus/fuzz_requestpage")).entryList(QDir::Files).size() >= 5,
             "the fuzzer's seeds were not found");
    int stricter = 0;
    for (const QByteArray &body : pages) {
        const QString difference = lockbox::test::pageReadersDiffer(body);
        QVERIFY2(difference.isEmpty(), qPrintable(difference + u" for "_s + QString::fromUtf8(body.left(300))));
        stricter +=
            AzureJson::parseRequestPage(body).syntaxError && !AzureJson::parseRequestPageWithQJson(body).syntaxError
            ? 1
            : 0;
    }
    // The five bodies above that only QJsonDocument takes.
    QCOMPARE(stricter, 5);

    // Every simulator payload, in pages of its quirk shapes.
    auto options = lockbox::test::SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.requestsPerSubscription = 300;
    options.quirkFraction = 0.6;
    lockbox::test::SimFixture sim(options);
    for (const QString &sub : sim.subscriptionIds()) {
        QByteArray page = "{\"value\":[";
        bool first = true;
        for (const lockbox::sim::SimRecord *record : sim.simulator().world().requests(sub)) {
            page += (first ? "" : ",") + lockbox::sim::requestJsonBytes(*record);
            first = false;
        }
        page += "]}";
        const auto fast = AzureJson::parseRequestPage(page);
        QVERIFY2(fast.ok(), qPrintable(fast.error));
        QCOMPARE(fast.requests.size(), 300);
        const QString difference = lockbox::test::pageReadersDiffer(page);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
}

void TestAzureJson::pageReadersAgreeOnMutations()
{
    // Random bytes, flipped bytes, cut bodies and spliced ones: whatever one reader makes of them,
    // the other makes too.
    QRandomGenerator random(20261206);
    const QList<QByteArray> seeds = {
        pageOf({baseItem(), patchedItem(R"({"duration":8,"requestedResourceIds":["/a"," /b"]})", {u"resourceIds"_s})},
               u"https://management.azure.com/x"_s),
        pageOf({patchedItem({}, {u"status"_s, u"accessLevel"_s}, R"({"extra":{"a":[1,2.5,null,true]}})")}),
        QByteArray(
            R"({"value":[{"id":"a","properties":{"requestId":"r","resourceIds":" /x ,,/y","duration":4.5}}],"nextLink":" /n "})"),
    };
    const QByteArray alphabet = R"({}[],:"\ u0 1.e-+ntrfal)";
    int readable = 0;
    for (int i = 0; i < 6000; ++i) {
        QByteArray input = seeds.at(random.bounded(int(seeds.size())));
        switch (i % 4) {
        case 0: // bytes changed to anything
            for (int e = 1 + random.bounded(3); e > 0; --e)
                input[random.bounded(int(input.size()))] = char(random.bounded(256));
            break;
        case 1: // bytes changed to JSON's own characters
            for (int e = 1 + random.bounded(3); e > 0; --e)
                input[random.bounded(int(input.size()))] = alphabet.at(random.bounded(int(alphabet.size())));
            break;
        case 2: // cut short
            input.truncate(random.bounded(int(input.size())));
            break;
        default: { // a stretch repeated or removed
            const int at = random.bounded(int(input.size()));
            const int length = random.bounded(1, 20);
            if (random.bounded(2))
                input.insert(at, input.mid(at, length));
            else
                input.remove(at, length);
            break;
        }
        }
        const QString difference = lockbox::test::pageReadersDiffer(input);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(difference + u" for "_s + QString::fromLatin1(input.toPercentEncoding())));
        readable += AzureJson::parseRequestPage(input).ok() ? 1 : 0;
    }
    // Many mutations stay readable: the comparison covers reads, not only refusals.
    QVERIFY2(readable > 100, qPrintable(QString::number(readable)));
}

QTEST_GUILESS_MAIN(TestAzureJson)
#include "tst_azurejson.moc"

void TestAzureJson::aBodyWithRoomIsReadInPlaceAsACopyWouldBe()
{
    // A body with spare room after its bytes (as ArmCall reads replies) is read where it is; the
    // reader must still stop at the body's end, whatever the spare room holds: quotes, brackets,
    // a backslash that would continue an escape, the rest of a valid page.
    const QByteArray room = QByteArrayLiteral("\\\"}]},{\"id\":\"x\"}],\"nextLink\":\"https://evil\"}   ").repeated(3);
    QCOMPARE_GE(room.size(), 64);
    const auto inRoom = [&room](QByteArrayView bytes) {
        QByteArray padded(bytes.size() + room.size(), ' ');
        std::memcpy(padded.data(), bytes.data(), size_t(bytes.size()));
        std::memcpy(padded.data() + bytes.size(), room.constData(), size_t(room.size()));
        padded.resize(bytes.size()); // keeps the buffer: what follows the end is `room`, but its first byte
        return padded;
    };
    const auto same = [](const lockbox::RequestPage &a, const lockbox::RequestPage &b) {
        return a.ok() == b.ok() && a.syntaxError == b.syntaxError && a.error == b.error && a.nextLink == b.nextLink
            && a.warnings == b.warnings && a.requests == b.requests;
    };
    QList<QByteArray> bodies = comparedPages();
    const qsizetype whole = bodies.size();
    for (qsizetype i = 0; i < whole; i += 7) {
        const QByteArray &body = bodies.at(i);
        for (const qsizetype cut : {body.size() / 3, body.size() / 2, body.size() - 1, body.size() - 2})
            bodies.append(body.left(std::max<qsizetype>(cut, 0)));
    }
    for (const QByteArray &body : std::as_const(bodies)) {
        const QByteArray tight(body.constData(), body.size()); // no room: copied before reading
        const QByteArray padded = inRoom(body);
        QVERIFY(padded.capacity() - padded.size() >= 64); // the reader's condition to read in place
        const lockbox::RequestPage fromCopy = AzureJson::parseRequestPage(tight);
        const lockbox::RequestPage fromPlace = AzureJson::parseRequestPage(padded);
        QVERIFY2(same(fromCopy, fromPlace),
                 qPrintable(u"read in place: "_s + (fromPlace.ok() ? u"ok"_s : fromPlace.error) + u"; as a copy: "_s
                            + (fromCopy.ok() ? u"ok"_s : fromCopy.error) + u" for "_s
                            + QString::fromUtf8(body.left(200))));
        // Room before the bytes is no room after them: a body whose first bytes were removed keeps
        // its capacity() but ends at its buffer's end, and must be copied (under ASan or valgrind a
        // read past it is reported).
        QByteArray trimmed = QByteArray(100, ' ') + body;
        trimmed.squeeze();
        trimmed.remove(0, 100);
        QCOMPARE_GE(trimmed.capacity() - trimmed.size(), 64);
        QVERIFY(same(fromCopy, AzureJson::parseRequestPage(trimmed)));
    }
}
