<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ArmError</name>
    <message numerus="yes">
        <source>Azure is throttling this client (429). Try again in %n second(s).</source>
        <translation>
            <numerusform>Azure is throttling this client (429). Try again in %n second.</numerusform>
            <numerusform>Azure is throttling this client (429). Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::AzureCliTokenProvider</name>
    <message numerus="yes">
        <source>Azure CLI did not answer within %n second(s)</source>
        <translation>
            <numerusform>Azure CLI did not answer within %n second</numerusform>
            <numerusform>Azure CLI did not answer within %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::BrowserFlow</name>
    <message numerus="yes">
        <source>Nobody finished the sign-in in the browser within %n minute(s).</source>
        <translation>
            <numerusform>Nobody finished the sign-in in the browser within %n minute.</numerusform>
            <numerusform>Nobody finished the sign-in in the browser within %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::AuditCommand</name>
    <message numerus="yes">
        <source>imported %n new Activity Log record(s)
</source>
        <translation>
            <numerusform>imported %n new Activity Log record
</numerusform>
            <numerusform>imported %n new Activity Log records
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new Activity Log record(s). &apos;lockboxctl audit --since DATE&apos; lists the trail.
</source>
        <translation>
            <numerusform>Imported %n new Activity Log record. &apos;lockboxctl audit --since DATE&apos; lists the trail.
</numerusform>
            <numerusform>Imported %n new Activity Log records. &apos;lockboxctl audit --since DATE&apos; lists the trail.
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::CommandOptions</name>
    <message numerus="yes">
        <source>&apos;%1&apos; needs %n argument(s); see &apos;lockboxctl help %1&apos;</source>
        <translation>
            <numerusform>&apos;%1&apos; needs %n argument; see &apos;lockboxctl help %1&apos;</numerusform>
            <numerusform>&apos;%1&apos; needs %n arguments; see &apos;lockboxctl help %1&apos;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::ShowCommand</name>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::SyncCommand</name>
    <message numerus="yes">
        <source>for %n subscription(s)</source>
        <translation>
            <numerusform>for %n subscription</numerusform>
            <numerusform>for %n subscriptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Activity Log: no Lockbox events in the last %n day(s) %1.
</source>
        <translation>
            <numerusform>Activity Log: no Lockbox events in the last %n day %1.
</numerusform>
            <numerusform>Activity Log: no Lockbox events in the last %n days %1.
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Activity Log: %n record(s) %1, %2 … %3 (%4 new). &apos;lockboxctl audit --since %2&apos; lists them.
</source>
        <translation>
            <numerusform>Activity Log: %n record %1, %2 … %3 (%4 new). &apos;lockboxctl audit --since %2&apos; lists them.
</numerusform>
            <numerusform>Activity Log: %n records %1, %2 … %3 (%4 new). &apos;lockboxctl audit --since %2&apos; lists them.
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::cli::WatchCommand</name>
    <message numerus="yes">
        <source>lockboxctl: first run for a target: %n pending request(s) recorded as seen, not relayed (--include-existing relays them)
</source>
        <translation>
            <numerusform>lockboxctl: first run for a target: %n pending request recorded as seen, not relayed (--include-existing relays them)
</numerusform>
            <numerusform>lockboxctl: first run for a target: %n pending requests recorded as seen, not relayed (--include-existing relays them)
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lockboxctl: %n event(s) from while no watch ran queued for delivery
</source>
        <translation>
            <numerusform>lockboxctl: %n event from while no watch ran queued for delivery
</numerusform>
            <numerusform>lockboxctl: %n events from while no watch ran queued for delivery
</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lockboxctl: %1: delivered %2 after %n attempt(s)</source>
        <translation>
            <numerusform>lockboxctl: %1: delivered %2 after %n attempt</numerusform>
            <numerusform>lockboxctl: %1: delivered %2 after %n attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::engine::RelayFormat</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AuditCharts</name>
    <message numerus="yes">
        <source>%n request(s) created from %1 to %2 match the filters</source>
        <translation>
            <numerusform>%n request created from %1 to %2 match the filters</numerusform>
            <numerusform>%n requests created from %1 to %2 match the filters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) created from %1 to %2</source>
        <translation>
            <numerusform>%n request created from %1 to %2</numerusform>
            <numerusform>%n requests created from %1 to %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::AuditView</name>
    <message numerus="yes">
        <source>Audit log intact: %n record(s) verified.</source>
        <translation>
            <numerusform>Audit log intact: %n record verified.</numerusform>
            <numerusform>Audit log intact: %n records verified.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>Exported %n record to %1.</numerusform>
            <numerusform>Exported %n records to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::DecisionDialog</name>
    <message numerus="yes">
        <source>%n h (Microsoft&apos;s default)</source>
        <translation>
            <numerusform>%n h (Microsoft&apos;s default)</numerusform>
            <numerusform>%n h (Microsoft&apos;s default)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approve %n Lockbox requests</source>
        <translation>
            <numerusform>Approve %n Lockbox request</numerusform>
            <numerusform>Approve %n Lockbox requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deny %n Lockbox requests</source>
        <translation>
            <numerusform>Deny %n Lockbox request</numerusform>
            <numerusform>Deny %n Lockbox requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n requests. Each is decided on its own, with the reason below.</source>
        <translation>
            <numerusform>%n request, decided with the reason below.</numerusform>
            <numerusform>%n requests. Each is decided on its own, with the reason below.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests changed on the server while this dialog was open (marked below). Read them again before you decide.</source>
        <translation>
            <numerusform>%n of these requests changed on the server while this dialog was open (marked below). Read them again before you decide.</numerusform>
            <numerusform>%n of these requests changed on the server while this dialog was open (marked below). Read them again before you decide.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests can no longer be approved or denied and will be left out.</source>
        <translation>
            <numerusform>%n of these requests can no longer be approved or denied and will be left out.</numerusform>
            <numerusform>%n of these requests can no longer be approved or denied and will be left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You are about to approve %n requests at once. To confirm that you have read them all, type their number (%n):</source>
        <translation>
            <numerusform>You are about to approve %n requests at once. To confirm that you have read them all, type their number (%n):</numerusform>
            <numerusform>You are about to approve %n requests at once. To confirm that you have read them all, type their number (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You are about to deny %n requests at once. To confirm that you have read them all, type their number (%n):</source>
        <translation>
            <numerusform>You are about to deny %n requests at once. To confirm that you have read them all, type their number (%n):</numerusform>
            <numerusform>You are about to deny %n requests at once. To confirm that you have read them all, type their number (%n):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Available in %n s: a moment to read what is asked, so that a stray click cannot decide</source>
        <translation>
            <numerusform>Available in %n s: a moment to read what is asked, so that a stray click cannot decide</numerusform>
            <numerusform>Available in %n s: a moment to read what is asked, so that a stray click cannot decide</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n request(s)</source>
        <translation>
            <numerusform>&amp;Approve %n request</numerusform>
            <numerusform>&amp;Approve %n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Deny %n request(s)</source>
        <translation>
            <numerusform>&amp;Deny %n request</numerusform>
            <numerusform>&amp;Deny %n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of these requests give(s) Microsoft Support access to a whole subscription, every resource in it (marked &quot;Scope: the whole subscription&quot; above).</source>
        <translation>
            <numerusform>%n of these requests gives Microsoft Support access to a whole subscription, every resource in it (marked &quot;Scope: the whole subscription&quot; above).</numerusform>
            <numerusform>%n of these requests give Microsoft Support access to a whole subscription, every resource in it (marked &quot;Scope: the whole subscription&quot; above).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>I approve whole-subscription access for %n request(s)</source>
        <translation>
            <numerusform>I approve whole-subscription access for %n request</numerusform>
            <numerusform>I approve whole-subscription access for %n requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestDetailsView</name>
    <message numerus="yes">
        <source>%n h (Microsoft&apos;s default)</source>
        <translation>
            <numerusform>%n h (Microsoft&apos;s default)</numerusform>
            <numerusform>%n h (Microsoft&apos;s default)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (Copy all copies every one)</source>
        <translation>
            <numerusform>… and %n more (Copy all copies every one)</numerusform>
            <numerusform>… and %n more (Copy all copies every one)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::RequestPresentation</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>%n d ago</numerusform>
            <numerusform>%n d ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 +%n more</source>
        <translation>
            <numerusform>%1 +%n more</numerusform>
            <numerusform>%1 +%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::SyncStatus</name>
    <message numerus="yes">
        <source>Syncing %n subscription(s)…</source>
        <translation>
            <numerusform>Syncing %n subscription…</numerusform>
            <numerusform>Syncing %n subscriptions…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n subscription(s) failing</source>
        <translation>
            <numerusform>%n subscription failing</numerusform>
            <numerusform>%n subscriptions failing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) queued</source>
        <translation>
            <numerusform>%n decision queued</numerusform>
            <numerusform>%n decisions queued</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::gui::TrayController</name>
    <message numerus="yes">
        <source>%n new Lockbox requests</source>
        <translation>
            <numerusform>%n new Lockbox request</numerusform>
            <numerusform>%n new Lockbox requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Lockbox requests expire soon</source>
        <translation>
            <numerusform>%n Lockbox request expires soon</numerusform>
            <numerusform>%n Lockbox requests expire soon</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updates on %n Lockbox requests</source>
        <translation>
            <numerusform>Update on %n Lockbox request</numerusform>
            <numerusform>Updates on %n Lockbox requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending Lockbox request(s)</source>
        <translation>
            <numerusform>%n pending Lockbox request</numerusform>
            <numerusform>%n pending Lockbox requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::store::AuditLog</name>
    <message numerus="yes">
        <source>The audit log is intact: %n record(s) verified.</source>
        <translation>
            <numerusform>The audit log is intact: %n record verified.</numerusform>
            <numerusform>The audit log is intact: %n records verified.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lockbox::store::AuditStatistics</name>
    <message numerus="yes">
        <source>Internal error: statistics asked for %n week(s) up to an invalid or impossible time.</source>
        <translation>
            <numerusform>Internal error: statistics asked for %n week up to an invalid or impossible time.</numerusform>
            <numerusform>Internal error: statistics asked for %n weeks up to an invalid or impossible time.</numerusform>
        </translation>
    </message>
</context>
</TS>
