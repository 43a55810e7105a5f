#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringView>
#include <QUrl>

#include <optional>

namespace lockbox::engine {

class RelayEvent;

// What a relay webhook posts: the event's JSON as it is, or a message a chat's incoming webhook
// shows. Server text goes into plain-text fields where the target has them and is escaped for
// its markup where it has not; characters that hide or reorder words are shown as \uXXXX.
class RelayFormat final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::engine::RelayFormat)

public:
    enum class Kind {
        Json,  // the event (RelayEvent::deliveredAt)
        Teams, // a message with an Adaptive Card in "attachments": Teams workflows ("When a Teams
               // webhook request is received") and the older incoming webhooks take it
        Slack, // "text" (the notification) and "blocks"
    };

    static std::optional<Kind> fromName(const QString &name); // "json", "teams", "slack"
    static QString name(Kind kind);
    // By the host: hooks.slack.com is Slack; *.webhook.office.com, outlook.office.com,
    // *.logic.azure.com and Power Automate's hosts are Teams; anything else gets the JSON.
    static Kind guess(const QUrl &url);

    static QByteArray body(Kind kind, const RelayEvent &event, const QDateTime &now);

    // Text for an Adaptive Card's TextBlock or fact (a subset of Markdown): what Markdown would
    // read as formatting is escaped with a backslash, one line per line of `text`.
    static QString teamsText(QStringView text);
    // Text for Slack's mrkdwn: &, < and > as entities, so that nothing becomes a link or mention.
    static QString slackText(QStringView text);

private:
    static QByteArray teams(const RelayEvent &event, const QDateTime &now);
    static QByteArray slack(const RelayEvent &event, const QDateTime &now);
};

} // namespace lockbox::engine
