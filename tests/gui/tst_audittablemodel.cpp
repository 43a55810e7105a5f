// AuditTableModel: lazy keyset paging over 10,000 records, newest event first whatever the order of
// appending, filters, refresh() inserting each new record at its place in time without a reset,
// hostile text shown plain, actions in words (an unknown one as received), and a failing read.

#include "engine/auditreader.h"
#include "gui/audittablemodel.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/storetesthelpers.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLocale>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;
using lockbox::AuditRecord;
using lockbox::gui::AuditTableModel;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::Database;
using lockbox::test::ManualClock;

namespace {

const QDateTime kBase(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
constexpr int kRecords = 10000;

// Record n (from 1) of the test trail; its sequence is n.
AuditRecord recordFor(int n)
{
    AuditRecord r;
    r.time = kBase.addSecs(60LL * n);
    r.actor = n % 2 ? u"alice@contoso.com"_s : u"bob@contoso.com"_s;
    static const QString kActions[] = {u"decision.queued"_s, u"decision.sending"_s, u"decision.acknowledged"_s,
                                       u"Approve"_s};
    r.action = kActions[n % 4];
    r.requestId = u"req-%1"_s.arg(n % 97);
    r.subscriptionId = u"sub-%1"_s.arg(n % 5);
    r.reason = n % 50 == 0 ? u"Needle in the haystack %1"_s.arg(n) : u"reason %1"_s.arg(n);
    r.outcome = u"queued: Approve"_s;
    if (r.action == u"Approve"_s) {
        r.source = AuditRecord::Source::Azure;
        r.externalId = u"event-%1"_s.arg(n);
    }
    return r;
}

bool hasHiddenCharacters(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7F && u <= 0x9F) || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

} // namespace

class TestAuditTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void pagesLazilyByKey();
    void filters_data();
    void filters();
    void refreshInsertsAtTopWithoutReset();
    void refreshHonoursTheFilter();
    void firstRowIsTheNewestEvent();
    void refreshPlacesImportsByTime();
    void hostileTextIsPlain();
    void subscriptionNames();
    void actionsInWords();
    void failedReadStopsFetching();

private:
    void append(int from, int to)
    {
        QVERIFY(m_writer->write([&](QString *e) {
            for (int n = from; n <= to; ++n) {
                if (!m_log->appendInTransaction(recordFor(n), e))
                    return false;
            }
            return true;
        }));
    }
    void makeModel()
    {
        m_model = std::make_unique<AuditTableModel>(*m_reader);
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    // An imported Activity Log event at `time`.
    AuditRecord imported(const QDateTime &time, const QString &id)
    {
        AuditRecord r = recordFor(3); // an Approve
        r.time = time;
        r.externalId = id;
        r.reason = u"imported "_s + id;
        return r;
    }
    // A local record at the clock's time.
    static AuditRecord decidedNow()
    {
        AuditRecord r = recordFor(1);
        r.time = QDateTime();
        return r;
    }
    bool import(const AuditRecord &r) { return m_log->importAzure({r}).value_or(0) == 1; }
    // The rows' (time, sequence), and whether they run newest first.
    bool newestFirst(QString *why)
    {
        for (int row = 1; row < m_model->rowCount(); ++row) {
            const AuditRecord a = m_model->record(row - 1);
            const AuditRecord b = m_model->record(row);
            const auto key = [](const AuditRecord &r) { return std::pair(r.time.toMSecsSinceEpoch(), r.sequence); };
            if (!(key(b) < key(a))) {
                *why = u"row %1 (record %2 at %3) before row %4 (record %5 at %6)"_s.arg(row - 1)
                           .arg(a.sequence)
                           .arg(a.time.toString(Qt::ISODate))
                           .arg(row)
                           .arg(b.sequence)
                           .arg(b.time.toString(Qt::ISODate));
                return false;
            }
        }
        return true;
    }
    // Every row the model holds once it has fetched to the end.
    QList<qint64> fetchAll()
    {
        while (m_model->canFetchMore(QModelIndex()))
            m_model->fetchMore(QModelIndex());
        QList<qint64> out;
        for (int row = 0; row < m_model->rowCount(); ++row)
            out.append(m_model->index(row, 0).data(AuditTableModel::SequenceRole).toLongLong());
        return out;
    }

    QTemporaryDir m_template; // the 10,000 records, written once and copied for each test
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_writer;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<lockbox::engine::AuditReader> m_reader;
    std::unique_ptr<AuditTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestAuditTableModel::initTestCase()
{
    QVERIFY(m_template.isValid());
    m_clock = std::make_unique<ManualClock>(kBase.addDays(30));
    m_writer = std::make_unique<Database>();
    QVERIFY(m_writer->open(m_template.path()));
    m_log = std::make_unique<AuditLog>(*m_writer, *m_clock);
    append(1, kRecords);
    m_log.reset();
    m_writer.reset(); // the last connection to close folds the write-ahead log into the file
    QVERIFY(!QFile::exists(Database::pathIn(m_template.path()) + u"-wal"_s));
}

void TestAuditTableModel::init()
{
    // A fresh copy per test: some append to it.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QFile::copy(Database::pathIn(m_template.path()), Database::pathIn(m_dir->path())));
    m_clock = std::make_unique<ManualClock>(kBase.addDays(30));
    m_writer = std::make_unique<Database>();
    QVERIFY(m_writer->open(m_dir->path()));
    m_log = std::make_unique<AuditLog>(*m_writer, *m_clock);
    m_reader = lockbox::engine::AuditReader::open(m_dir->path());
    QVERIFY(m_reader);
}

void TestAuditTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_reader.reset();
    m_log.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestAuditTableModel::pagesLazilyByKey()
{
    makeModel();
    // The tester fetched on its own when attached; a new query starts again at one page.
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setQuery(AuditQuery());
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m_model->rowCount(), AuditTableModel::kPageSize);
    QCOMPARE(m_model->columnCount(), int(AuditTableModel::ColumnCount));
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    QCOMPARE(m_model->index(0, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords); // newest first

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 2 * AuditTableModel::kPageSize);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), AuditTableModel::kPageSize);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2 * AuditTableModel::kPageSize - 1);
    m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 3 * AuditTableModel::kPageSize);

    const QList<qint64> all = fetchAll();
    QCOMPARE(all.size(), kRecords);
    for (int i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i), qint64(kRecords - i)); // every record once, in order, across page joins
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QCOMPARE(resets.count(), 1);
    QVERIFY(m_model->lastError().isEmpty());

    // The row's cells.
    const int row = 0; // record 10000
    const AuditRecord expected = recordFor(kRecords);
    QCOMPARE(m_model->record(row).sequence, kRecords);
    QCOMPARE(m_model->index(row, AuditTableModel::ActorColumn).data().toString(), expected.actor);
    QCOMPARE(m_model->index(row, AuditTableModel::ActionColumn).data().toString(), u"Decision queued"_s);
    QCOMPARE(m_model->index(row, AuditTableModel::RequestColumn).data().toString(), expected.requestId);
    QCOMPARE(m_model->index(row, AuditTableModel::SubscriptionColumn).data().toString(), expected.subscriptionId);
    QCOMPARE(m_model->index(row, AuditTableModel::ReasonColumn).data().toString(), expected.reason);
    QCOMPARE(m_model->index(row, AuditTableModel::OutcomeColumn).data().toString(), expected.outcome);
    QCOMPARE(m_model->index(row, AuditTableModel::SourceColumn).data().toString(), u"Local"_s);
    QCOMPARE(m_model->index(1, AuditTableModel::SourceColumn).data().toString(), u"Azure"_s); // 9999: Approve
    // The time in the locale's short date and time, with the seconds.
    const QDateTime local = expected.time.toLocalTime();
    const std::shared_ptr<void> restore(nullptr, [before = QLocale()](void *) { QLocale::setDefault(before); });
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(m_model->index(row, AuditTableModel::TimeColumn).data().toString(),
             local.toString(u"dd.MM.yyyy HH:mm:ss"_s));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString american = m_model->index(row, AuditTableModel::TimeColumn).data().toString();
    QVERIFY2(american.startsWith(local.toString(u"M/d/yyyy "_s)) && american.contains(local.toString(u":mm:ss "_s)),
             qPrintable(american));
    // Finnish writes its times with dots: the seconds follow with a dot too.
    QLocale::setDefault(QLocale(QLocale::Finnish, QLocale::Finland));
    const QString finnish = m_model->index(row, AuditTableModel::TimeColumn).data().toString();
    QVERIFY2(finnish.endsWith(local.toString(u"H.mm.ss"_s)) && finnish.contains(u"2025"_s), qPrintable(finnish));
    QCOMPARE(m_model->index(row, AuditTableModel::TimeColumn).data(AuditTableModel::RawTextRole).toString(),
             u"2025-01-07T22:40:00.000Z"_s);
    QVERIFY(m_model->index(row, AuditTableModel::TimeColumn).data(Qt::ToolTipRole).toString().contains(u"UTC"_s));
    QCOMPARE(m_model->headerData(AuditTableModel::ReasonColumn, Qt::Horizontal).toString(), u"Reason"_s);
}

void TestAuditTableModel::filters_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("subscription");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("fromMinute"); // -1: no bound
    QTest::addColumn<int>("toMinute");
    QTest::newRow("action") << u"decision.acknowledged"_s << QString() << QString() << -1 << -1;
    QTest::newRow("subscription") << QString() << u"sub-3"_s << QString() << -1 << -1;
    QTest::newRow("text, any case") << QString() << QString() << u"NEEDLE"_s << -1 << -1;
    QTest::newRow("text with LIKE wildcards") << QString() << QString() << u"reason 1_0"_s << -1 << -1;
    QTest::newRow("dates, both ends inclusive") << QString() << QString() << QString() << 1000 << 1999;
    QTest::newRow("since only") << QString() << QString() << QString() << 9500 << -1;
    QTest::newRow("action and subscription") << u"Approve"_s << u"sub-1"_s << QString() << -1 << -1;
    QTest::newRow("everything") << u"decision.queued"_s << u"sub-0"_s << u"needle"_s << 2000 << 8000;
    QTest::newRow("nothing matches") << u"no.such.action"_s << QString() << QString() << -1 << -1;
}

void TestAuditTableModel::filters()
{
    QFETCH(QString, action);
    QFETCH(QString, subscription);
    QFETCH(QString, text);
    QFETCH(int, fromMinute);
    QFETCH(int, toMinute);

    makeModel();
    AuditQuery query;
    query.action = action;
    query.subscriptionId = subscription;
    query.text = text;
    if (fromMinute >= 0)
        query.since = kBase.addSecs(60LL * fromMinute);
    if (toMinute >= 0)
        query.until = kBase.addSecs(60LL * toMinute);
    query.order = AuditQuery::Order::OldestFirst; // the model keeps its own order and paging
    query.after = lockbox::store::AuditCursor {kBase.addSecs(60LL * 1234), 1234};
    query.appendedAfter = 1234;
    query.limit = 3;
    m_model->setQuery(query);
    QVERIFY(m_model->rowCount() <= AuditTableModel::kPageSize);

    QList<qint64> expected;
    for (int n = kRecords; n >= 1; --n) {
        const AuditRecord r = recordFor(n);
        if (!action.isEmpty() && r.action != action)
            continue;
        if (!subscription.isEmpty() && r.subscriptionId != subscription)
            continue;
        if (fromMinute >= 0 && n < fromMinute)
            continue;
        if (toMinute >= 0 && n > toMinute)
            continue;
        if (!text.isEmpty()) {
            const QStringList fields = {r.actor, r.action, r.requestId, r.subscriptionId, r.reason, r.outcome};
            if (std::none_of(fields.begin(), fields.end(),
                             [&](const QString &f) { return f.contains(text, Qt::CaseInsensitive); }))
                continue;
        }
        expected.append(n);
    }
    QCOMPARE(fetchAll(), expected);
    QCOMPARE(m_model->query().action, action);
    QCOMPARE(m_model->query().order, AuditQuery::Order::NewestFirst);
}

void TestAuditTableModel::refreshInsertsAtTopWithoutReset()
{
    makeModel();
    m_model->setQuery(AuditQuery());
    m_model->fetchMore(QModelIndex());
    const int before = m_model->rowCount();
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    QCOMPARE(m_model->refresh(), 0); // nothing new
    QCOMPARE(inserted.count(), 0);

    append(kRecords + 1, kRecords + 3);
    QCOMPARE(m_model->refresh(), 3);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(m_model->rowCount(), before + 3);
    for (int row = 0; row < 4; ++row)
        QCOMPARE(m_model->index(row, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords + 3 - row);
    QCOMPARE(m_model->refresh(), 0); // read once only

    // Paging further down still continues from the oldest loaded row.
    m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->index(m_model->rowCount() - 1, 0).data(AuditTableModel::SequenceRole).toLongLong(),
             qint64(kRecords - (before + AuditTableModel::kPageSize) + 1));
    const QList<qint64> all = fetchAll();
    QCOMPARE(all.size(), kRecords + 3);
    QCOMPARE(resets.count(), 0);
}

void TestAuditTableModel::refreshHonoursTheFilter()
{
    makeModel();
    AuditQuery query;
    query.action = u"decision.acknowledged"_s;
    m_model->setQuery(query);
    QCOMPARE(m_model->index(0, 0).data(AuditTableModel::SequenceRole).toLongLong(), 9998);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    append(kRecords + 1, kRecords + 8); // 10002 and 10006 are acknowledgements
    QCOMPARE(m_model->refresh(), 2);
    QCOMPARE(m_model->index(0, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords + 6);
    QCOMPARE(m_model->index(1, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords + 2);
    QCOMPARE(m_model->index(2, 0).data(AuditTableModel::SequenceRole).toLongLong(), 9998);
    QCOMPARE(resets.count(), 0);

    append(kRecords + 9, kRecords + 9); // a sending one: not shown
    QCOMPARE(m_model->refresh(), 0);
    QCOMPARE(m_model->index(0, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords + 6);
}

void TestAuditTableModel::firstRowIsTheNewestEvent()
{
    // A decision made now, then an import whose events are older than it and than one another,
    // then 450 records of one time (more than two pages share it).
    m_clock->set(kBase.addDays(20));
    QVERIFY(m_log->append(decidedNow()));
    const qint64 decision = kRecords + 1;
    QVERIFY(import(imported(kBase.addDays(19), u"e-newer"_s)));     // 10002
    QVERIFY(import(imported(kBase.addSecs(90), u"e-older"_s)));     // 10003: between records 1 and 2
    QVERIFY(import(imported(kBase.addDays(20), u"e-same-time"_s))); // 10004: as the decision
    QVERIFY(m_writer->write([&](QString *e) {
        for (int n = 0; n < 450; ++n) {
            AuditRecord r = recordFor(n);
            r.source = AuditRecord::Source::Local;
            r.time = kBase.addDays(10);
            if (!m_log->appendInTransaction(r, e))
                return false;
        }
        return true;
    }));

    makeModel();
    m_model->setQuery(AuditQuery());
    QCOMPARE(m_model->record(0).sequence, kRecords + 4); // same time as the decision, recorded later
    QCOMPARE(m_model->record(1).sequence, decision);
    QCOMPARE(m_model->record(2).sequence, kRecords + 2);
    QCOMPARE(m_model->index(0, AuditTableModel::TimeColumn).data(AuditTableModel::RawTextRole).toString(),
             u"2025-01-21T00:00:00.000Z"_s);

    const QList<qint64> all = fetchAll();
    QCOMPARE(all.size(), kRecords + 4 + 450);
    QCOMPARE(QSet<qint64>(all.cbegin(), all.cend()).size(), all.size()); // none twice across equal times
    QString why;
    QVERIFY2(newestFirst(&why), qPrintable(why));
    QCOMPARE(all.at(all.size() - 2), kRecords + 3); // the older import sits by its time
    QCOMPARE(all.constLast(), 1);
}

void TestAuditTableModel::refreshPlacesImportsByTime()
{
    makeModel();
    m_model->setQuery(AuditQuery()); // records 10000 … 9801
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    // One event among the loaded rows, one older than all of them, a decision on top.
    QVERIFY(import(imported(recordFor(9900).time.addSecs(30), u"e-among"_s))); // 10001
    QVERIFY(import(imported(recordFor(100).time.addSecs(30), u"e-deep"_s)));   // 10002
    m_clock->set(kBase.addDays(20));
    QVERIFY(m_log->append(decidedNow())); // 10003
    QCOMPARE(m_model->refresh(), 2);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(1).at(1).toInt(), 1 + (kRecords - 9900)); // below 10000 … 9901 and the decision
    QCOMPARE(m_model->record(0).sequence, kRecords + 3);
    QCOMPARE(m_model->record(1 + kRecords - 9900).sequence, kRecords + 1);
    QCOMPARE(m_model->rowCount(), AuditTableModel::kPageSize + 2);
    QCOMPARE(m_model->refresh(), 0);

    // The deep one comes with its page, once.
    const QList<qint64> all = fetchAll();
    QCOMPARE(all.size(), kRecords + 3);
    QCOMPARE(QSet<qint64>(all.cbegin(), all.cend()).size(), all.size());
    QString why;
    QVERIFY2(newestFirst(&why), qPrintable(why));
    QCOMPARE(all.at(all.indexOf(kRecords + 2) + 1), 100);
    QCOMPARE(resets.count(), 0);

    // Everything loaded: an old event now goes in at its place at once.
    QVERIFY(import(imported(recordFor(50).time.addSecs(30), u"e-last"_s))); // 10004
    QCOMPARE(m_model->refresh(), 1);
    QCOMPARE(m_model->record(kRecords + 3 - 50).sequence, kRecords + 4);
    QVERIFY2(newestFirst(&why), qPrintable(why));
}

void TestAuditTableModel::hostileTextIsPlain()
{
    AuditRecord hostile;
    hostile.actor = u"<b>Mallory</b>\u202Egnp.exe\x07"_s;
    hostile.action = u"decision.queued"_s;
    hostile.requestId = u"req\r\nInjected: header"_s;
    hostile.subscriptionId = u"sub-0"_s;
    hostile.reason = u"first line\nsecond line <img src=x onerror=alert(1)>"_s;
    hostile.outcome = u"\t=cmd|' /C calc'!A0"_s;
    m_clock->set(kBase.addDays(20));
    QVERIFY(m_log->append(hostile));

    makeModel();
    const auto text = [&](int column, int role) { return m_model->index(0, column).data(role).toString(); };
    QCOMPARE(m_model->index(0, 0).data(AuditTableModel::SequenceRole).toLongLong(), kRecords + 1);
    for (int column = 0; column < AuditTableModel::ColumnCount; ++column) {
        QVERIFY2(!hasHiddenCharacters(text(column, Qt::DisplayRole)), qPrintable(text(column, Qt::DisplayRole)));
        const QString tip = text(column, Qt::ToolTipRole);
        QVERIFY2(!tip.contains(u"<b>"_s) && !tip.contains(u"<img"_s), qPrintable(tip));
    }
    // Literally, and what would reverse or ring is shown, not obeyed nor hidden.
    QCOMPARE(text(AuditTableModel::ActorColumn, Qt::DisplayRole), u"<b>Mallory</b>\\u202Egnp.exe\\u0007"_s);
    QVERIFY(text(AuditTableModel::ActorColumn, Qt::ToolTipRole).contains(u"&lt;b&gt;Mallory&lt;/b&gt;"_s));
    QVERIFY(text(AuditTableModel::ReasonColumn, Qt::DisplayRole).startsWith(u"first line"_s));
    QVERIFY(!text(AuditTableModel::ReasonColumn, Qt::DisplayRole).contains(u"onerror"_s)); // one line only
    QVERIFY(text(AuditTableModel::ReasonColumn, Qt::ToolTipRole).contains(u"&lt;img src=x onerror=alert(1)&gt;"_s));
    QVERIFY(text(AuditTableModel::RequestColumn, Qt::DisplayRole).startsWith(u"req"_s));
    QCOMPARE(text(AuditTableModel::OutcomeColumn, Qt::DisplayRole).trimmed(), u"=cmd|' /C calc'!A0"_s);
    // The stored value stays available unchanged for copying.
    QCOMPARE(text(AuditTableModel::ActorColumn, AuditTableModel::RawTextRole), hostile.actor);
}

void TestAuditTableModel::subscriptionNames()
{
    makeModel();
    m_model->setQuery(AuditQuery());
    const int rows = m_model->rowCount();
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setSubscriptionNames({{u"sub-0"_s, u"Production <i>EU</i>\n"_s}, {u"sub-1"_s, u"Staging"_s}});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(AuditTableModel::SubscriptionColumn));
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), rows - 1); // every row then loaded

    // Record 10000 is in sub-0, 9999 in sub-4 (no name), 9996 in sub-1.
    QCOMPARE(m_model->index(0, AuditTableModel::SubscriptionColumn).data().toString(), u"Production <i>EU</i>"_s);
    const QString tip = m_model->index(0, AuditTableModel::SubscriptionColumn).data(Qt::ToolTipRole).toString();
    QVERIFY(tip.contains(u"Production &lt;i&gt;EU&lt;/i&gt;"_s));
    QVERIFY(tip.contains(u"sub-0"_s));
    QCOMPARE(m_model->index(1, AuditTableModel::SubscriptionColumn).data().toString(), u"sub-4"_s);
    QCOMPARE(m_model->index(4, AuditTableModel::SubscriptionColumn).data().toString(), u"Staging"_s);
}

void TestAuditTableModel::actionsInWords()
{
    m_clock->set(kBase.addDays(20));
    AuditRecord unknown = recordFor(1);
    unknown.time = QDateTime();
    unknown.action = u"Microsoft.CustomerLockbox/<b>Frobnicate</b>"_s;
    unknown.actor.clear(); // nobody named
    unknown.outcome = QString(200, u'x');
    QVERIFY(m_log->append(unknown));
    makeModel();
    const auto cell = [&](int row, int column, int role) { return m_model->index(row, column).data(role).toString(); };

    // Row 0 is the unknown action, rows 1.. the last records of the trail: 10000 is
    // decision.queued, 9999 Approve (from Azure), 9998 decision.acknowledged.
    QCOMPARE(cell(0, AuditTableModel::ActionColumn, Qt::DisplayRole), unknown.action); // as received, plain
    QVERIFY(!cell(0, AuditTableModel::ActionColumn, Qt::ToolTipRole).contains(u"<b>"_s));
    QCOMPARE(cell(0, AuditTableModel::ActorColumn, Qt::DisplayRole), u"unknown"_s);
    QCOMPARE(cell(0, AuditTableModel::ActorColumn, AuditTableModel::RawTextRole), QString());
    QCOMPARE(cell(0, AuditTableModel::OutcomeColumn, Qt::DisplayRole).size(), AuditTableModel::kOutcomeChars + 1);
    QCOMPARE(cell(0, AuditTableModel::OutcomeColumn, AuditTableModel::RawTextRole), unknown.outcome);

    QCOMPARE(cell(1, AuditTableModel::ActionColumn, Qt::DisplayRole), u"Decision queued"_s);
    QCOMPARE(cell(2, AuditTableModel::ActionColumn, Qt::DisplayRole), u"Request approved"_s);
    QCOMPARE(cell(3, AuditTableModel::ActionColumn, Qt::DisplayRole), u"Decision acknowledged by Azure"_s);
    // The tooltip gives the stored action too; copying takes the stored value.
    const QString tip = cell(3, AuditTableModel::ActionColumn, Qt::ToolTipRole);
    QVERIFY2(tip.contains(u"Decision acknowledged by Azure\ndecision.acknowledged"_s), qPrintable(tip));
    QCOMPARE(cell(3, AuditTableModel::ActionColumn, AuditTableModel::RawTextRole), u"decision.acknowledged"_s);
}

void TestAuditTableModel::failedReadStopsFetching()
{
    makeModel();
    QSignalSpy failed(m_model.get(), &AuditTableModel::readFailed);
    // A damaged profile: every read fails.
    QVERIFY(m_writer->execute(u"DROP TABLE audit"_s));
    m_model->setQuery(AuditQuery());
    QCOMPARE(failed.count(), 1);
    QVERIFY(!m_model->lastError().isEmpty());
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore(QModelIndex())); // a view would otherwise retry forever
    QCOMPARE(m_model->refresh(), -1);
    QCOMPARE(failed.count(), 2);
}

QTEST_MAIN(TestAuditTableModel)
#include "tst_audittablemodel.moc"
