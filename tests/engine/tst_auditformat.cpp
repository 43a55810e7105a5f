// engine::AuditFormat, an audit record as the console's export and lockboxctl audit write it:
// every field, exact, characters outside the Basic Multilingual Plane included; and
// engine::auditActionName, the words the history and lockboxctl's table show for each action
// while the files keep the stored value.

#include "azure/azurejson.h"
#include "engine/auditactions.h"
#include "engine/auditformat.h"
#include "support/csvreader.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AuditRecord;
using lockbox::engine::AuditFormat;
using lockbox::test::readCsv;

namespace {

AuditRecord sample()
{
    AuditRecord r;
    r.sequence = 42;
    r.time = QDateTime(QDate(2026, 11, 3), QTime(9, 30, 1, 250), Qt::UTC);
    r.actor = u"Zoë \U0001F9D1\u200D\U0001F4BB <b>"_s;
    r.action = u"decision.queued"_s;
    r.requestId = u"req-\U0001F510"_s;
    r.subscriptionId = u"+sub"_s;
    r.reason = u"restart the cluster \U0001F680 \"now\", line\nbreak \\ \u2028"_s;
    r.outcome = u"=cmd|' /C calc'!A0"_s;
    r.source = AuditRecord::Source::Azure;
    r.hash = "0123abcd";
    return r;
}

} // namespace

class TestAuditFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonKeepsEveryCharacter();
    void jsonTimeIsNullWhenUnknown();
    void csvLineHasEveryField();
    void everyWrittenActionHasAName();
    void unknownActionsShowAsReceived();
    void wordsFindTheirActions();
};

void TestAuditFormat::jsonKeepsEveryCharacter()
{
    const AuditRecord r = sample();
    // Through the bytes a file gets, and back.
    const QByteArray bytes = QJsonDocument(AuditFormat::json(r)).toJson(QJsonDocument::Compact);
    QVERIFY2(!bytes.contains("??"), bytes.constData());
    QVERIFY(bytes.contains(QStringView(u"\U0001F680").toUtf8()));
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(bytes, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(o.keys().size(), AuditFormat::fieldNames().size());
    QCOMPARE(o.value(u"sequence"_s).toInteger(), 42);
    QCOMPARE(o.value(u"time"_s).toString(), u"2026-11-03T09:30:01.250Z"_s);
    QCOMPARE(o.value(u"actor"_s).toString(), r.actor);
    QCOMPARE(o.value(u"action"_s).toString(), r.action);
    QCOMPARE(o.value(u"requestId"_s).toString(), r.requestId);
    QCOMPARE(o.value(u"subscriptionId"_s).toString(), r.subscriptionId);
    QCOMPARE(o.value(u"reason"_s).toString(), r.reason);
    QCOMPARE(o.value(u"outcome"_s).toString(), r.outcome); // JSON is data: nothing neutralised
    QCOMPARE(o.value(u"source"_s).toString(), u"azure"_s);
    QCOMPARE(o.value(u"hash"_s).toString(), u"0123abcd"_s);
}

void TestAuditFormat::jsonTimeIsNullWhenUnknown()
{
    AuditRecord r = sample();
    r.time = QDateTime();
    QVERIFY(AuditFormat::json(r).value(u"time"_s).isNull());
}

void TestAuditFormat::csvLineHasEveryField()
{
    const AuditRecord r = sample();
    const QList<QStringList> rows = readCsv(AuditFormat::csvHeader() + AuditFormat::csvLine(r));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), AuditFormat::fieldNames());
    const QStringList expected = {
        u"42"_s,  u"2026-11-03T09:30:01.250Z"_s, r.actor,    r.action,     r.requestId, u"'+sub"_s,
        r.reason, u"'=cmd|' /C calc'!A0"_s,      u"azure"_s, u"0123abcd"_s};
    QCOMPARE(rows.at(1), expected);
}

void TestAuditFormat::everyWrittenActionHasAName()
{
    // What DecisionOutbox writes, and what ActivityImporter names an Activity Log event it knows.
    QStringList written = {u"decision.queued"_s, u"decision.sending"_s,  u"decision.acknowledged"_s,
                           u"decision.failed"_s, u"decision.requeued"_s, u"decision.withdrawn"_s};
    for (const auto action :
         {lockbox::ActivityAction::Create, lockbox::ActivityAction::Approve, lockbox::ActivityAction::Deny,
          lockbox::ActivityAction::Expire, lockbox::ActivityAction::Cancel, lockbox::ActivityAction::AutoApprove,
          lockbox::ActivityAction::AutoDeny})
        written.append(lockbox::AzureJson::actionName(action));

    QSet<QString> names;
    for (const QString &action : std::as_const(written)) {
        const QString name = lockbox::engine::auditActionName(action);
        QVERIFY2(name != action && !name.isEmpty(), qPrintable(action));
        QVERIFY2(!name.contains(u'.') && name.at(0).isUpper(), qPrintable(name)); // words, not a code
        names.insert(name);
    }
    QCOMPARE(names.size(), written.size()); // no two read alike in the filter
    QCOMPARE(lockbox::engine::auditActionName(u"decision.acknowledged"_s), u"Decision acknowledged by Azure"_s);
    QCOMPARE(lockbox::engine::auditActionName(u"Approve"_s), u"Request approved"_s);

    // Files and scripts keep the stored value.
    AuditRecord r = sample();
    r.action = u"decision.acknowledged"_s;
    QCOMPARE(AuditFormat::json(r).value(u"action"_s).toString(), u"decision.acknowledged"_s);
    QCOMPARE(readCsv(AuditFormat::csvLine(r)).constFirst().at(3), u"decision.acknowledged"_s);
}

void TestAuditFormat::unknownActionsShowAsReceived()
{
    for (const QString &action :
         {QString(), u"Microsoft.CustomerLockbox/requests/Frobnicate/action"_s, u"<b>Approve</b>"_s, u"Approve "_s})
        QCOMPARE(lockbox::engine::auditActionName(action), action);
}

void TestAuditFormat::wordsFindTheirActions()
{
    using lockbox::engine::auditActionsNamed;
    QCOMPARE(auditActionsNamed(u"approved"_s), QStringList({u"Approve"_s, u"AutoApprove"_s}));
    QCOMPARE(auditActionsNamed(u"  DECISION QUEUED "_s), QStringList({u"decision.queued"_s, u"decision.requeued"_s}));
    QVERIFY(auditActionsNamed(u"   "_s).isEmpty());
    QVERIFY(auditActionsNamed(u"no action reads so"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestAuditFormat)
#include "tst_auditformat.moc"
