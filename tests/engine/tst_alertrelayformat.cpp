// What the relay (lockboxctl watch) hands its targets, without a process or a socket: the event's
// JSON, time left, the guess of a webhook's format from its host, Teams' and Slack's escaping, the
// webhook address rule, and the environment a command gets (never a secret of lockboxctl's).

#include "engine/alertrelayevent.h"
#include "engine/alertrelayexec.h"
#include "engine/alertrelayformat.h"
#include "engine/alertrelaywebhook.h"
#include "support/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::engine::Alert;
using lockbox::engine::RelayEvent;
using lockbox::engine::RelayExecTarget;
using lockbox::engine::RelayFormat;
using lockbox::engine::RelayWebhookTarget;

namespace {

const QDateTime kNow(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);

Alert newAlert(const QString &justification = u"Restart the AKS cluster"_s)
{
    Alert alert;
    alert.kind = Alert::Kind::New;
    alert.at = kNow;
    alert.request.requestId = u"3F2C0A10-0000-4000-8000-000000000001"_s;
    alert.request.subscriptionId = u"sub-1"_s;
    alert.request.subscriptionName = u"Contoso Energy \u2013 Production"_s;
    alert.request.status = RequestStatus(RequestStatus::Kind::Pending);
    alert.request.resourceType = u"Microsoft.Compute/virtualMachines"_s;
    alert.request.resourceIds = {
        u"/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1"_s,
        u"/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2"_s};
    alert.request.justification = justification;
    alert.request.deadline = kNow.addSecs(3 * 24 * 3600 + 4 * 3600);
    return alert;
}

RelayEvent eventOf(const Alert &alert, const QString &decidedBy = {})
{
    return RelayEvent::of(alert, nullptr, decidedBy, RelayEvent::portalUrlFor(QUrl(u"https://management.azure.com"_s)));
}

} // namespace

class TestAlertRelayFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventJson();
    void decidedEvent();
    void portalOfEachCloud();
    void guessesTheFormatFromTheHost_data();
    void guessesTheFormatFromTheHost();
    void webhookAddresses_data();
    void webhookAddresses();
    void teamsCard();
    void slackMessage();
    void commandEnvironmentHoldsNoSecret();
};

void TestAlertRelayFormat::eventJson()
{
    const RelayEvent event = eventOf(newAlert());
    QCOMPARE(event.eventId(), u"3f2c0a10-0000-4000-8000-000000000001:new"_s);
    QCOMPARE(event.kind(), u"new"_s);
    QCOMPARE(event.requestId(), u"3F2C0A10-0000-4000-8000-000000000001"_s);
    QCOMPARE(event.resource(), newAlert().request.resourceIds.first());
    QCOMPARE(event.expiresAt(), kNow.addSecs(3 * 24 * 3600 + 4 * 3600));
    QCOMPARE(event.timeLeftText(kNow), u"3 d 4 h left"_s);
    QVERIFY(event.json().value(u"verdict").isNull());
    QVERIFY(event.json().value(u"decidedBy").isNull());
    // As delivered later, the time left is counted then.
    const QJsonObject later = event.deliveredAt(kNow.addSecs(3600));
    QCOMPARE(later.value(u"secondsLeft").toInteger(), qint64(3 * 24 * 3600 + 3 * 3600));
    // It goes to the journal as text and comes back the same.
    QCOMPARE(RelayEvent::fromJson(event.toJson()).json(), event.json());
    QVERIFY(!RelayEvent::fromJson(u"not json"_s).isValid());
    QCOMPARE(RelayEvent::journalEvent(Alert::Kind::Expired), u"outcome"_s);
    QCOMPARE(RelayEvent::durationText(59), u"less than a minute"_s);
    QCOMPARE(RelayEvent::durationText(0), u"expired"_s);
}

void TestAlertRelayFormat::decidedEvent()
{
    Alert alert = newAlert();
    alert.kind = Alert::Kind::DecidedElsewhere;
    alert.request.status = RequestStatus(RequestStatus::Kind::Denied);
    const RelayEvent event = eventOf(alert, u"riley@contoso.example"_s);
    QCOMPARE(event.kind(), u"decided"_s);
    QCOMPARE(event.json().value(u"verdict").toString(), u"Deny"_s);
    QCOMPARE(event.json().value(u"decidedHere").toBool(), false);
    QCOMPARE(event.title(), u"Lockbox request denied by riley@contoso.example"_s);
    QVERIFY(event.timeLeftText(kNow).isEmpty()); // no longer Pending
    QCOMPARE(event.eventId(), u"3f2c0a10-0000-4000-8000-000000000001:outcome"_s);
}

void TestAlertRelayFormat::portalOfEachCloud()
{
    QCOMPARE(RelayEvent::portalUrlFor(QUrl(u"https://management.usgovcloudapi.net"_s)).host(), u"portal.azure.us"_s);
    QCOMPARE(RelayEvent::portalUrlFor(QUrl(u"https://management.chinacloudapi.cn"_s)).host(), u"portal.azure.cn"_s);
    QCOMPARE(RelayEvent::portalUrlFor(QUrl(u"http://127.0.0.1:4000"_s)).host(), u"portal.azure.com"_s);
}

void TestAlertRelayFormat::guessesTheFormatFromTheHost_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("format");
    QTest::newRow("slack") << u"https://hooks.slack.com/services/T0/B0/x"_s << u"slack"_s;
    QTest::newRow("office connector") << u"https://contoso.webhook.office.com/webhookb2/x"_s << u"teams"_s;
    QTest::newRow("teams workflow") << u"https://prod-12.westeurope.logic.azure.com:443/workflows/x"_s << u"teams"_s;
    QTest::newRow("power automate") << u"https://default1.environment.api.powerplatform.com/x"_s << u"teams"_s;
    QTest::newRow("look-alike") << u"https://webhook.office.com.evil.example/x"_s << u"json"_s;
    QTest::newRow("suffix without dot") << u"https://notlogic.azure.com/x"_s << u"json"_s;
    QTest::newRow("anything else") << u"https://relay.example/x"_s << u"json"_s;
}

void TestAlertRelayFormat::guessesTheFormatFromTheHost()
{
    QFETCH(QString, url);
    QFETCH(QString, format);
    QCOMPARE(RelayFormat::name(RelayFormat::guess(QUrl(url))), format);
}

void TestAlertRelayFormat::webhookAddresses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("https") << u"https://hooks.slack.com/services/x"_s << true;
    QTest::newRow("loopback http") << u"http://127.0.0.1:8080/hook"_s << true;
    QTest::newRow("localhost http") << u"http://localhost/hook"_s << true;
    QTest::newRow("remote http") << u"http://hooks.example/secret"_s << false;
    QTest::newRow("user info") << u"https://user:pw@hooks.example/x"_s << false;
    QTest::newRow("relative") << u"hooks/x"_s << false;
    QTest::newRow("ftp") << u"ftp://hooks.example/x"_s << false;
}

void TestAlertRelayFormat::webhookAddresses()
{
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    const QString problem = RelayWebhookTarget::problemWith(QUrl(url));
    QCOMPARE(problem.isEmpty(), accepted);
    // The address's path and credentials are its secret: never in the message.
    QVERIFY2(!problem.contains(u"secret"_s) && !problem.contains(u"pw"_s), qPrintable(problem));
}

void TestAlertRelayFormat::teamsCard()
{
    QCOMPARE(RelayFormat::teamsText(u"a *b* _c_ [d](e) `f` ~g~ \\"_s),
             u"a \\*b\\* \\_c\\_ \\[d\\](e) \\`f\\` \\~g\\~ \\\\"_s);
    QCOMPARE(RelayFormat::teamsText(u"- item\n1. first\n+ plus"_s), u"\\- item\n\n1\\. first\n\n\\+ plus"_s);

    const RelayEvent event = eventOf(newAlert(u"Run **this** \u202Etxt.exe"_s));
    const QJsonObject message =
        QJsonDocument::fromJson(RelayFormat::body(RelayFormat::Kind::Teams, event, kNow)).object();
    QCOMPARE(message.value(u"type").toString(), u"message"_s);
    const QJsonObject attachment = message.value(u"attachments").toArray().first().toObject();
    QCOMPARE(attachment.value(u"contentType").toString(), u"application/vnd.microsoft.card.adaptive"_s);
    const QJsonObject card = attachment.value(u"content").toObject();
    QCOMPARE(card.value(u"type").toString(), u"AdaptiveCard"_s);
    const QJsonArray body = card.value(u"body").toArray();
    QCOMPARE(body.first().toObject().value(u"text").toString(), u"New Lockbox request"_s);
    QStringList facts;
    for (const QJsonValue &f : body.at(1).toObject().value(u"facts").toArray())
        facts.append(f.toObject().value(u"title").toString() + u'=' + f.toObject().value(u"value").toString());
    QVERIFY2(facts.contains(u"Subscription=Contoso Energy \u2013 Production (sub-1)"_s), qPrintable(facts.join(u'|')));
    QVERIFY2(facts.contains(u"Resource=/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/"
                            "virtualMachines/vm-1 and 1 more"_s),
             qPrintable(facts.join(u'|')));
    QVERIFY2(facts.contains(u"Time left=3 d 4 h (expires 2026-11-05 13:30 UTC)"_s), qPrintable(facts.join(u'|')));
    const QString justification = body.at(2).toObject().value(u"text").toString();
    // The bidi override shown as \u202E, its backslash escaped so that Markdown shows it too.
    QCOMPARE(justification, u"Justification: Run \\*\\*this\\*\\* \\\\u202Etxt.exe"_s);
    QCOMPARE(card.value(u"actions").toArray().first().toObject().value(u"url").toString(),
             u"https://portal.azure.com/#view/Microsoft_Azure_Lockbox/LockboxMenu/~/Overview"_s);
}

void TestAlertRelayFormat::slackMessage()
{
    QCOMPARE(RelayFormat::slackText(u"<!channel> & <https://x|y>"_s), u"&lt;!channel&gt; &amp; &lt;https://x|y&gt;"_s);
    Alert alert = newAlert(u"<!here> please"_s);
    alert.request.resourceIds = {u"/subscriptions/sub-1/providers/X/<@U123>"_s};
    const QJsonObject message =
        QJsonDocument::fromJson(RelayFormat::body(RelayFormat::Kind::Slack, eventOf(alert), kNow)).object();
    QCOMPARE(message.value(u"text").toString(),
             u"New Lockbox request: &lt;@U123&gt; in Contoso Energy \u2013 Production"_s);
    const QJsonArray blocks = message.value(u"blocks").toArray();
    QCOMPARE(blocks.at(0).toObject().value(u"type").toString(), u"header"_s);
    // Server text goes in plain-text fields, which Slack never reads as markup.
    for (const QJsonValue &field : blocks.at(1).toObject().value(u"fields").toArray())
        QCOMPARE(field.toObject().value(u"type").toString(), u"plain_text"_s);
    const QJsonObject justification = blocks.at(2).toObject().value(u"text").toObject();
    QCOMPARE(justification.value(u"type").toString(), u"plain_text"_s);
    QCOMPARE(justification.value(u"text").toString(), u"Justification: <!here> please"_s);
    QCOMPARE(blocks.at(3).toObject().value(u"type").toString(), u"actions"_s);
    // The JSON format is the event itself, with the time left at delivery.
    const QJsonObject json =
        QJsonDocument::fromJson(RelayFormat::body(RelayFormat::Kind::Json, eventOf(alert), kNow)).object();
    QCOMPARE(json.value(u"kind").toString(), u"new"_s);
    QCOMPARE(json.value(u"secondsLeft").toInteger(), qint64(3 * 24 * 3600 + 4 * 3600));
}

void TestAlertRelayFormat::commandEnvironmentHoldsNoSecret()
{
    QProcessEnvironment base;
    base.insert(u"PATH"_s, u"/usr/bin"_s);
    base.insert(u"LOCKBOX_CLIENT_SECRET"_s, u"canary-secret"_s);
    base.insert(u"LOCKBOX_TOKEN"_s, u"canary-token"_s);
    base.insert(u"ARM_TOKEN"_s, u"canary-arm"_s);
    base.insert(u"TEAM_HOOK"_s, u"https://hooks.slack.com/canary"_s);
    base.insert(u"LOCKBOX_EVENT"_s, u"forged"_s);
    const RelayEvent event = eventOf(newAlert(u"line one\nline two \u202E"_s));
    const QProcessEnvironment env =
        RelayExecTarget::environmentFor(event, kNow, base, {u"ARM_TOKEN"_s, u"TEAM_HOOK"_s});
    QCOMPARE(env.value(u"PATH"_s), u"/usr/bin"_s);
    for (const QString &name : env.keys())
        QVERIFY2(!env.value(name).contains(u"canary"_s), qPrintable(name));
    QVERIFY(!env.contains(u"LOCKBOX_CLIENT_SECRET"_s));
    QVERIFY(!env.contains(u"LOCKBOX_TOKEN"_s));
    QCOMPARE(env.value(u"LOCKBOX_EVENT"_s), u"new"_s);
    QCOMPARE(env.value(u"LOCKBOX_REQUEST_ID"_s), u"3F2C0A10-0000-4000-8000-000000000001"_s);
    QCOMPARE(env.value(u"LOCKBOX_SUBSCRIPTION_NAME"_s), u"Contoso Energy \u2013 Production"_s);
    QCOMPARE(env.value(u"LOCKBOX_SECONDS_LEFT"_s), QString::number(3 * 24 * 3600 + 4 * 3600));
    QCOMPARE(env.value(u"LOCKBOX_EXPIRES"_s), u"2026-11-05T13:30:00.000Z"_s);
    QCOMPARE(env.value(u"LOCKBOX_VERDICT"_s), QString());
}

QTEST_GUILESS_MAIN(TestAlertRelayFormat)
#include "tst_alertrelayformat.moc"
