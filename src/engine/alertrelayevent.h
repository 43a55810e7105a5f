#pragma once

#include "engine/alertpolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace lockbox {
struct AccessRequest;
} // namespace lockbox

namespace lockbox::engine {

// One alert as the relay (lockboxctl watch) keeps and delivers it: a JSON object with stable
// camelCase fields, written to the journal when the alert is raised and given to every target as
// it stands at delivery (timeLeft counted then). Fields:
//   eventId            "<lower-case request id>:<event>", the same for every delivery of it
//   kind               new | reminder | decided | expired | removed | ended | notApplied
//   title              the alert in a few words ("New Lockbox request")
//   requestId, subscriptionId, subscriptionName (null when unknown), status, resourceType,
//   resourceIds (array), resource (the first of them), justification, createdDateTime,
//   expirationDateTime (null when unknown), supportRequest, supportCaseUrl
//   verdict            Approve | Deny | null: what the request was decided to (decided), or the
//                      decision given from this profile
//   decidedHere        the decision was given from this profile
//   decidedBy          who decided, when the profile knows (its own decision, an imported
//                      Activity Log event), else null
//   reason             notApplied: why, as the service said it
//   alertedDateTime    when the alert was raised
//   portalUrl          Customer Lockbox in the Azure portal
// and, as delivered: secondsLeft (a Pending request's time to expiry, null when unknown).
// Text is as the server sent it: every target makes it safe for its own markup.
class RelayEvent final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::engine::RelayEvent)

public:
    RelayEvent() = default;
    explicit RelayEvent(QJsonObject json)
        : m_json(std::move(json))
    {
    }

    // The event of `alert`; `cached` (the request as the cache holds it, if it does) fills in what
    // the alert lacks.
    static RelayEvent of(const Alert &alert, const AccessRequest *cached, const QString &decidedBy,
                         const QUrl &portalUrl);
    // From the journal's text; an invalid event (isValid() false) when it is not a JSON object.
    static RelayEvent fromJson(const QString &text);

    // The journal's name of the event an alert kind is: "new", "reminder" or, for every end,
    // "outcome" (a request ends once).
    static QString journalEvent(Alert::Kind kind);
    static QString kindName(Alert::Kind kind);
    // Customer Lockbox's page in the portal of the cloud whose Resource Manager is `armEndpoint`.
    static QUrl portalUrlFor(const QUrl &armEndpoint);
    // "3 d 4 h", "5 h 10 min", "12 min", "less than a minute"; "expired" at 0 or less.
    static QString durationText(qint64 secs);

    bool isValid() const { return !m_json.isEmpty(); }
    const QJsonObject &json() const { return m_json; }
    QString toJson() const; // compact, one line

    QString text(const QString &field) const;
    QString eventId() const { return text(QStringLiteral("eventId")); }
    QString kind() const { return text(QStringLiteral("kind")); }
    QString title() const { return text(QStringLiteral("title")); }
    QString requestId() const { return text(QStringLiteral("requestId")); }
    QString subscriptionId() const { return text(QStringLiteral("subscriptionId")); }
    // The subscription's name, else its id.
    QString subscriptionText() const;
    QString resource() const { return text(QStringLiteral("resource")); }
    QDateTime expiresAt() const;
    QUrl portalUrl() const;
    // Seconds left at `now` for a Pending request with a known expiry.
    std::optional<qint64> secondsLeft(const QDateTime &now) const;
    // "3 d 4 h left", "expired", or empty when not Pending or the expiry is unknown.
    QString timeLeftText(const QDateTime &now) const;

    // The event as delivered at `now`: json() plus secondsLeft.
    QJsonObject deliveredAt(const QDateTime &now) const;

private:
    QJsonObject m_json;
};

} // namespace lockbox::engine
