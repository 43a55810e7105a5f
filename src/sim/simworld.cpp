#include "simworld.h"

#include "scenario.h"
#include "simoptions.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

bool newerFirst(const SimRecord *a, const SimRecord *b)
{
    if (a->request.createdDateTime != b->request.createdDateTime)
        return a->request.createdDateTime > b->request.createdDateTime;
    return a->request.requestId < b->request.requestId;
}

std::optional<QDateTime> parseTime(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t.toUTC();
}

} // namespace

SimWorld::SimWorld(const SimOptions &options, std::shared_ptr<ScaledClock> clock)
    : m_options(options)
    , m_clock(std::move(clock))
    , m_arrivalRandom(quint32(options.seed * 2654435761u) ^ 0xa5a5a5a5u)
{
    // The data follow from the seed and the configured start alone: the clock may already be a few
    // (scaled) milliseconds past it, which would shift every generated timestamp.
    const QDateTime now = options.startTime.isValid() ? options.startTime.toUTC() : m_clock->now();
    m_generator = std::make_unique<ScenarioGenerator>(options.seed, now);
    m_tenantId = m_generator->tenantId();

    m_principals.append(m_generator->testUser());
    m_principals.append(m_generator->otherUser());
    QStringList servicePrincipals;
    for (const ClientCredential &client : options.clients) {
        Principal app;
        app.appId = client.clientId;
        app.oid = makeGuid(m_arrivalRandom);
        app.displayName = u"Automation ("_s + client.clientId + u')';
        m_principals.append(app);
        servicePrincipals.append(app.oid);
    }

    m_subscriptions.reserve(options.subscriptions);
    for (int i = 0; i < options.subscriptions; ++i) {
        Subscription sub = m_generator->makeSubscription(i);
        for (const QString &oid : std::as_const(servicePrincipals))
            sub.approvers.insert(oid);
        const QString key = sub.subscriptionId.toLower();
        m_subscriptionIndex.insert(key, i);
        auto &records = m_records[key];
        const QList<SimRecord> made = m_generator->makeRequests(sub, i, options.requestsPerSubscription,
                                                                options.pendingFraction, options.quirkFraction);
        records.reserve(made.size());
        for (const SimRecord &r : made) {
            auto record = std::make_shared<SimRecord>(r);
            m_byRequestId.insert(record->request.requestId.toLower(), record.get());
            records.emplace(record->request.requestId.toLower(), std::move(record));
        }
        m_orderDirty.insert(key, true);
        ++m_generation;
        m_subscriptions.append(std::move(sub));
    }
}

SimWorld::~SimWorld() = default;

const Principal *SimWorld::principalByOid(const QString &oid) const
{
    for (const Principal &p : m_principals) {
        if (p.oid.compare(oid, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

const Principal *SimWorld::principalByUpn(const QString &upn) const
{
    for (const Principal &p : m_principals) {
        if (!p.upn.isEmpty() && p.upn.compare(upn, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

const Principal *SimWorld::principalByAppId(const QString &appId) const
{
    for (const Principal &p : m_principals) {
        if (!p.appId.isEmpty() && p.appId == appId)
            return &p;
    }
    return nullptr;
}

const Subscription *SimWorld::subscription(const QString &subscriptionId) const
{
    const auto it = m_subscriptionIndex.constFind(subscriptionId.toLower());
    return it == m_subscriptionIndex.cend() ? nullptr : &m_subscriptions.at(*it);
}

Subscription *SimWorld::subscription(const QString &subscriptionId)
{
    const auto it = m_subscriptionIndex.constFind(subscriptionId.toLower());
    return it == m_subscriptionIndex.cend() ? nullptr : &m_subscriptions[*it];
}

void SimWorld::advance()
{
    const QDateTime now = m_clock->now();
    const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
    // Decisions in flight settle on real time, so a test need not know the clock speed.
    for (auto it = m_settleAtMs.begin(); it != m_settleAtMs.end();) {
        if (it.value() <= realNow) {
            settle(*it.key());
            it = m_settleAtMs.erase(it);
        } else {
            ++it;
        }
    }
    // Pending requests expire on the simulator clock. A full scan runs only when the earliest
    // expiry is due, so that serving a page stays cheap with 100,000 requests.
    if (m_nextExpiry.isValid() && now < m_nextExpiry)
        return;
    QDateTime next;
    for (auto &records : m_records) {
        for (auto &record : records) {
            AccessRequest &r = record->request;
            if (r.status.kind() != RequestStatus::Kind::Pending)
                continue;
            if (r.expirationDateTime <= now) {
                r.status = RequestStatus(RequestStatus::Kind::Expired);
                changed(*record);
            } else if (!next.isValid() || r.expirationDateTime < next)
                next = r.expirationDateTime;
        }
    }
    // No pending request left: scan again only after something becomes Pending.
    m_nextExpiry = next.isValid() ? next : now.addYears(100);
}

void SimWorld::notePending(const SimRecord &record)
{
    if (record.request.status.kind() == RequestStatus::Kind::Pending
        && (!m_nextExpiry.isValid() || record.request.expirationDateTime < m_nextExpiry)) {
        m_nextExpiry = record.request.expirationDateTime;
    }
}

void SimWorld::settle(SimRecord &record)
{
    AccessRequest &r = record.request;
    if (r.status.kind() == RequestStatus::Kind::Approving)
        r.status = RequestStatus(RequestStatus::Kind::Approved);
    else if (r.status.kind() == RequestStatus::Kind::Denying)
        r.status = RequestStatus(RequestStatus::Kind::Denied);
    record.settledAt = m_clock->now();
    changed(record);
}

void SimWorld::changed(SimRecord &record)
{
    record.cachedJson.clear();
    ++m_generation;
    notePending(record); // a request made Pending, or due sooner, expires in time
}

void SimWorld::index(const QString &key)
{
    if (!m_orderDirty.value(key, true))
        return;
    QList<const SimRecord *> &order = m_order[key];
    order.clear();
    const auto &records = m_records[key];
    order.reserve(records.size());
    for (const auto &record : records)
        order.append(record.get());
    std::sort(order.begin(), order.end(), newerFirst);
    m_orderDirty.insert(key, false);
}

QList<const SimRecord *> SimWorld::requests(const QString &subscriptionId)
{
    const QString key = subscriptionId.toLower();
    if (!m_records.contains(key))
        return {};
    advance();
    index(key);
    return m_order.value(key);
}

SimRecord *SimWorld::request(const QString &subscriptionId, const QString &requestId)
{
    advance();
    const auto sub = m_records.find(subscriptionId.toLower());
    if (sub == m_records.end())
        return nullptr;
    const auto it = sub->find(requestId.toLower());
    return it == sub->end() ? nullptr : it->get();
}

SimRecord *SimWorld::requestById(const QString &requestId)
{
    advance();
    return m_byRequestId.value(requestId.toLower(), nullptr);
}

void SimWorld::countDecisionPost(const QString &requestId)
{
    // No advance() here: counting must not settle or expire anything a faulted post never reaches.
    const SimRecord *record = m_byRequestId.value(requestId.toLower(), nullptr);
    m_counters.decisionPosts += 1;
    const QString id = record ? record->request.requestId : requestId;
    m_counters.decisionPostsByRequest[id] += 1;
    if (m_counters.answeredUnambiguously.contains(id)) {
        m_counters.postsAfterAnswer += 1;
        m_counters.postsAfterAnswerByRequest[id] += 1;
    }
}

void SimWorld::noteDecisionAnswered(const QString &requestId)
{
    const SimRecord *record = m_byRequestId.value(requestId.toLower(), nullptr);
    if (record)
        m_counters.answeredUnambiguously.insert(record->request.requestId);
}

SimWorld::DecideResult SimWorld::decide(const QString &subscriptionId, const QString &requestId, Verdict verdict,
                                        const QString &reason, const QString &caller)
{
    SimRecord *record = request(subscriptionId, requestId);
    if (!record)
        return DecideResult::NotFound;
    if (!record->request.status.isDecidable())
        return DecideResult::NotPending;
    record->request.status =
        RequestStatus(verdict == Verdict::Approve ? RequestStatus::Kind::Approving : RequestStatus::Kind::Denying);
    record->verdict = verdict;
    record->decidedAt = m_clock->now();
    record->decidedBy = caller;
    record->decisionReason = reason;
    changed(*record);
    m_counters.decisionsApplied[record->request.requestId] += 1;
    if (m_options.transitionMs <= 0)
        settle(*record);
    else
        m_settleAtMs.insert(record, QDateTime::currentMSecsSinceEpoch() + m_options.transitionMs);
    return DecideResult::Applied;
}

const SimRecord *SimWorld::createRequest(const QJsonObject &fields, QString *error)
{
    const QString subscriptionId = fields.value(u"subscriptionId").toString();
    const Subscription *sub = subscriptionId.isEmpty()
        ? (m_subscriptions.isEmpty()
               ? nullptr
               : &m_subscriptions.at(int(m_arrivalRandom.bounded(quint32(m_subscriptions.size())))))
        : subscription(subscriptionId);
    if (!sub) {
        *error = subscriptionId.isEmpty() ? u"the simulator has no subscriptions"_s
                                          : u"unknown subscriptionId '%1'"_s.arg(subscriptionId);
        return nullptr;
    }

    QDateTime created = m_clock->now();
    if (fields.contains(u"createdDateTime")) {
        const auto t = parseTime(fields.value(u"createdDateTime"));
        if (!t) {
            *error = u"createdDateTime must be an ISO 8601 date-time"_s;
            return nullptr;
        }
        created = *t;
    }
    auto record = std::make_shared<SimRecord>(m_generator->makePending(*sub, created, m_arrivalRandom));
    AccessRequest &r = record->request;

    const auto stringField = [&fields, error](QStringView name, QString &target) {
        const QJsonValue v = fields.value(name);
        if (v.isUndefined())
            return true;
        if (!v.isString()) {
            *error = name.toString() + u" must be a string"_s;
            return false;
        }
        target = v.toString();
        return true;
    };
    QString status = r.status.toString();
    QString accessLevel = r.accessLevel.value_or(QString());
    if (!stringField(u"requestId", r.requestId) || !stringField(u"justification", r.justification)
        || !stringField(u"status", status) || !stringField(u"resourceType", r.resourceType)
        || !stringField(u"supportRequest", r.supportRequest) || !stringField(u"supportCaseUrl", r.supportCaseUrl)
        || !stringField(u"workitemsource", r.workItemSource) || !stringField(u"workItemSource", r.workItemSource)
        || !stringField(u"accessLevel", accessLevel)) {
        return nullptr;
    }
    r.status = RequestStatus::fromString(status);
    if (fields.contains(u"accessLevel"))
        r.accessLevel = accessLevel;
    if (fields.contains(u"duration")) {
        const QJsonValue d = fields.value(u"duration");
        if (d.isDouble())
            r.duration = QString::number(d.toInt());
        else if (d.isString())
            r.duration = d.toString();
        else {
            *error = u"duration must be a string or a number"_s;
            return nullptr;
        }
    }
    if (fields.contains(u"resourceIds")) {
        const QJsonValue ids = fields.value(u"resourceIds");
        if (ids.isString())
            r.resourceIds = ids.toString().split(u',', Qt::SkipEmptyParts);
        else if (ids.isArray()) {
            r.resourceIds.clear();
            for (const auto &id : ids.toArray())
                r.resourceIds.append(id.toString());
        } else {
            *error = u"resourceIds must be a string or an array"_s;
            return nullptr;
        }
    }
    if (fields.contains(u"expirationDateTime")) {
        const auto t = parseTime(fields.value(u"expirationDateTime"));
        if (!t) {
            *error = u"expirationDateTime must be an ISO 8601 date-time"_s;
            return nullptr;
        }
        r.expirationDateTime = *t;
    }
    if (r.requestId.isEmpty() || r.requestId.contains(u'/')) {
        *error = u"requestId must be a non-empty id without '/'"_s;
        return nullptr;
    }
    if (m_byRequestId.contains(r.requestId.toLower())) {
        *error = u"a request with id '%1' exists already"_s.arg(r.requestId);
        return nullptr;
    }
    r.armId =
        u"/subscriptions/"_s + sub->subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests/"_s + r.requestId;
    r.name = u"LockboxRequest_"_s + r.requestId;
    record->quirks = QuirkNone;

    const QString key = sub->subscriptionId.toLower();
    SimRecord *raw = record.get();
    m_byRequestId.insert(r.requestId.toLower(), raw);
    m_records[key].emplace(r.requestId.toLower(), std::move(record));
    m_orderDirty.insert(key, true);
    ++m_generation;
    notePending(*raw);
    return raw;
}

bool SimWorld::setStatus(const QString &requestId, const QString &status, const QString &caller, const QString &reason,
                         QString *error)
{
    SimRecord *record = requestById(requestId);
    if (!record) {
        *error = u"no request with id '%1'"_s.arg(requestId);
        return false;
    }
    const RequestStatus next = RequestStatus::fromString(status);
    record->request.status = next;
    changed(*record);
    m_settleAtMs.remove(record);
    notePending(*record);
    const auto kind = next.kind();
    if (kind == RequestStatus::Kind::Approved || kind == RequestStatus::Kind::Denied) {
        record->verdict = kind == RequestStatus::Kind::Approved ? Verdict::Approve : Verdict::Deny;
        record->decidedAt = m_clock->now();
        record->settledAt = record->decidedAt;
        record->decidedBy = caller.isEmpty() ? u"jordan.lee@contoso.example"_s : caller;
        record->decisionReason = reason;
    }
    return true;
}

QList<ActivityEvent> SimWorld::activity(const QString &subscriptionId, const QDateTime &from, const QDateTime &to)
{
    QList<ActivityEvent> events;
    const auto add = [&](const QDateTime &when, const QString &action, const QString &caller, const SimRecord *r) {
        if (when.isValid() && when >= from && when <= to)
            events.append({when, action, caller, r});
    };
    const QList<const SimRecord *> records = requests(subscriptionId);
    for (const SimRecord *record : records) {
        const AccessRequest &r = record->request;
        add(r.createdDateTime, u"Create"_s, u"Microsoft Support"_s, record);
        if (record->verdict)
            add(record->decidedAt, *record->verdict == Verdict::Approve ? u"Approve"_s : u"Deny"_s, record->decidedBy,
                record);
        if (r.status.kind() == RequestStatus::Kind::Expired)
            add(r.expirationDateTime, u"Expire"_s, u"Microsoft.CustomerLockbox"_s, record);
    }
    std::sort(events.begin(), events.end(), [](const ActivityEvent &a, const ActivityEvent &b) {
        if (a.timestamp != b.timestamp)
            return a.timestamp > b.timestamp;
        if (a.record->request.requestId != b.record->request.requestId)
            return a.record->request.requestId < b.record->request.requestId;
        return a.action < b.action;
    });
    return events;
}

qint64 SimWorld::msecsToNextChange() const
{
    qint64 best = -1;
    const qint64 realNow = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_settleAtMs.cbegin(); it != m_settleAtMs.cend(); ++it) {
        const qint64 due = qMax<qint64>(0, it.value() - realNow);
        if (best < 0 || due < best)
            best = due;
    }
    return best;
}

} // namespace lockbox::sim
