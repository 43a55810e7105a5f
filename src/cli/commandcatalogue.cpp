#include "commandcatalogue.h"

#include "auditcommand.h"
#include "decidecommand.h"
#include "listcommand.h"
#include "logincommand.h"
#include "logoutcommand.h"
#include "queuecommand.h"
#include "showcommand.h"
#include "subscriptionscommand.h"
#include "synccommand.h"
#include "tenantcommand.h"
#include "watchcommand.h"
#include "whoamicommand.h"
#include "withdrawcommand.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// Options more than one command takes, worded once.
const OptionDescription kSubscriptions = {
    u"subscription", u"S",
    QT_TRANSLATE_NOOP("lockbox::cli",
                      "only this subscription (repeat the option for more); default: every "
                      "subscription the sign-in can see"),
    true};
const OptionDescription kTenant = {
    u"tenant", u"ID",
    QT_TRANSLATE_NOOP("lockbox::cli",
                      "the tenant (default: the signed-in account's, else that of the first "
                      "subscription the sign-in can see)")};
const OptionDescription kYes = {
    u"yes",
    {},
    QT_TRANSLATE_NOOP("lockbox::cli",
                      "do not ask to type the tenant id; needed where standard input is not a "
                      "terminal")};

QList<CommandDescription> describeCommands()
{
    QList<CommandDescription> commands;
    commands.append({
        {u"sync"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "one sync now; prints what changed"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Reads Azure's Lockbox requests into the local cache and prints what changed. Without "
                          "--full only pending requests are polled, except for subscriptions never fully synced or "
                          "due for a full list (every 15 minutes). Decisions still queued from an earlier failure "
                          "are sent first.\n\n"
                          "With --import-activity-log it then imports the Lockbox events of the same subscriptions' "
                          "Activity Log into the audit trail (importing twice adds nothing) and prints one line "
                          "on what the trail holds; 'audit' lists the records."),
        {{u"full", {}, QT_TRANSLATE_NOOP("lockbox::cli", "list every request, not only the pending ones")},
         {u"import-activity-log",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "then import the Lockbox events of Azure's Activity Log (last 89 days) and summarise "
                            "them")},
         kSubscriptions},
        &createCommand<SyncCommand>,
    });
    commands.append({
        {u"list"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "requests from the cache"),
        QT_TRANSLATE_NOOP("lockbox::cli", "Lists requests from the local cache (run 'sync' to refresh it)."),
        {{u"status", u"STATUS",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "pending (the default): waiting for a decision; active: approved and still inside the "
                            "access duration; history: everything else; all; or one of Azure's statuses, e.g. "
                            "Approved")},
         {u"subscription", u"S",
          QT_TRANSLATE_NOOP("lockbox::cli", "only requests of this subscription (repeat the option for more)"), true},
         {u"search", u"TEXT",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "only requests with TEXT in their id, subscription, status, justification, resource "
                            "type, resources or support case")}},
        &createCommand<ListCommand>,
    });
    commands.append({
        {u"show"_s},
        u"ID",
        QT_TRANSLATE_NOOP("lockbox::cli", "one request with its timeline"),
        QT_TRANSLATE_NOOP("lockbox::cli", "One request from the cache, with every field and its timeline."),
        {},
        &createCommand<ShowCommand>,
    });
    commands.append({
        {u"approve"_s},
        u"ID",
        QT_TRANSLATE_NOOP("lockbox::cli", "approve; exit 0 only when Azure accepted"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Approves a pending request. Exit 0 only when Azure accepted the decision; when it could "
                          "not be sent, it stays queued (see 'queue') and goes out at the next sync."),
        {{u"reason", u"R",
          QT_TRANSLATE_NOOP("lockbox::cli", "why; sent with the decision and kept in the audit trail")}},
        &createCommand<DecideCommand>,
    });
    commands.append({
        {u"deny"_s},
        u"ID",
        QT_TRANSLATE_NOOP("lockbox::cli", "deny"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Denies a pending request; the reason is required. Exit 0 only when Azure accepted the "
                          "decision; when it could not be sent, it stays queued (see 'queue') and goes out at the "
                          "next sync."),
        {{u"reason", u"R",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "why (required); Microsoft Support sees it, and it is kept in the audit trail"),
          false, true}},
        &createCommand<DecideCommand>,
    });
    commands.append({
        {u"queue"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "decisions not yet acknowledged"),
        QT_TRANSLATE_NOOP("lockbox::cli", "Shows the decisions not yet acknowledged by Azure."),
        {},
        &createCommand<QueueCommand>,
    });
    commands.append({
        {u"queue"_s, u"withdraw"_s},
        u"ID",
        QT_TRANSLATE_NOOP("lockbox::cli", "withdraw a queued decision"),
        QT_TRANSLATE_NOOP("lockbox::cli", "Withdraws the queued decision on request ID before it is sent."),
        {},
        &createCommand<WithdrawCommand>,
    });
    commands.append({
        {u"audit"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "the audit trail"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Shows the local audit trail: every decision queued, sent, acknowledged, failed or "
                          "withdrawn, and the events imported from Azure's Activity Log, in order of event time, "
                          "oldest first (records of the same time in the order they were recorded); the same for "
                          "--format csv and json. The console's history and its export list newest first."),
        {{u"since", u"T", QT_TRANSLATE_NOOP("lockbox::cli", "records from T on (an ISO 8601 date or date-time, UTC)")},
         {u"until", u"T", QT_TRANSLATE_NOOP("lockbox::cli", "records up to T (a date counts to its end)")},
         {u"request", u"ID", QT_TRANSLATE_NOOP("lockbox::cli", "only the records of request ID")},
         {u"verify",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "check the hash chain instead; exit 6 when a record was altered, removed, reordered or "
                            "inserted")},
         {u"import-activity-log",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "first import the Lockbox events of Azure's Activity Log (last 89 days); without "
                            "--since, --until or --request it then says how many were new instead of listing the "
                            "whole trail")},
         {u"subscription", u"S",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "the subscription whose Activity Log to import (repeat the option for more); default: "
                            "those in the cache"),
          true}},
        &createCommand<AuditCommand>,
    });
    commands.append({
        {u"subscriptions"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "subscriptions the signed-in user can see"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Lists the subscriptions the signed-in user or application can see. --format json prints "
                          "an array of objects with subscriptionId, displayName, state and tenantId."),
        {},
        &createCommand<SubscriptionsCommand>,
    });
    commands.append({
        {u"tenant"_s, u"status"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "whether Customer Lockbox is enabled for the tenant"),
        QT_TRANSLATE_NOOP("lockbox::cli", "Says whether Customer Lockbox is enabled for the tenant."),
        {kTenant},
        &createCommand<TenantCommand>,
    });
    commands.append({
        {u"tenant"_s, u"enable"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "enable Customer Lockbox for the whole tenant"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Enables Customer Lockbox for every subscription of the tenant, which only a Global "
                          "Administrator may do (exit 3 otherwise). It asks you to type the tenant id to confirm; "
                          "where standard input is not a terminal, pass --yes instead."),
        {kTenant, kYes},
        &createCommand<TenantCommand>,
    });
    commands.append({
        {u"tenant"_s, u"disable"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "disable it: Microsoft Support then needs no consent"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Disables Customer Lockbox for the tenant: Microsoft Support then accesses customer data "
                          "without asking anyone. Only a Global Administrator may do it (exit 3 otherwise). It asks "
                          "you to type the tenant id to confirm; where standard input is not a terminal, pass --yes "
                          "instead."),
        {kTenant, kYes},
        &createCommand<TenantCommand>,
    });
    commands.append({
        {u"watch"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "stay running and relay each alert: new, reminder, decided, expired"),
        QT_TRANSLATE_NOOP(
            "lockbox::cli",
            "Stays running, syncs every --interval seconds and relays what the alert policy tells, as the console's "
            "alerts do: a new pending request, a reminder before one expires, a request decided (by whom, when the "
            "profile knows) and one that expired or ended. Each event is printed as one line (a JSON object per line "
            "with --format json) and delivered to each --exec command and webhook. Which events alert, the reminder "
            "lead time and quiet hours are the profile's alert settings, shared with the console. SIGTERM or Ctrl+C "
            "stops it; one watch runs per profile.\n\n"
            "Every event is written to the profile's alert journal before it is delivered, and delivered from there: "
            "at least once to each target, and never twice after a restart. A target that cannot take it now (a 5xx, "
            "408 or 429 answer, a network failure, a command that fails or runs past --exec-timeout) gets it again "
            "later, waiting twice as long each time up to 5 minutes and as long as a Retry-After asks; a webhook "
            "that refuses it (any other 4xx) is reported once on standard error. What happened while no watch ran "
            "is relayed at the next start, except on a target's very first run: requests already pending then are "
            "recorded as seen, not relayed (--include-existing relays them).\n\n"
            "--exec runs its command with /bin/sh -c, the event as JSON on standard input and its key fields in "
            "LOCKBOX_EVENT (new, reminder, decided, expired, removed, ended), LOCKBOX_EVENT_ID, LOCKBOX_TITLE, "
            "LOCKBOX_REQUEST_ID, LOCKBOX_SUBSCRIPTION_ID, LOCKBOX_SUBSCRIPTION_NAME, LOCKBOX_RESOURCE, "
            "LOCKBOX_RESOURCE_TYPE, LOCKBOX_STATUS, LOCKBOX_EXPIRES, LOCKBOX_SECONDS_LEFT, LOCKBOX_VERDICT, "
            "LOCKBOX_DECIDED_BY and LOCKBOX_PORTAL_URL; nothing of the event is put into the command's text, and "
            "neither LOCKBOX_CLIENT_SECRET nor the token variable reaches it. Exit 0 means delivered.\n\n"
            "A webhook gets a message Microsoft Teams (an Adaptive Card, as Teams workflows and incoming webhooks "
            "take it) or Slack (text and blocks) shows, or the event's JSON. Its address must be https:// (plain "
            "http only to this machine) and is a secret: give it with --webhook-file or --webhook-env rather than "
            "--webhook, which other users can read in the process list."),
        {{u"interval", u"S", QT_TRANSLATE_NOOP("lockbox::cli", "seconds between two polls (default 60)")},
         kSubscriptions,
         {u"exec", u"CMD",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "run CMD (with /bin/sh -c) for each event, the event as JSON on standard input (repeat "
                            "the option for more)"),
          true},
         {u"exec-timeout", u"S",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "seconds a command may run before it is stopped and tried again (default 60)")},
         {u"webhook-file", u"PATH",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "post each event to the incoming webhook whose address is in this file (one address a "
                            "line; keep the file private: chmod 600)"),
          true},
         {u"webhook-env", u"VAR",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "post each event to the webhook whose address is in the environment "
                            "variable VAR"),
          true},
         {u"webhook", u"URL",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "post each event to this webhook (visible to other users in the process list: prefer "
                            "--webhook-file)"),
          true},
         {u"webhook-format", u"F",
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "teams, slack or json (default: by the host: hooks.slack.com is slack, "
                            "*.webhook.office.com, *.logic.azure.com and Power Automate are teams, any other json)")},
         {u"include-existing",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli", "on a target's first run, relay the requests already pending too")}},
        &createCommand<WatchCommand>,
    });
    commands.append({
        {u"login"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "sign in; later commands renew tokens by themselves"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Signs the profile in with Microsoft Entra ID; later commands on the profile renew their "
                          "tokens by themselves until 'logout'. What renews them (the refresh token; for "
                          "--client-secret, the secret) is kept in the system keychain (Secret Service), never in "
                          "the profile. Without a keychain you have to sign in each time.\n\n"
                          "The global --authority URL and --endpoint URL override the cloud's authority and ARM "
                          "endpoint (for example lockbox-sim's base URL for both)."),
        {{u"device-code",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli", "(the default) shows a code to enter at a web page, on any device"),
          false,
          false,
          1},
         {u"browser",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli", "opens the browser; the answer comes back to 127.0.0.1 on this machine"),
          false,
          false,
          1},
         {u"az-cli",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli", "uses the Azure CLI's sign-in ('az login'); asks az for each token"),
          false,
          false,
          1},
         {u"client-secret",
          {},
          QT_TRANSLATE_NOOP("lockbox::cli",
                            "signs in as an application: --tenant and --client-id are required and the secret is "
                            "read from the environment variable LOCKBOX_CLIENT_SECRET"),
          false,
          false,
          1},
         {u"tenant", u"T", QT_TRANSLATE_NOOP("lockbox::cli", "tenant id or domain (default: organizations)")},
         {u"client-id", u"C",
          QT_TRANSLATE_NOOP("lockbox::cli", "the application (default: the Azure CLI's public client)")},
         {u"cloud", u"NAME",
          QT_TRANSLATE_NOOP("lockbox::cli", "public (default), usgov or china: sets the sign-in authority and ARM")},
         {u"no-browser", {}, QT_TRANSLATE_NOOP("lockbox::cli", "with --browser, only print the address to open")}},
        &createCommand<LoginCommand>,
    });
    commands.append({
        {u"logout"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "sign out: remove the keychain secrets and the account"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Signs the profile out: removes its secrets from the keychain and forgets the account. "
                          "Says what was removed."),
        {},
        &createCommand<LogoutCommand>,
    });
    commands.append({
        {u"whoami"_s},
        {},
        QT_TRANSLATE_NOOP("lockbox::cli", "who is signed in, where, and until when"),
        QT_TRANSLATE_NOOP("lockbox::cli",
                          "Who the profile is signed in as: user or application, tenant, cloud, authority, "
                          "endpoint, how it signed in and when the current token expires (it renews the token to "
                          "find out)."),
        {},
        &createCommand<WhoamiCommand>,
    });
    return commands;
}

} // namespace

const QList<CommandDescription> &commandDescriptions()
{
    static const QList<CommandDescription> commands = describeCommands();
    return commands;
}

const QList<OptionDescription> &globalOptionDescriptions()
{
    static const QList<OptionDescription> options = {
        {u"endpoint", u"URL",
         QT_TRANSLATE_NOOP("lockbox::cli",
                           "Azure Resource Manager (default https://management.azure.com; remembered in the "
                           "profile); plain http only to 127.0.0.1, ::1 or localhost")},
        {u"authority", u"URL",
         QT_TRANSLATE_NOOP("lockbox::cli",
                           "Entra ID sign-in authority for login (default per --cloud; remembered with the account)")},
        {u"profile", u"DIR", QT_TRANSLATE_NOOP("lockbox::cli", "where the cache, audit trail and settings live")},
        {u"format", u"F", QT_TRANSLATE_NOOP("lockbox::cli", "table (default), json or csv")},
        {u"token-env", u"VAR",
         QT_TRANSLATE_NOOP("lockbox::cli",
                           "read the bearer token from environment variable VAR (remembered; for automation without "
                           "login)")},
        {u"timeout", u"S", QT_TRANSLATE_NOOP("lockbox::cli", "per-request timeout in seconds (default 30)")},
        {u"concurrency", u"N",
         QT_TRANSLATE_NOOP("lockbox::cli", "subscriptions synced at once, sharing one ARM read budget (default 4)")},
        {u"verbose",
         {},
         QT_TRANSLATE_NOOP("lockbox::cli", "log what happens on standard error"),
         false,
         false,
         0,
         u'v'},
        {u"help",
         {},
         QT_TRANSLATE_NOOP("lockbox::cli", "this text; after a command, that command's help"),
         false,
         false,
         0,
         u'h'},
        {u"version", {}, QT_TRANSLATE_NOOP("lockbox::cli", "the version of lockboxctl")},
    };
    return options;
}

const CommandDescription *findCommand(const QStringList &words)
{
    for (const CommandDescription &command : commandDescriptions()) {
        if (command.words == words)
            return &command;
    }
    return nullptr;
}

QStringList subCommandsOf(const QString &word)
{
    QStringList subCommands;
    for (const CommandDescription &command : commandDescriptions()) {
        if (command.words.size() > 1 && command.words.first() == word)
            subCommands.append(command.words.at(1));
    }
    return subCommands;
}

} // namespace lockbox::cli
