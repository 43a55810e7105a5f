// lockbox-sim against Microsoft's OpenAPI spec for Microsoft.CustomerLockbox (2018-02-28-preview):
// every path and method of the spec, its 200 reply and its 'default' (ErrorResponse) reply, checked
// field by field against the spec's definitions. The project does not ship the spec file, so its
// paths and definitions are written down here as a table and one small validator per definition.

#include "sim/simworld.h"
#include "support/simfixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <array>

using namespace Qt::StringLiterals;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;
using lockbox::test::SimFixture;

namespace {

// The definitions a 200 reply of the spec refers to; None is a 200 without a schema.
enum class Schema {
    None,
    OperationListResult,
    TenantOptInResponse,
    LockboxRequestResponse,
    RequestListResult,
    Approval
};

// One operation of customerlockbox-2018-02-28-preview.json: its path and method, the schema of
// its 200 reply, and whether it declares the api-version parameter (Requests_List forgets to).
struct SpecOperation
{
    const char *operationId;
    const char *method;
    const char16_t *path;
    Schema ok;
    bool declaresApiVersion;
};

constexpr std::array<SpecOperation, 7> kSpec = {{
    {"Operations_List", "GET", u"/providers/Microsoft.CustomerLockbox/operations", Schema::OperationListResult, true},
    {"Get_TenantOptedIn", "GET", u"/providers/Microsoft.CustomerLockbox/tenantOptedIn/{tenantId}",
     Schema::TenantOptInResponse, true},
    {"Post_EnableLockbox", "POST", u"/providers/Microsoft.CustomerLockbox/enableLockbox", Schema::None, true},
    {"Post_DisableLockbox", "POST", u"/providers/Microsoft.CustomerLockbox/disableLockbox", Schema::None, true},
    {"Requests_Get", "GET", u"/subscriptions/{subscriptionId}/providers/Microsoft.CustomerLockbox/requests/{requestId}",
     Schema::LockboxRequestResponse, true},
    {"Requests_UpdateStatus", "POST",
     u"/subscriptions/{subscriptionId}/providers/Microsoft.CustomerLockbox/requests/{requestId}/updateApproval",
     Schema::Approval, true},
    {"Requests_List", "GET", u"/subscriptions/{subscriptionId}/providers/Microsoft.CustomerLockbox/requests",
     Schema::RequestListResult, false},
}};

QString specPath(const char *operationId)
{
    for (const SpecOperation &op : kSpec) {
        if (qstrcmp(op.operationId, operationId) == 0)
            return QString::fromUtf16(op.path);
    }
    return {};
}

const QString kApi = u"api-version=2018-02-28-preview"_s;

// LockboxRequestStatus
const QStringList kStatuses = {u"Initializing"_s, u"Pending"_s,   u"Approving"_s, u"Denying"_s, u"Approved"_s,
                               u"Denied"_s,       u"Expired"_s,   u"Revoking"_s,  u"Revoked"_s, u"Error"_s,
                               u"Unknown"_s,      u"Completed"_s, u"Completing"_s};

// Strict: the spec's types only. Tolerant: also the real-world alternates documented in
// AZURE-CUSTOMER-LOCKBOX.md that the simulator serves for a share of records (integer duration,
// workItemSource, requestedResourceIds array, timestamps with 0 or 3 fractional digits).
enum class Shape { Strict, Tolerant };

// Where a JSON value departs from a definition, one line per problem.
class Findings final
{
public:
    void add(const QString &where, const QString &what) { m_problems.append(where + u": "_s + what); }
    bool isEmpty() const { return m_problems.isEmpty(); }
    QString text() const { return m_problems.join(u'\n'); }

private:
    QStringList m_problems;
};

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"absent"_s;
}

// The spec sets no additionalProperties, but a property it does not name is either a typo or an
// undocumented shape, so both count as findings.
void onlyKnownKeys(const QJsonObject &o, const QStringList &known, const QString &where, Findings &f)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            f.add(where, u"property '%1' is not in the definition"_s.arg(it.key()));
    }
}

void stringProperty(const QJsonObject &o, const QString &key, bool required, const QString &where, Findings &f)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) {
        if (required)
            f.add(where + u'/' + key, u"missing"_s);
        return;
    }
    if (!v.isString())
        f.add(where + u'/' + key, u"must be a string, is %1"_s.arg(typeName(v)));
}

void nonEmptyString(const QJsonObject &o, const QString &key, const QString &where, Findings &f)
{
    stringProperty(o, key, true, where, f);
    if (o.value(key).isString() && o.value(key).toString().isEmpty())
        f.add(where + u'/' + key, u"is empty"_s);
}

void statusEnum(const QJsonValue &v, const QString &where, Findings &f)
{
    if (!v.isString())
        f.add(where, u"must be a LockboxRequestStatus string, is %1"_s.arg(typeName(v)));
    else if (!kStatuses.contains(v.toString())) // JSON enums are case-sensitive
        f.add(where, u"'%1' is not a LockboxRequestStatus value"_s.arg(v.toString()));
}

// format: date-time, as ARM writes it: UTC with 'Z' and seven fractional digits (tolerant: also
// none or three).
void dateTime(const QJsonValue &v, Shape shape, const QString &where, Findings &f)
{
    if (!v.isString()) {
        f.add(where, u"must be a date-time string, is %1"_s.arg(typeName(v)));
        return;
    }
    const QString text = v.toString();
    static const QRegularExpression form(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.(\\d+))?Z$"_s);
    const QRegularExpressionMatch m = form.match(text);
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!m.hasMatch() || !parsed.isValid() || parsed.timeSpec() != Qt::UTC) {
        f.add(where, u"'%1' is not an ISO 8601 UTC date-time ending in Z"_s.arg(text));
        return;
    }
    const qsizetype digits = m.captured(1).size();
    const bool ok = digits == 7 || (shape == Shape::Tolerant && (digits == 0 || digits == 3));
    if (!ok)
        f.add(where, u"'%1' has %2 fractional digits"_s.arg(text).arg(digits));
}

void validateLockboxRequestProperties(const QJsonValue &value, Shape shape, const QString &where, Findings &f)
{
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    const QJsonObject p = value.toObject();
    QStringList known = {u"requestId"_s,          u"justification"_s,  u"status"_s,         u"createdDateTime"_s,
                         u"expirationDateTime"_s, u"duration"_s,       u"resourceIds"_s,    u"resourceType"_s,
                         u"supportRequest"_s,     u"supportCaseUrl"_s, u"workitemsource"_s, u"subscriptionId"_s,
                         u"accessLevel"_s};
    if (shape == Shape::Tolerant)
        known += {u"requestedResourceIds"_s, u"workItemSource"_s};
    onlyKnownKeys(p, known, where, f);

    nonEmptyString(p, u"requestId"_s, where, f);
    stringProperty(p, u"justification"_s, true, where, f);
    statusEnum(p.value(u"status"), where + u"/status"_s, f);
    dateTime(p.value(u"createdDateTime"), shape, where + u"/createdDateTime"_s, f);
    dateTime(p.value(u"expirationDateTime"), shape, where + u"/expirationDateTime"_s, f);

    const QJsonValue duration = p.value(u"duration");
    const bool wholeHours =
        duration.isDouble() && duration.toDouble() == double(duration.toInt()) && duration.toInt() > 0;
    if (!duration.isString() && !(shape == Shape::Tolerant && wholeHours))
        f.add(where + u"/duration"_s,
              u"must be a string, is %1 (%2)"_s.arg(typeName(duration), duration.toVariant().toString()));

    // resourceIds: one string, ids separated by ','. Older payloads: requestedResourceIds, an array.
    const bool hasIds = p.contains(u"resourceIds");
    const bool hasRequested = p.contains(u"requestedResourceIds");
    QStringList ids;
    if (hasIds == hasRequested) {
        f.add(where, hasIds ? u"both resourceIds and requestedResourceIds"_s : u"resourceIds missing"_s);
    } else if (hasIds) {
        if (p.value(u"resourceIds").isString())
            ids = p.value(u"resourceIds").toString().split(u',');
        else
            f.add(where + u"/resourceIds"_s, u"must be a string, is %1"_s.arg(typeName(p.value(u"resourceIds"))));
    } else {
        const QJsonValue requested = p.value(u"requestedResourceIds");
        if (!requested.isArray() || requested.toArray().isEmpty())
            f.add(where + u"/requestedResourceIds"_s, u"must be a non-empty array"_s);
        for (const QJsonValue &id : requested.toArray()) {
            if (id.isString())
                ids.append(id.toString());
            else
                f.add(where + u"/requestedResourceIds"_s, u"holds a %1"_s.arg(typeName(id)));
        }
    }
    for (const QString &id : std::as_const(ids)) {
        if (!id.startsWith(u"/subscriptions/", Qt::CaseInsensitive))
            f.add(where + u"/resourceIds"_s, u"'%1' is not an ARM resource id"_s.arg(id));
    }

    nonEmptyString(p, u"resourceType"_s, where, f);
    nonEmptyString(p, u"supportRequest"_s, where, f);
    nonEmptyString(p, u"supportCaseUrl"_s, where, f);
    nonEmptyString(p, u"subscriptionId"_s, where, f);
    stringProperty(p, u"accessLevel"_s, false, where, f);

    const bool lower = p.contains(u"workitemsource");
    const bool camel = p.contains(u"workItemSource");
    if (lower == camel)
        f.add(where, lower ? u"both workitemsource and workItemSource"_s : u"workitemsource missing"_s);
    else
        nonEmptyString(p, lower ? u"workitemsource"_s : u"workItemSource"_s, where, f);
}

void validateLockboxRequestResponse(const QJsonValue &value, Shape shape, const QString &where, Findings &f)
{
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    const QJsonObject o = value.toObject();
    onlyKnownKeys(o, {u"id"_s, u"name"_s, u"type"_s, u"properties"_s}, where, f);
    nonEmptyString(o, u"id"_s, where, f);
    nonEmptyString(o, u"name"_s, where, f);
    nonEmptyString(o, u"type"_s, where, f);
    validateLockboxRequestProperties(o.value(u"properties"), shape, where + u"/properties"_s, f);

    // The envelope names the same request as its properties (AZURE-CUSTOMER-LOCKBOX.md).
    const QJsonObject p = o.value(u"properties").toObject();
    const QString requestId = p.value(u"requestId").toString();
    const QString expectedId = u"/subscriptions/"_s + p.value(u"subscriptionId").toString()
        + u"/providers/Microsoft.CustomerLockbox/requests/"_s + requestId;
    if (o.value(u"id").toString().compare(expectedId, Qt::CaseInsensitive) != 0)
        f.add(where + u"/id"_s, u"'%1' is not '%2'"_s.arg(o.value(u"id").toString(), expectedId));
    if (o.value(u"name").toString() != u"LockboxRequest_"_s + requestId)
        f.add(where + u"/name"_s, u"'%1' does not name request '%2'"_s.arg(o.value(u"name").toString(), requestId));
    if (o.value(u"type").toString() != u"requests")
        f.add(where + u"/type"_s, u"'%1' is not 'requests'"_s.arg(o.value(u"type").toString()));
}

// nextLink: optional string; when present, an absolute URL (ARM paging).
void nextLink(const QJsonObject &o, const QString &where, Findings &f)
{
    stringProperty(o, u"nextLink"_s, false, where, f);
    if (o.value(u"nextLink").isString()) {
        const QUrl url(o.value(u"nextLink").toString());
        if (!url.isValid() || url.isRelative())
            f.add(where + u"/nextLink"_s, u"'%1' is not an absolute URL"_s.arg(url.toString()));
    }
}

void validateRequestListResult(const QJsonValue &value, Shape shape, Findings &f)
{
    const QString where = u"RequestListResult"_s;
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    const QJsonObject o = value.toObject();
    onlyKnownKeys(o, {u"value"_s, u"nextLink"_s}, where, f);
    if (!o.value(u"value").isArray())
        f.add(where + u"/value"_s, u"must be an array, is %1"_s.arg(typeName(o.value(u"value"))));
    const QJsonArray records = o.value(u"value").toArray();
    for (qsizetype i = 0; i < records.size(); ++i)
        validateLockboxRequestResponse(records.at(i), shape, where + u"/value/"_s + QString::number(i), f);
    nextLink(o, where, f);
}

void validateOperation(const QJsonValue &value, const QString &where, Findings &f)
{
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    const QJsonObject o = value.toObject();
    onlyKnownKeys(o, {u"name"_s, u"isDataAction"_s, u"display"_s, u"properties"_s, u"origin"_s}, where, f);
    nonEmptyString(o, u"name"_s, where, f);
    stringProperty(o, u"isDataAction"_s, true, where, f); // a string in this spec, not a boolean
    stringProperty(o, u"properties"_s, false, where, f);
    stringProperty(o, u"origin"_s, false, where, f);
    if (!o.value(u"display").isObject()) {
        f.add(where + u"/display"_s, u"must be an object, is %1"_s.arg(typeName(o.value(u"display"))));
        return;
    }
    const QJsonObject display = o.value(u"display").toObject();
    const QStringList fields = {u"provider"_s, u"resource"_s, u"operation"_s, u"description"_s};
    onlyKnownKeys(display, fields, where + u"/display"_s, f);
    for (const QString &field : fields)
        nonEmptyString(display, field, where + u"/display"_s, f);
}

void validateOperationListResult(const QJsonValue &value, Findings &f)
{
    const QString where = u"OperationListResult"_s;
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    const QJsonObject o = value.toObject();
    onlyKnownKeys(o, {u"value"_s, u"nextLink"_s}, where, f);
    if (!o.value(u"value").isArray() || o.value(u"value").toArray().isEmpty())
        f.add(where + u"/value"_s, u"must be a non-empty array"_s);
    const QJsonArray ops = o.value(u"value").toArray();
    for (qsizetype i = 0; i < ops.size(); ++i)
        validateOperation(ops.at(i), where + u"/value/"_s + QString::number(i), f);
    nextLink(o, where, f);
}

void validateTenantOptInResponse(const QJsonValue &value, Findings &f)
{
    const QString where = u"TenantOptInResponse"_s;
    const QJsonObject o = value.toObject();
    if (!value.isObject())
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
    onlyKnownKeys(o, {u"isOptedIn"_s}, where, f);
    if (!o.value(u"isOptedIn").isBool())
        f.add(where + u"/isOptedIn"_s, u"must be a boolean, is %1"_s.arg(typeName(o.value(u"isOptedIn"))));
}

void validateApproval(const QJsonValue &value, Findings &f)
{
    const QString where = u"Approval"_s;
    const QJsonObject o = value.toObject();
    if (!value.isObject())
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
    onlyKnownKeys(o, {u"status"_s, u"reason"_s}, where, f);
    const QJsonValue status = o.value(u"status");
    if (!status.isString() || (status.toString() != u"Approve" && status.toString() != u"Deny"))
        f.add(where + u"/status"_s, u"must be \"Approve\" or \"Deny\""_s);
    stringProperty(o, u"reason"_s, false, where, f);
}

void validateErrorResponse(const QJsonValue &value, Findings &f)
{
    const QString where = u"ErrorResponse"_s;
    if (!value.isObject()) {
        f.add(where, u"must be an object, is %1"_s.arg(typeName(value)));
        return;
    }
    onlyKnownKeys(value.toObject(), {u"error"_s}, where, f);
    const QJsonValue body = value.toObject().value(u"error");
    if (!body.isObject()) {
        f.add(where + u"/error"_s, u"must be an ErrorBody object, is %1"_s.arg(typeName(body)));
        return;
    }
    const QJsonObject e = body.toObject();
    const QString at = where + u"/error"_s;
    onlyKnownKeys(e, {u"code"_s, u"message"_s, u"target"_s, u"additionalInfo"_s}, at, f);
    nonEmptyString(e, u"code"_s, at, f);
    nonEmptyString(e, u"message"_s, at, f);
    stringProperty(e, u"target"_s, false, at, f);
    if (!e.contains(u"additionalInfo"))
        return;
    if (!e.value(u"additionalInfo").isArray()) {
        f.add(at + u"/additionalInfo"_s, u"must be an array, is %1"_s.arg(typeName(e.value(u"additionalInfo"))));
        return;
    }
    const QJsonArray infos = e.value(u"additionalInfo").toArray();
    for (qsizetype i = 0; i < infos.size(); ++i) {
        const QString here = at + u"/additionalInfo/"_s + QString::number(i);
        if (!infos.at(i).isObject()) {
            f.add(here, u"must be an ErrorAdditionalInfo object, is %1"_s.arg(typeName(infos.at(i))));
            continue;
        }
        const QJsonObject info = infos.at(i).toObject();
        onlyKnownKeys(info, {u"type"_s, u"info"_s}, here, f);
        stringProperty(info, u"type"_s, false, here, f);
        if (!info.contains(u"info"))
            continue;
        if (!info.value(u"info").isObject()) {
            f.add(here + u"/info"_s, u"must be an object, is %1"_s.arg(typeName(info.value(u"info"))));
            continue;
        }
        const QJsonObject detail = info.value(u"info").toObject();
        onlyKnownKeys(detail, {u"currentStatus"_s}, here + u"/info"_s, f);
        if (detail.contains(u"currentStatus"))
            statusEnum(detail.value(u"currentStatus"), here + u"/info/currentStatus"_s, f);
    }
}

Findings validate(Schema schema, const QJsonValue &value, Shape shape = Shape::Tolerant)
{
    Findings f;
    switch (schema) {
    case Schema::None:
        break;
    case Schema::OperationListResult:
        validateOperationListResult(value, f);
        break;
    case Schema::TenantOptInResponse:
        validateTenantOptInResponse(value, f);
        break;
    case Schema::LockboxRequestResponse:
        validateLockboxRequestResponse(value, shape, u"LockboxRequestResponse"_s, f);
        break;
    case Schema::RequestListResult:
        validateRequestListResult(value, shape, f);
        break;
    case Schema::Approval:
        validateApproval(value, f);
        break;
    }
    return f;
}

Findings validateError(const QJsonValue &value)
{
    Findings f;
    validateErrorResponse(value, f);
    return f;
}

// The documented alternates a served record uses, by name.
QStringList alternatesIn(const QJsonObject &record)
{
    const QJsonObject p = record.value(u"properties").toObject();
    QStringList out;
    if (p.value(u"duration").isDouble())
        out.append(u"duration as integer"_s);
    if (p.contains(u"workItemSource"))
        out.append(u"workItemSource"_s);
    if (p.contains(u"requestedResourceIds"))
        out.append(u"requestedResourceIds"_s);
    const QString created = p.value(u"createdDateTime").toString();
    if (!created.contains(u'.'))
        out.append(u"no fractional digits"_s);
    else if (created.size() == int(qstrlen("2026-11-02T09:30:00.123Z")))
        out.append(u"three fractional digits"_s);
    return out;
}

// A record exactly as the spec draws it, for testing the validators themselves.
QJsonObject specShapedRecord()
{
    const QString sub = u"0f6a3b1e-8c2d-4e5f-9a7b-1c2d3e4f5a6b"_s;
    const QString id = u"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"_s;
    QJsonObject p;
    p.insert(u"requestId"_s, id);
    p.insert(u"justification"_s, u"Restart the AKS nodes (case 2611020010000042)"_s);
    p.insert(u"status"_s, u"Pending"_s);
    p.insert(u"createdDateTime"_s, u"2026-11-02T09:30:00.2672319Z"_s);
    p.insert(u"expirationDateTime"_s, u"2026-11-06T09:30:00.2672319Z"_s);
    p.insert(u"duration"_s, u"8"_s);
    p.insert(u"resourceIds"_s,
             u"/subscriptions/"_s + sub
                 + u"/resourceGroups/rg/providers/Microsoft.Compute/"
                   "virtualMachines/vm-1"_s);
    p.insert(u"resourceType"_s, u"Microsoft.Compute/virtualMachines"_s);
    p.insert(u"supportRequest"_s, u"2611020010000042"_s);
    p.insert(u"supportCaseUrl"_s,
             u"https://portal.azure.com/#resource/subscriptions/"_s + sub
                 + u"/providers/Microsoft.Support/supportTickets/2611020010000042"_s);
    p.insert(u"workitemsource"_s, u"SupportRequest"_s);
    p.insert(u"subscriptionId"_s, sub);
    p.insert(u"accessLevel"_s, u"ReadWrite"_s);
    QJsonObject o;
    o.insert(u"id"_s, u"/subscriptions/"_s + sub + u"/providers/Microsoft.CustomerLockbox/requests/"_s + id);
    o.insert(u"name"_s, u"LockboxRequest_"_s + id);
    o.insert(u"type"_s, u"requests"_s);
    o.insert(u"properties"_s, p);
    return o;
}

QUrl withQuery(QUrl url, const QString &name, const QString &value)
{
    QUrlQuery q(url);
    q.addQueryItem(name, value);
    url.setQuery(q);
    return url;
}

} // namespace

Q_DECLARE_METATYPE(Schema)

class TestSpecConformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void validatorsAcceptDocumentedAlternatesOnly_data();
    void validatorsAcceptDocumentedAlternatesOnly();
    void errorValidatorFollowsErrorResponse_data();
    void errorValidatorFollowsErrorResponse();

    void everyOperationAnswersAsSpecified_data();
    void everyOperationAnswersAsSpecified();
    void apiVersionWhereTheSpecDeclaresIt_data();
    void apiVersionWhereTheSpecDeclaresIt();
    void errorRepliesAreErrorResponses_data();
    void errorRepliesAreErrorResponses();
    void undeclaredMethodsAreRefused_data();
    void undeclaredMethodsAreRefused();
    void pathsOutsideTheSpecAre404_data();
    void pathsOutsideTheSpecAre404();

    void listServesOnlyDocumentedAlternates();
    void listIsStrictlySpecShapedWithoutQuirks();
    void listFilterParameter();

private:
    std::unique_ptr<SimFixture> m_sim;
    QString m_sub;

    bool restart(const lockbox::sim::SimOptions &options);
    QString firstPendingId();
    QString expand(const QString &pathTemplate);
    QList<QJsonObject> walkList(HttpClient &client, const QString &subscriptionId, Shape shape);
};

void TestSpecConformance::init()
{
    QVERIFY(restart(SimFixture::defaultOptions()));
}

void TestSpecConformance::cleanup()
{
    m_sim.reset();
}

bool TestSpecConformance::restart(const lockbox::sim::SimOptions &options)
{
    m_sim = std::make_unique<SimFixture>(options);
    QString error;
    if (!m_sim->start(&error)) {
        qWarning("simulator did not start: %s", qPrintable(error));
        return false;
    }
    m_sub = m_sim->subscriptionIds().first();
    return true;
}

QString TestSpecConformance::firstPendingId()
{
    for (const lockbox::sim::SimRecord *r : m_sim->simulator().world().requests(m_sub)) {
        if (r->request.status.isDecidable())
            return r->request.requestId;
    }
    return {};
}

QString TestSpecConformance::expand(const QString &pathTemplate)
{
    QString path = pathTemplate;
    path.replace(u"{subscriptionId}"_s, m_sub);
    path.replace(u"{requestId}"_s, firstPendingId());
    path.replace(u"{tenantId}"_s, m_sim->simulator().world().tenantId());
    return path;
}

// Every page of a subscription's list, each page checked as a RequestListResult.
QList<QJsonObject> TestSpecConformance::walkList(HttpClient &client, const QString &subscriptionId, Shape shape)
{
    QList<QJsonObject> records;
    QUrl next = m_sim->requestsUrl(subscriptionId);
    for (int pages = 0; !next.isEmpty(); ++pages) {
        if (pages > 1000) {
            qWarning("nextLink never ends");
            return {};
        }
        const HttpResult r = client.get(next);
        if (r.status != 200) {
            qWarning("page %d: HTTP %d %s", pages, r.status, r.body.constData());
            return {};
        }
        const Findings f = validate(Schema::RequestListResult, r.json().object(), shape);
        if (!f.isEmpty()) {
            qWarning("page %d:\n%s", pages, qPrintable(f.text()));
            return {};
        }
        for (const QJsonValue &v : r.object().value(u"value").toArray())
            records.append(v.toObject());
        next = QUrl(r.object().value(u"nextLink").toString());
    }
    return records;
}

void TestSpecConformance::validatorsAcceptDocumentedAlternatesOnly_data()
{
    QTest::addColumn<QJsonObject>("set");    // properties to set (or replace)
    QTest::addColumn<QStringList>("remove"); // properties to take away
    QTest::addColumn<bool>("strictOk");
    QTest::addColumn<bool>("tolerantOk");

    const QJsonObject none;
    QTest::newRow("spec shape") << none << QStringList() << true << true;
    QTest::newRow("accessLevel absent") << none << QStringList {u"accessLevel"_s} << true << true;
    QTest::newRow("free-text duration") << QJsonObject {{u"duration"_s, u"Support request lifetime"_s}} << QStringList()
                                        << true << true;
    QTest::newRow("upper-case resource id")
        << QJsonObject {{u"resourceIds"_s, u"/SUBSCRIPTIONS/0F6A/RESOURCEGROUPS/RG"_s}} << QStringList() << true
        << true;

    // The documented alternates: tolerated, never strict.
    QTest::newRow("duration integer") << QJsonObject {{u"duration"_s, 8}} << QStringList() << false << true;
    QTest::newRow("workItemSource") << QJsonObject {{u"workItemSource"_s, u"SupportRequest"_s}}
                                    << QStringList {u"workitemsource"_s} << false << true;
    QTest::newRow("requestedResourceIds")
        << QJsonObject {{u"requestedResourceIds"_s,
                         QJsonArray {u"/subscriptions/x/resourceGroups/a"_s, u"/subscriptions/x/resourceGroups/b"_s}}}
        << QStringList {u"resourceIds"_s} << false << true;
    QTest::newRow("no fractional digits")
        << QJsonObject {{u"createdDateTime"_s, u"2026-11-02T09:30:00Z"_s}} << QStringList() << false << true;
    QTest::newRow("three fractional digits")
        << QJsonObject {{u"expirationDateTime"_s, u"2026-11-06T09:30:00.267Z"_s}} << QStringList() << false << true;

    // Nothing else.
    QTest::newRow("duration fractional") << QJsonObject {{u"duration"_s, 8.5}} << QStringList() << false << false;
    QTest::newRow("duration zero") << QJsonObject {{u"duration"_s, 0}} << QStringList() << false << false;
    QTest::newRow("duration boolean") << QJsonObject {{u"duration"_s, true}} << QStringList() << false << false;
    QTest::newRow("duration absent") << none << QStringList {u"duration"_s} << false << false;
    QTest::newRow("both workitemsource spellings")
        << QJsonObject {{u"workItemSource"_s, u"Other"_s}} << QStringList() << false << false;
    QTest::newRow("WorkItemSource") << QJsonObject {{u"WorkItemSource"_s, u"Other"_s}}
                                    << QStringList {u"workitemsource"_s} << false << false;
    QTest::newRow("resourceIds as array")
        << QJsonObject {{u"resourceIds"_s, QJsonArray {u"/subscriptions/x"_s}}} << QStringList() << false << false;
    QTest::newRow("both resourceIds and requestedResourceIds")
        << QJsonObject {{u"requestedResourceIds"_s, QJsonArray {u"/subscriptions/x"_s}}} << QStringList() << false
        << false;
    QTest::newRow("requestedResourceIds with a number")
        << QJsonObject {{u"requestedResourceIds"_s, QJsonArray {u"/subscriptions/x"_s, 7}}}
        << QStringList {u"resourceIds"_s} << false << false;
    QTest::newRow("resourceIds not ARM ids")
        << QJsonObject {{u"resourceIds"_s, u"vm-1,vm-2"_s}} << QStringList() << false << false;
    QTest::newRow("two fractional digits")
        << QJsonObject {{u"createdDateTime"_s, u"2026-11-02T09:30:00.26Z"_s}} << QStringList() << false << false;
    QTest::newRow("nine fractional digits")
        << QJsonObject {{u"createdDateTime"_s, u"2026-11-02T09:30:00.267231912Z"_s}} << QStringList() << false << false;
    QTest::newRow("offset instead of Z") << QJsonObject {{u"createdDateTime"_s, u"2026-11-02T09:30:00.2672319+00:00"_s}}
                                         << QStringList() << false << false;
    QTest::newRow("no zone") << QJsonObject {{u"createdDateTime"_s, u"2026-11-02T09:30:00.2672319"_s}} << QStringList()
                             << false << false;
    QTest::newRow("impossible date") << QJsonObject {{u"createdDateTime"_s, u"2026-13-40T09:30:00.2672319Z"_s}}
                                     << QStringList() << false << false;
    QTest::newRow("epoch number") << QJsonObject {{u"createdDateTime"_s, 1793611800}} << QStringList() << false
                                  << false;
    QTest::newRow("status not in the enum")
        << QJsonObject {{u"status"_s, u"Waiting"_s}} << QStringList() << false << false;
    QTest::newRow("status in lower case")
        << QJsonObject {{u"status"_s, u"pending"_s}} << QStringList() << false << false;
    QTest::newRow("accessLevel number") << QJsonObject {{u"accessLevel"_s, 2}} << QStringList() << false << false;
    QTest::newRow("requestId missing") << none << QStringList {u"requestId"_s} << false << false;
    QTest::newRow("justification null") << QJsonObject {{u"justification"_s, QJsonValue()}} << QStringList() << false
                                        << false;
    QTest::newRow("unknown property") << QJsonObject {{u"approver"_s, u"someone"_s}} << QStringList() << false << false;
}

void TestSpecConformance::validatorsAcceptDocumentedAlternatesOnly()
{
    QFETCH(QJsonObject, set);
    QFETCH(QStringList, remove);
    QFETCH(bool, strictOk);
    QFETCH(bool, tolerantOk);

    QJsonObject record = specShapedRecord();
    QJsonObject p = record.value(u"properties").toObject();
    for (auto it = set.begin(); it != set.end(); ++it)
        p.insert(it.key(), it.value());
    for (const QString &key : std::as_const(remove))
        p.remove(key);
    record.insert(u"properties"_s, p);

    const Findings strict = validate(Schema::LockboxRequestResponse, record, Shape::Strict);
    QVERIFY2(strict.isEmpty() == strictOk, qPrintable(strict.text()));
    const Findings tolerant = validate(Schema::LockboxRequestResponse, record, Shape::Tolerant);
    QVERIFY2(tolerant.isEmpty() == tolerantOk, qPrintable(tolerant.text()));
}

void TestSpecConformance::errorValidatorFollowsErrorResponse_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::newRow("code and message") << "{\"error\":{\"code\":\"RequestNotFound\",\"message\":\"gone\"}}"_ba << true;
    QTest::newRow("with target and additionalInfo")
        << "{\"error\":{\"code\":\"RequestNotPending\",\"message\":\"m\",\"target\":\"status\",\"additionalInfo\":"
           "[{\"type\":\"LockboxRequestStatus\",\"info\":{\"currentStatus\":\"Approved\"}}]}}"_ba
        << true;
    QTest::newRow("flat") << "{\"code\":\"X\",\"message\":\"m\"}"_ba << false;
    QTest::newRow("no code") << "{\"error\":{\"message\":\"m\"}}"_ba << false;
    QTest::newRow("numeric code") << "{\"error\":{\"code\":404,\"message\":\"m\"}}"_ba << false;
    QTest::newRow("no message") << "{\"error\":{\"code\":\"X\"}}"_ba << false;
    QTest::newRow("target not a string") << "{\"error\":{\"code\":\"X\",\"message\":\"m\",\"target\":1}}"_ba << false;
    QTest::newRow("additionalInfo an object")
        << "{\"error\":{\"code\":\"X\",\"message\":\"m\",\"additionalInfo\":{\"type\":\"t\"}}}"_ba << false;
    QTest::newRow("currentStatus not in the enum")
        << "{\"error\":{\"code\":\"X\",\"message\":\"m\",\"additionalInfo\":[{\"type\":\"t\",\"info\":"
           "{\"currentStatus\":\"Gone\"}}]}}"_ba
        << false;
    QTest::newRow("OAuth error") << "{\"error\":\"invalid_grant\",\"error_description\":\"x\"}"_ba << false;
}

void TestSpecConformance::errorValidatorFollowsErrorResponse()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    const Findings f = validateError(QJsonDocument::fromJson(json).object());
    QVERIFY2(f.isEmpty() == ok, qPrintable(f.text()));
}

void TestSpecConformance::everyOperationAnswersAsSpecified_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<Schema>("schema");
    for (const SpecOperation &op : kSpec)
        QTest::newRow(op.operationId) << QByteArray(op.method) << QString::fromUtf16(op.path) << op.ok;
}

void TestSpecConformance::everyOperationAnswersAsSpecified()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(Schema, schema);

    HttpClient c = m_sim->client();
    const QString requestId = firstPendingId();
    QVERIFY(!requestId.isEmpty());
    const QUrl url = m_sim->url(expand(path), kApi);
    // Approval is the only body the spec defines.
    const QJsonObject approval {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"Approved for the open case"_s}};
    const HttpResult r = schema == Schema::Approval ? c.postJson(url, approval) : c.send(method, url);
    QVERIFY2(r.status == 200, qPrintable(QString::number(r.status) + u' ' + QString::fromUtf8(r.body)));

    if (schema == Schema::None) {
        QVERIFY2(r.body.isEmpty(), r.body.constData()); // "200, no body"
        return;
    }
    QVERIFY2(r.header("content-type").startsWith("application/json"), r.header("content-type").constData());
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const Findings f = validate(schema, doc.object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text()));

    // What the reply says, beyond its shape.
    switch (schema) {
    case Schema::LockboxRequestResponse:
        QCOMPARE(doc.object().value(u"properties").toObject().value(u"requestId").toString(), requestId);
        break;
    case Schema::Approval:
        QCOMPARE(doc.object(), approval);
        break;
    case Schema::TenantOptInResponse:
        QCOMPARE(doc.object().value(u"isOptedIn").toBool(false), true);
        break;
    case Schema::RequestListResult:
        QCOMPARE(doc.object().value(u"value").toArray().size(), 30);
        break;
    case Schema::OperationListResult:
    case Schema::None:
        break;
    }
}

void TestSpecConformance::apiVersionWhereTheSpecDeclaresIt_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("declared");
    for (const SpecOperation &op : kSpec)
        QTest::newRow(op.operationId) << QByteArray(op.method) << QString::fromUtf16(op.path) << op.declaresApiVersion;
}

void TestSpecConformance::apiVersionWhereTheSpecDeclaresIt()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, declared);

    HttpClient c = m_sim->client();
    const QByteArray body = method == "POST" ? "{\"status\":\"Approve\",\"reason\":\"ok\"}"_ba : QByteArray();
    const HttpResult r = c.send(method, m_sim->url(expand(path)), body, {{"content-type", "application/json"}});
    if (!declared) {
        // Requests_List does not declare api-version; clients generated from the spec omit it.
        QCOMPARE(r.status, 200);
        return;
    }
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"MissingApiVersionParameter"_s);
    const Findings f = validateError(r.object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text()));
}

void TestSpecConformance::errorRepliesAreErrorResponses_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("decideFirst");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray approve = "{\"status\":\"Approve\",\"reason\":\"ok\"}"_ba;
    // One error per operation: an api-version the service does not have.
    for (const SpecOperation &op : kSpec) {
        const QByteArray method(op.method);
        QTest::addRow("%s: unknown api-version", op.operationId)
            << method << QString::fromUtf16(op.path) << u"api-version=2099-01-01"_s
            << (method == "POST" ? approve : QByteArray()) << false << 400 << u"InvalidApiVersionParameter"_s;
    }
    const QString requests = specPath("Requests_List");
    const QString unknownId = u"/00000000-0000-0000-0000-000000000000"_s;
    QTest::newRow("Requests_Get: unknown request")
        << "GET"_ba << requests + unknownId << kApi << QByteArray() << false << 404 << u"RequestNotFound"_s;
    QTest::newRow("Requests_UpdateStatus: decided already") << "POST"_ba << requests + u"/{requestId}/updateApproval"_s
                                                            << kApi << approve << true << 409 << u"RequestNotPending"_s;
    QTest::newRow("Requests_UpdateStatus: unknown request") << "POST"_ba << requests + unknownId + u"/updateApproval"_s
                                                            << kApi << approve << false << 404 << u"RequestNotFound"_s;
    QTest::newRow("Requests_UpdateStatus: status outside the Approval enum")
        << "POST"_ba << requests + u"/{requestId}/updateApproval"_s << kApi << "{\"status\":\"Maybe\"}"_ba << false
        << 400 << u"InvalidRequestContent"_s;
    QTest::newRow("Requests_List: unknown subscription")
        << "GET"_ba
        << u"/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.CustomerLockbox/"
           "requests"_s
        << kApi << QByteArray() << false << 404 << u"SubscriptionNotFound"_s;
    QTest::newRow("Requests_List: $filter on another property")
        << "GET"_ba << requests << kApi + u"&$filter=properties/justification%20eq%20'x'"_s << QByteArray() << false
        << 400 << u"InvalidRequestContent"_s;
    QTest::newRow("Get_TenantOptedIn: another tenant")
        << "GET"_ba << u"/providers/Microsoft.CustomerLockbox/tenantOptedIn/00000000-0000-0000-0000-000000000001"_s
        << kApi << QByteArray() << false << 404 << u"TenantNotFound"_s;
}

void TestSpecConformance::errorRepliesAreErrorResponses()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QByteArray, body);
    QFETCH(bool, decideFirst);
    QFETCH(int, status);
    QFETCH(QString, code);

    HttpClient c = m_sim->client();
    const QUrl url = m_sim->url(expand(path), query);
    if (decideFirst)
        QCOMPARE(c.post(url, body).status, 200);
    const HttpResult r = c.send(method, url, body, {{"content-type", "application/json"}});
    QCOMPARE(r.status, status);
    QVERIFY2(r.header("content-type").startsWith("application/json"), r.header("content-type").constData());
    const Findings f = validateError(r.json().object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text() + u'\n' + QString::fromUtf8(r.body)));
    QCOMPARE(r.armErrorCode(), code);
    if (status == 409) {
        // A decision on a request that is no longer Pending says its state.
        const QJsonArray info = r.object().value(u"error").toObject().value(u"additionalInfo").toArray();
        QCOMPARE(info.size(), 1);
        const QString current = info.first().toObject().value(u"info").toObject().value(u"currentStatus").toString();
        QVERIFY2(current == u"Approving" || current == u"Approved", qPrintable(current));
    }
    if (code == u"InvalidRequestContent" && method == "POST")
        QCOMPARE(r.object().value(u"error").toObject().value(u"target").toString(), u"status"_s);
}

void TestSpecConformance::undeclaredMethodsAreRefused_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allowed");
    for (const SpecOperation &op : kSpec) {
        const QByteArray declared(op.method);
        const QList<QByteArray> others =
            declared == "GET" ? QList<QByteArray> {"POST", "PUT", "DELETE"} : QList<QByteArray> {"GET", "PUT", "PATCH"};
        for (const QByteArray &other : others)
            QTest::addRow("%s %s", other.constData(), op.operationId)
                << other << QString::fromUtf16(op.path) << declared;
    }
}

void TestSpecConformance::undeclaredMethodsAreRefused()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allowed);

    HttpClient c = m_sim->client();
    const HttpResult r = c.send(method, m_sim->url(expand(path), kApi), method == "GET" ? QByteArray() : "{}"_ba,
                                {{"content-type", "application/json"}});
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("allow"), allowed);
    const Findings f = validateError(r.json().object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text()));
    // Nothing was decided or switched by the refused call.
    QCOMPARE(m_sim->simulator().world().counters().decisionsApplied.size(), 0);
    QVERIFY(m_sim->simulator().world().lockboxEnabled());
}

void TestSpecConformance::pathsOutsideTheSpecAre404_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("provider path") << "GET"_ba << u"/providers/Microsoft.CustomerLockbox/nothing"_s;
    QTest::newRow("provider path, POST") << "POST"_ba << u"/providers/Microsoft.CustomerLockbox/nothing"_s;
    QTest::newRow("subscription path") << "GET"_ba
                                       << u"/subscriptions/{subscriptionId}/providers/Microsoft.CustomerLockbox/"
                                          "nothing"_s;
    QTest::newRow("below a request") << "GET"_ba
                                     << u"/subscriptions/{subscriptionId}/providers/Microsoft.CustomerLockbox/"
                                        "requests/{requestId}/nothing"_s;
    QTest::newRow("tenantOptedIn without tenant")
        << "GET"_ba << u"/providers/Microsoft.CustomerLockbox/tenantOptedIn"_s;
}

void TestSpecConformance::pathsOutsideTheSpecAre404()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    HttpClient c = m_sim->client();
    const HttpResult r = c.send(method, m_sim->url(expand(path), kApi), {}, {{"content-type", "application/json"}});
    QCOMPARE(r.status, 404);
    QVERIFY2(r.header("content-type").startsWith("application/json"), r.header("content-type").constData());
    const Findings f = validateError(r.json().object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text() + u'\n' + QString::fromUtf8(r.body)));
}

void TestSpecConformance::listServesOnlyDocumentedAlternates()
{
    // The default share of odd records, enough of them to meet every alternate.
    auto options = SimFixture::defaultOptions();
    options.requestsPerSubscription = 400;
    options.pageSize = 60;
    QVERIFY(options.quirkFraction > 0.1);
    QVERIFY(restart(options));

    HttpClient c = m_sim->client();
    const QList<QJsonObject> records = walkList(c, m_sub, Shape::Tolerant);
    QCOMPARE(records.size(), 400);
    QHash<QString, int> seen;
    int odd = 0;
    for (const QJsonObject &record : records) {
        const QStringList alternates = alternatesIn(record);
        for (const QString &a : alternates)
            seen[a] += 1;
        odd += alternates.isEmpty() ? 0 : 1;
        // A record in an alternate shape is not spec-shaped, and one without is.
        const Findings strict = validate(Schema::LockboxRequestResponse, record, Shape::Strict);
        QVERIFY2(strict.isEmpty() == alternates.isEmpty(), qPrintable(strict.text() + alternates.join(u',')));
    }
    for (const QString &a : {u"duration as integer"_s, u"workItemSource"_s, u"requestedResourceIds"_s,
                             u"no fractional digits"_s, u"three fractional digits"_s}) {
        QVERIFY2(seen.value(a) > 0, qPrintable(a));
    }
    // Upper-case ids are a quirk too but do not change a type, so fewer records show an alternate.
    QVERIFY2(odd > 0 && odd < 400 * options.quirkFraction * 1.5, qPrintable(QString::number(odd)));
}

void TestSpecConformance::listIsStrictlySpecShapedWithoutQuirks()
{
    auto options = SimFixture::defaultOptions();
    options.quirkFraction = 0;
    options.requestsPerSubscription = 150;
    options.pageSize = 40;
    QVERIFY(restart(options));

    HttpClient c = m_sim->client();
    int checked = 0;
    for (const QString &sub : m_sim->subscriptionIds()) {
        const QList<QJsonObject> records = walkList(c, sub, Shape::Strict);
        QCOMPARE(records.size(), 150);
        for (const QJsonObject &record : records) {
            const QJsonObject p = record.value(u"properties").toObject();
            const QString requestId = p.value(u"requestId").toString();
            // The strict validator has checked these; stated once more, plainly.
            QVERIFY2(p.value(u"duration").isString(), qPrintable(requestId));
            QVERIFY2(p.value(u"resourceIds").isString(), qPrintable(requestId));
            QVERIFY2(p.value(u"workitemsource").isString(), qPrintable(requestId));
            QVERIFY(!p.contains(u"workItemSource") && !p.contains(u"requestedResourceIds"));
            for (const QString &key : {u"createdDateTime"_s, u"expirationDateTime"_s}) {
                const QString stamp = p.value(key).toString();
                QCOMPARE(stamp.size(), qsizetype(qstrlen("2026-11-02T09:30:00.1234567Z")));
                QCOMPARE(stamp.at(19), u'.');
            }
            // Ids as ARM writes them, not upper-cased.
            for (const QString &id : p.value(u"resourceIds").toString().split(u','))
                QVERIFY2(id.startsWith(u"/subscriptions/"_s + sub), qPrintable(id));

            // Requests_Get serves the same record in the same shape.
            if (checked++ % 10 == 0) {
                const HttpResult one = c.get(m_sim->requestsUrl(sub, u'/' + requestId));
                QCOMPARE(one.status, 200);
                const Findings f = validate(Schema::LockboxRequestResponse, one.object(), Shape::Strict);
                QVERIFY2(f.isEmpty(), qPrintable(f.text()));
                QCOMPARE(one.object(), record);
            }
        }
    }
    QCOMPARE(checked, 300);
}

void TestSpecConformance::listFilterParameter()
{
    // The spec's second List example: $filter=properties/status eq 'Pending'.
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(withQuery(m_sim->requestsUrl(m_sub), u"$filter"_s, u"properties/status eq 'Pending'"_s));
    QCOMPARE(r.status, 200);
    const Findings f = validate(Schema::RequestListResult, r.object());
    QVERIFY2(f.isEmpty(), qPrintable(f.text()));
    const QJsonArray value = r.object().value(u"value").toArray();
    QCOMPARE(value.size(), 6);
    for (const QJsonValue &v : value)
        QCOMPARE(v.toObject().value(u"properties").toObject().value(u"status").toString(), u"Pending"_s);
}

QTEST_GUILESS_MAIN(TestSpecConformance)
#include "tst_specconformance.moc"
