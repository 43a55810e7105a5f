#pragma once

// The invariants of AzureJson's results, shared by the fuzz targets of src/azure.

#include "fuzzcheck.h"

#include "azure/azurejson.h"

namespace lockbox::fuzz {

inline void checkRequest(const AccessRequest &r)
{
    check(!r.armId.trimmed().isEmpty(), "a request without an id was accepted");
    check(!r.requestId.trimmed().isEmpty(), "a request without a requestId was accepted");
    checkString(r.armId, AzureJson::kMaxIdLength, "id");
    checkString(r.requestId, AzureJson::kMaxIdLength, "properties.requestId");
    // Taken from the id when the field is absent, so never longer than the id.
    checkString(r.subscriptionId, AzureJson::kMaxIdLength, "properties.subscriptionId");
    checkString(r.name, AzureJson::kMaxNameLength, "name");
    checkString(r.type, AzureJson::kMaxNameLength, "type");
    checkString(r.justification, AzureJson::kMaxFreeTextLength, "properties.justification");
    checkString(r.resourceType, AzureJson::kMaxNameLength, "properties.resourceType");
    checkString(r.supportRequest, AzureJson::kMaxNameLength, "properties.supportRequest");
    checkString(r.supportCaseUrl, AzureJson::kMaxUrlLength, "properties.supportCaseUrl");
    checkString(r.workItemSource, AzureJson::kMaxNameLength, "properties.workitemsource");
    // A number is written back as at most 17 significant digits and an exponent.
    checkString(r.duration, AzureJson::kMaxNameLength, "properties.duration");
    if (r.accessLevel)
        checkString(*r.accessLevel, AzureJson::kMaxNameLength, "properties.accessLevel");
    checkStrings(r.resourceIds, AzureJson::kMaxResourceIdLength, AzureJson::kMaxResourceIdsLength,
                 "properties.resourceIds");
    for (const QString &id : r.resourceIds)
        check(!id.isEmpty() && id.trimmed() == id, "a resource id kept empty or untrimmed", id);
    // Dates are UTC or absent; reading them must not trip anything.
    for (const QDateTime *t : {&r.createdDateTime, &r.expirationDateTime}) {
        if (t->isValid()) {
            check(t->timeSpec() == Qt::UTC, "a timestamp that is not UTC", t->toString(Qt::ISODateWithMs));
            (void)t->toMSecsSinceEpoch();
        }
    }
    // What the rest of the program does with a request first.
    (void)r.durationHours();
    (void)r.accessEndsAt();
    (void)(r == r);
}

template<typename Page>
void checkPageEnvelope(const Page &page)
{
    checkError(page.error, page.syntaxError, "page error");
    checkString(page.nextLink, AzureJson::kMaxUrlLength, "nextLink");
    check(page.nextLink.trimmed() == page.nextLink, "nextLink kept untrimmed", page.nextLink);
}

} // namespace lockbox::fuzz
