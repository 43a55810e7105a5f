// AzureJson's Lockbox requests through QJsonDocument: one LockboxRequestResponse object, the body
// of GET …/requests/{id}, and the pages of GET …/requests as the reference reader (the list path
// reads them with simdjson: azurejsonrequestpage.cpp).

#include "azurejson.h"
#include "azurejson_p.h"

#include "core/stringpool.h"

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

using azurejson::Document;
using azurejson::Fields;
using azurejson::readDocument;
using azurejson::readListEnvelope;
using azurejson::subscriptionFromPath;
using azurejson::typeName;

namespace {

ParsedRequest parseRequestAt(const QJsonObject &item, qsizetype index)
{
    ParsedRequest out;
    AccessRequest &r = out.request;
    const Fields envelope(item, index, {}, &out.error);
    if (!envelope.requiredId("id"_L1, &r.armId) || !envelope.string("name"_L1, &r.name)
        || !envelope.string("type"_L1, &r.type))
        return out;

    QJsonObject properties;
    if (!envelope.object("properties"_L1, &properties, true))
        return out;
    const Fields p(properties, index, "properties."_L1, &out.error);
    if (!p.requiredId("requestId"_L1, &r.requestId))
        return out;

    bool present = false;
    QString status;
    if (!p.string("status"_L1, &status, &present))
        return out;
    if (!present || status.trimmed().isEmpty()) {
        out.warnings.append(AzureJson::tr("%1 has no status").arg(p.path("status"_L1)));
        r.status = RequestStatus(RequestStatus::Kind::Unknown);
    } else {
        // Unknown words are kept as they came (RequestStatus::Kind::Other).
        r.status = RequestStatus::fromString(status);
    }

    if (!p.string("justification"_L1, &r.justification, nullptr, AzureJson::kMaxFreeTextLength)
        || !p.string("resourceType"_L1, &r.resourceType) || !p.string("supportRequest"_L1, &r.supportRequest)
        || !p.string("supportCaseUrl"_L1, &r.supportCaseUrl, nullptr, AzureJson::kMaxUrlLength))
        return out;

    const std::pair<QLatin1StringView, QDateTime *> stamps[] = {{"createdDateTime"_L1, &r.createdDateTime},
                                                                {"expirationDateTime"_L1, &r.expirationDateTime}};
    for (const auto &[key, target] : stamps) {
        if (!p.timestamp(key, target, &present))
            return out;
        if (!present)
            out.warnings.append(AzureJson::tr("%1 is missing").arg(p.path(key)));
    }

    // duration: "8", "Support request lifetime", or (older payloads) the integer 8.
    const QJsonValue duration = p.value("duration"_L1);
    if (duration.isString()) {
        if (!p.string("duration"_L1, &r.duration))
            return out;
    } else if (duration.isDouble()) {
        const double d = duration.toDouble();
        if (!std::isfinite(d)) {
            p.fail(AzureJson::tr("%1 is not a finite number").arg(p.path("duration"_L1)));
            return out;
        }
        if (d == std::trunc(d) && std::abs(d) < 9.0e15)
            r.duration = QString::number(qint64(d));
        else
            r.duration = QString::number(d, 'g', 17);
    } else if (!Fields::absent(duration)) {
        p.wrongType("duration"_L1, duration, AzureJson::tr("a string or a number"));
        return out;
    }

    // resourceIds: one comma-separated string (spec); older payloads: requestedResourceIds array.
    if (!p.stringList("resourceIds"_L1, &r.resourceIds, &present, AzureJson::kMaxResourceIdLength,
                      AzureJson::kMaxResourceIdsLength))
        return out;
    if (!present
        && !p.stringList("requestedResourceIds"_L1, &r.resourceIds, &present, AzureJson::kMaxResourceIdLength,
                         AzureJson::kMaxResourceIdsLength))
        return out;

    if (!p.string("workitemsource"_L1, &r.workItemSource, &present))
        return out;
    if (!present && !p.string("workItemSource"_L1, &r.workItemSource))
        return out;

    if (!p.string("subscriptionId"_L1, &r.subscriptionId, nullptr, AzureJson::kMaxIdLength))
        return out;
    if (r.subscriptionId.isEmpty())
        r.subscriptionId = subscriptionFromPath(r.armId);

    QString accessLevel;
    if (!p.string("accessLevel"_L1, &accessLevel, &present))
        return out;
    if (present)
        r.accessLevel = accessLevel;
    return out;
}

} // namespace

ParsedRequest AzureJson::parseRequest(const QJsonObject &item)
{
    return parseRequestAt(item, -1);
}

ParsedRequest AzureJson::parseRequestDocument(const QByteArray &body)
{
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        ParsedRequest out;
        out.error = d.error;
        out.syntaxError = d.syntaxError;
        return out;
    }
    if (!d.doc.isObject()) {
        ParsedRequest out;
        out.error = tr("the reply must be a JSON object (one request), not an array");
        return out;
    }
    return parseRequest(d.doc.object());
}

RequestPage AzureJson::parseRequestPageWithQJson(const QByteArray &body)
{
    RequestPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    page.requests.reserve(items.size());
    StringPool strings(4096);
    qsizetype droppedWarnings = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            page.requests.clear();
            return page;
        }
        ParsedRequest parsed = parseRequestAt(item.toObject(), i);
        if (!parsed.ok()) {
            page.error = parsed.error;
            page.requests.clear();
            return page;
        }
        for (const QString &w : std::as_const(parsed.warnings))
            azurejson::addPageWarning(&page.warnings, &droppedWarnings, w);
        // What the rows of a page repeat is held once (a full list is kept until it is complete).
        AccessRequest &r = parsed.request;
        r.subscriptionId = strings.intern(r.subscriptionId);
        r.type = strings.intern(r.type);
        r.resourceType = strings.intern(r.resourceType);
        r.workItemSource = strings.intern(r.workItemSource);
        r.duration = strings.intern(r.duration);
        if (r.accessLevel)
            r.accessLevel = strings.intern(*r.accessLevel);
        for (QString &id : r.resourceIds)
            id = strings.intern(id);
        page.requests.append(std::move(parsed.request));
    }
    if (droppedWarnings > 0)
        page.warnings.append(tr("… and %1 more warnings").arg(droppedWarnings));
    return page;
}

} // namespace lockbox
