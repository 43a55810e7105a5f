#include "alertrelayformat.h"

#include "alertrelayevent.h"

#include "core/hiddentext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

constexpr qsizetype kValueChars = 500;          // a fact's value
constexpr qsizetype kJustificationChars = 2000; // Slack takes up to 3,000 in a section
constexpr qsizetype kSlackHeaderChars = 150;    // Slack's limit for a header

// One line of server text, cut to `limit` characters (with an ellipsis), hidden characters shown.
QString oneLine(const QString &text, qsizetype limit)
{
    QString line = text.simplified();
    if (line.size() > limit)
        line = line.left(limit - 1) + u'\u2026';
    return showHidden(line);
}

// Several lines of server text, cut the same way; line breaks kept, other hidden characters shown.
QString lines(const QString &text, qsizetype limit)
{
    QString kept = text.trimmed();
    kept.replace(u"\r\n"_s, u"\n"_s);
    if (kept.size() > limit)
        kept = kept.left(limit - 1) + u'\u2026';
    return showHidden(kept, LineBreaks::Kept).replace(u'\t', u' ');
}

using Facts = QList<QPair<QString, QString>>;

Facts factsOf(const RelayEvent &event, const QDateTime &now)
{
    Facts facts;
    const QString name = event.text(u"subscriptionName"_s);
    const QString id = event.subscriptionId();
    facts.append({RelayFormat::tr("Subscription"),
                  oneLine(name.isEmpty() ? id : RelayFormat::tr("%1 (%2)").arg(name, id), kValueChars)});
    const QJsonArray resources = event.json().value(u"resourceIds").toArray();
    if (!resources.isEmpty()) {
        QString resource = oneLine(resources.first().toString(), kValueChars);
        if (resources.size() > 1)
            resource = RelayFormat::tr("%1 and %n more", nullptr, int(resources.size() - 1)).arg(resource);
        facts.append({RelayFormat::tr("Resource"), resource});
    }
    if (const QString type = event.text(u"resourceType"_s); !type.isEmpty())
        facts.append({RelayFormat::tr("Resource type"), oneLine(type, kValueChars)});
    if (const std::optional<qint64> left = event.secondsLeft(now)) {
        facts.append(
            {RelayFormat::tr("Time left"),
             RelayFormat::tr("%1 (expires %2 UTC)")
                 .arg(RelayEvent::durationText(*left), event.expiresAt().toUTC().toString(u"yyyy-MM-dd HH:mm"_s))});
    } else {
        facts.append({RelayFormat::tr("Status"), oneLine(event.text(u"status"_s), kValueChars)});
    }
    if (const QString by = event.text(u"decidedBy"_s); !by.isEmpty())
        facts.append({RelayFormat::tr("Decided by"), oneLine(by, kValueChars)});
    if (const QString reason = event.text(u"reason"_s); !reason.isEmpty())
        facts.append({RelayFormat::tr("Reason"), oneLine(reason, kValueChars)});
    facts.append({RelayFormat::tr("Request"), oneLine(event.requestId(), kValueChars)});
    if (const QString support = event.text(u"supportRequest"_s); !support.isEmpty())
        facts.append({RelayFormat::tr("Support request"), oneLine(support, kValueChars)});
    return facts;
}

QString portalLink(const RelayEvent &event)
{
    // Ours, not the server's, but checked all the same: only an https link becomes a button.
    const QUrl url = event.portalUrl();
    return url.isValid() && url.scheme() == u"https" ? url.toString(QUrl::FullyEncoded) : QString();
}

} // namespace

std::optional<RelayFormat::Kind> RelayFormat::fromName(const QString &name)
{
    for (const Kind kind : {Kind::Json, Kind::Teams, Kind::Slack}) {
        if (RelayFormat::name(kind) == name.toLower())
            return kind;
    }
    return std::nullopt;
}

QString RelayFormat::name(Kind kind)
{
    switch (kind) {
    case Kind::Json:
        return u"json"_s;
    case Kind::Teams:
        return u"teams"_s;
    case Kind::Slack:
        return u"slack"_s;
    }
    return {};
}

RelayFormat::Kind RelayFormat::guess(const QUrl &url)
{
    const QString host = url.host().toLower();
    if (host == u"hooks.slack.com")
        return Kind::Slack;
    const auto under = [&host](QStringView domain) {
        return host == domain
            || (host.endsWith(domain) && host.size() > domain.size()
                && host.at(host.size() - domain.size() - 1) == u'.');
    };
    if (under(u"webhook.office.com") || host == u"outlook.office.com" || under(u"logic.azure.com")
        || under(u"powerautomate.com") || under(u"powerplatform.com") || host == u"flow.microsoft.com")
        return Kind::Teams;
    return Kind::Json;
}

QString RelayFormat::teamsText(QStringView text)
{
    QStringList out;
    for (QStringView line : text.split(u'\n')) {
        QString escaped;
        escaped.reserve(line.size() + 8);
        for (const QChar c : line) {
            if (QStringView(u"\\*_[]~`").contains(c))
                escaped += u'\\';
            escaped += c;
        }
        // A line that starts like a list item ("- ", "+ ", "1. ") is not one.
        if (escaped.startsWith(u'-') || escaped.startsWith(u'+'))
            escaped.prepend(u'\\');
        qsizetype digits = 0;
        while (digits < escaped.size() && escaped.at(digits).isDigit())
            ++digits;
        if (digits > 0 && digits < escaped.size() && escaped.at(digits) == u'.')
            escaped.insert(digits, u'\\');
        out.append(escaped);
    }
    // A lone line break does not break a TextBlock's line; an empty line between does.
    return out.join(u"\n\n"_s);
}

QString RelayFormat::slackText(QStringView text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u'&')
            out += u"&amp;"_s;
        else if (c == u'<')
            out += u"&lt;"_s;
        else if (c == u'>')
            out += u"&gt;"_s;
        else
            out += c;
    }
    return out;
}

QByteArray RelayFormat::body(Kind kind, const RelayEvent &event, const QDateTime &now)
{
    switch (kind) {
    case Kind::Teams:
        return teams(event, now);
    case Kind::Slack:
        return slack(event, now);
    case Kind::Json:
        break;
    }
    return QJsonDocument(event.deliveredAt(now)).toJson(QJsonDocument::Compact);
}

QByteArray RelayFormat::teams(const RelayEvent &event, const QDateTime &now)
{
    QJsonArray body;
    body.append(QJsonObject {{u"type"_s, u"TextBlock"_s},
                             {u"text"_s, teamsText(oneLine(event.title(), kValueChars))},
                             {u"weight"_s, u"Bolder"_s},
                             {u"size"_s, u"Medium"_s},
                             {u"wrap"_s, true}});
    QJsonArray facts;
    for (const auto &[title, value] : factsOf(event, now))
        facts.append(QJsonObject {{u"title"_s, teamsText(title)}, {u"value"_s, teamsText(value)}});
    body.append(QJsonObject {{u"type"_s, u"FactSet"_s}, {u"facts"_s, facts}});
    if (const QString justification = lines(event.text(u"justification"_s), kJustificationChars);
        !justification.isEmpty()) {
        body.append(QJsonObject {{u"type"_s, u"TextBlock"_s},
                                 {u"text"_s, teamsText(tr("Justification: %1").arg(justification))},
                                 {u"wrap"_s, true}});
    }
    QJsonObject card {{u"$schema"_s, u"http://adaptivecards.io/schemas/adaptive-card.json"_s},
                      {u"type"_s, u"AdaptiveCard"_s},
                      {u"version"_s, u"1.4"_s},
                      {u"msteams"_s, QJsonObject {{u"width"_s, u"Full"_s}}},
                      {u"body"_s, body}};
    if (const QString link = portalLink(event); !link.isEmpty()) {
        card.insert(u"actions"_s,
                    QJsonArray {QJsonObject {{u"type"_s, u"Action.OpenUrl"_s},
                                             {u"title"_s, tr("Open in the Azure portal")},
                                             {u"url"_s, link}}});
    }
    const QJsonObject message {
        {u"type"_s, u"message"_s},
        {u"summary"_s, oneLine(event.title(), kValueChars)},
        {u"attachments"_s,
         QJsonArray {QJsonObject {{u"contentType"_s, u"application/vnd.microsoft.card.adaptive"_s},
                                  {u"contentUrl"_s, QJsonValue(QJsonValue::Null)},
                                  {u"content"_s, card}}}},
    };
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

QByteArray RelayFormat::slack(const RelayEvent &event, const QDateTime &now)
{
    const auto plain = [](const QString &text) {
        return QJsonObject {{u"type"_s, u"plain_text"_s}, {u"text"_s, text}, {u"emoji"_s, false}};
    };
    const QString title = oneLine(event.title(), kSlackHeaderChars);
    QJsonArray blocks;
    blocks.append(QJsonObject {{u"type"_s, u"header"_s}, {u"text"_s, plain(title)}});
    QJsonArray fields;
    for (const auto &[name, value] : factsOf(event, now)) {
        if (fields.size() < 10) // Slack's limit
            fields.append(plain(tr("%1: %2").arg(name, value)));
    }
    blocks.append(QJsonObject {{u"type"_s, u"section"_s}, {u"fields"_s, fields}});
    if (const QString justification = lines(event.text(u"justification"_s), kJustificationChars);
        !justification.isEmpty()) {
        blocks.append(
            QJsonObject {{u"type"_s, u"section"_s}, {u"text"_s, plain(tr("Justification: %1").arg(justification))}});
    }
    if (const QString link = portalLink(event); !link.isEmpty()) {
        blocks.append(QJsonObject {
            {u"type"_s, u"actions"_s},
            {u"elements"_s,
             QJsonArray {QJsonObject {
                 {u"type"_s, u"button"_s}, {u"text"_s, plain(tr("Open in the Azure portal"))}, {u"url"_s, link}}}}});
    }
    // The notification's text is mrkdwn: escaped, so that no server text becomes a link or mention.
    QString summary = title;
    const QString resource = event.resource();
    const QString what = resource.isEmpty() ? event.text(u"resourceType"_s) : resource.section(u'/', -1);
    if (!what.isEmpty())
        summary += tr(": %1").arg(oneLine(what, kValueChars));
    const QString where = oneLine(event.subscriptionText(), kValueChars);
    if (!where.isEmpty())
        summary += tr(" in %1").arg(where);
    const QJsonObject message {{u"text"_s, slackText(summary)}, {u"blocks"_s, blocks}};
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

} // namespace lockbox::engine
