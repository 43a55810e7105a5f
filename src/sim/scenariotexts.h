#pragma once

// What people write in the generated requests and decisions: support engineers' justifications
// for each kind of resource, text pasted from e-mails and case notes, and approvers' reasons.
// Internal to the scenario generator (scenario*.cpp).

#include "scenarioestate.h"

#include "core/decision.h"

#include <QRandomGenerator>
#include <QString>
#include <QStringView>

namespace lockbox::sim::scenario {

// A support engineer's justification. Placeholders: %R the resource, %S the AKS cluster behind an
// ADME instance, %C the support case, %T a time of day (UTC) shortly before the request.
struct Template
{
    const char16_t *text;
    bool needsWrite; // the work described changes the resource
};

// A justification for a request about `target`.
const Template &pickJustification(QRandomGenerator &random, Target target);
// A justification as pasted from an e-mail or the case notes, markup and all.
const Template &pickPastedJustification(QRandomGenerator &random);
// Why an approver decided as they did, with %R and %C as in a Template. `writeAccess`: the
// request asked for write access, the only kind of request denied for asking it.
QStringView pickDecisionReason(QRandomGenerator &random, Verdict verdict, Target target, bool writeAccess);

// What the placeholders stand for.
struct TextContext
{
    QStringView resource;
    QStringView cluster;
    QStringView caseNumber;
    QStringView time;
};

// `text` with its placeholders replaced.
QString expand(QStringView text, const TextContext &context);

} // namespace lockbox::sim::scenario
