// RequestRowReader: the request table's cache reader on a real SQLite file written by
// RequestStore. Rows newest first in the store's own order, in chunks; open requests whole and
// equal to what RequestStore reads, the others as summaries; and a clear sentence for a missing,
// foreign, damaged or locked file.

#include "storetesthelpers.h"

#include "store/database.h"
#include "store/requestrowreader.h"
#include "store/requeststore.h"
#include "support/sqlitefile.h"

#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestQuery;
using lockbox::RequestStatus;
using lockbox::store::Database;
using lockbox::store::RequestRowReader;
using lockbox::store::RequestStore;
using lockbox::test::makeRequest;
using lockbox::test::ManualClock;
using lockbox::test::RequestBuilder;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kCreated(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC);

QStringList idsOf(const QList<AccessRequest> &requests)
{
    QStringList out;
    for (const AccessRequest &r : requests)
        out.append(r.requestId);
    return out;
}

} // namespace

class TestRequestRowReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void readsNewestFirstInChunks();
    void openRequestsComeWholeOthersAsSummaries();
    void summaryCutsTheJustification();
    void readSummariesCutAsSummaryDoes();
    void summaryChangesTellsWhetherASummaryWouldDiffer_data();
    void summaryChangesTellsWhetherASummaryWouldDiffer();
    void quirkyResourceIdsRoundTrip();
    void repeatedValuesAreSharedBetweenRows();
    void emptyCache();
    void missingFileIsAClearError();
    void foreignFileIsAClearError();
    void damagedFileIsAClearError();
    void lockedFileIsAClearError();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<RequestStore> m_store;

    // A mix of subscriptions, statuses and creation times (some equal, so request_id breaks ties).
    QList<AccessRequest> fill()
    {
        QList<AccessRequest> a;
        QList<AccessRequest> b;
        const QList<Kind> kinds = {Kind::Pending,   Kind::Approved, Kind::Denied,   Kind::Expired,
                                   Kind::Approving, Kind::Revoked,  Kind::Completed};
        for (int i = 0; i < 23; ++i) {
            const Kind kind = kinds.at(i % kinds.size());
            a.append(makeRequest(kSubA, i, kind, kCreated.addSecs((i % 5) * 7)));
            b.append(makeRequest(kSubB, i, kinds.at((i + 3) % kinds.size()), kCreated.addSecs(i * 11)));
        }
        QString error;
        [&] { QVERIFY2(m_store->mergeFull(kSubA, a, &error), qPrintable(error)); }();
        [&] { QVERIFY2(m_store->mergeFull(kSubB, b, &error), qPrintable(error)); }();
        return a + b;
    }
    // Everything the reader gives, `chunk` rows at a time; the chunk sizes in `sizes`.
    QList<AccessRequest> readAll(int chunk, QList<int> *sizes = nullptr)
    {
        RequestRowReader reader;
        QString error;
        if (!reader.open(m_db->filePath(), &error))
            qFatal("open: %s", qPrintable(error));
        QList<AccessRequest> all;
        while (!reader.atEnd()) {
            const QList<AccessRequest> rows = reader.next(chunk, &error);
            if (!error.isEmpty())
                qFatal("next: %s", qPrintable(error));
            if (sizes)
                sizes->append(int(rows.size()));
            all += rows;
        }
        return all;
    }
};

void TestRequestRowReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>();
    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), &error), qPrintable(error));
    m_store = std::make_unique<RequestStore>(*m_db, *m_clock);
}

void TestRequestRowReader::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestRequestRowReader::readsNewestFirstInChunks()
{
    const QList<AccessRequest> written = fill();
    QString error;
    const QList<AccessRequest> expected = m_store->requests(RequestQuery(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(expected.size(), written.size());

    QList<int> sizes;
    const QList<AccessRequest> rows = readAll(10, &sizes);
    QCOMPARE(idsOf(rows), idsOf(expected));
    QCOMPARE(sizes, (QList<int> {10, 10, 10, 10, 6}));
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(rows.at(i - 1).createdDateTime >= rows.at(i).createdDateTime);

    // A chunk that divides the rows exactly ends with an empty one.
    sizes.clear();
    QCOMPARE(idsOf(readAll(23, &sizes)), idsOf(expected));
    QCOMPARE(sizes, (QList<int> {23, 23, 0}));
}

void TestRequestRowReader::openRequestsComeWholeOthersAsSummaries()
{
    fill();
    int whole = 0;
    int summaries = 0;
    for (const AccessRequest &row : readAll(7)) {
        QString error;
        const std::optional<AccessRequest> stored = m_store->request(row.requestId, &error);
        QVERIFY2(stored, qPrintable(error));
        if (RequestRowReader::keepsWhole(stored->status.kind())) {
            QCOMPARE(row, *stored);
            QVERIFY(!row.armId.isEmpty());
            ++whole;
        } else {
            QCOMPARE(row, RequestRowReader::summary(*stored));
            QVERIFY(row.armId.isEmpty());
            QVERIFY(row.supportCaseUrl.isEmpty());
            QCOMPARE(row.resourceIds, stored->resourceIds);
            QCOMPARE(row.expirationDateTime, stored->expirationDateTime);
            ++summaries;
        }
    }
    QVERIFY(whole > 0);
    QVERIFY(summaries > 0);
    QVERIFY(RequestRowReader::keepsWhole(Kind::Pending));
    QVERIFY(RequestRowReader::keepsWhole(Kind::Denying));
    QVERIFY(!RequestRowReader::keepsWhole(Kind::Approved));
    QVERIFY(!RequestRowReader::keepsWhole(Kind::Other));
}

void TestRequestRowReader::summaryCutsTheJustification()
{
    // 119 plain characters and then a pair of surrogates: the cut never splits the pair.
    const QString longText = QString(119, u'j') + u"\U0001F600"_s + QString(5000, u'x');
    const AccessRequest denied =
        RequestBuilder(u"denied-long"_s, kSubA).status(Kind::Denied).justification(longText).build();
    const AccessRequest pending =
        RequestBuilder(u"pending-long"_s, kSubA).status(Kind::Pending).justification(longText).build();
    const AccessRequest approved = RequestBuilder(u"approved-long"_s, kSubA)
                                       .status(Kind::Approved)
                                       .justification(u"ümlaut "_s.repeated(40))
                                       .build();
    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, {denied, pending, approved}, &error), qPrintable(error));

    QHash<QString, AccessRequest> byId;
    for (const AccessRequest &r : readAll(100))
        byId.insert(r.requestId, r);
    QCOMPARE(byId.value(u"denied-long"_s).justification, QString(119, u'j') + u'…');
    QCOMPARE(byId.value(u"pending-long"_s).justification, longText);
    // Cut, and marked as cut.
    QCOMPARE(byId.value(u"approved-long"_s).justification, u"ümlaut "_s.repeated(40).left(120) + u'…');
    // The same cut for a row that reaches the table whole.
    QCOMPARE(RequestRowReader::summary(denied).justification, QString(119, u'j') + u'…');
    QCOMPARE(RequestRowReader::summary(pending), pending);
}

void TestRequestRowReader::summaryChangesTellsWhetherASummaryWouldDiffer_data()
{
    QTest::addColumn<AccessRequest>("request");
    // A summary whose justification is `justification`, whatever it is.
    const auto withJustification = [](const QString &justification) {
        AccessRequest r = RequestRowReader::summary(
            RequestBuilder(u"r"_s, kSubA).status(Kind::Denied).justification(u"short"_s).build());
        r.justification = justification;
        return r;
    };
    const QString high = QString(QChar(QChar::highSurrogate(0x1F600)));
    const QString low = QString(QChar(QChar::lowSurrogate(0x1F600)));
    const AccessRequest denied = RequestBuilder(u"d"_s, kSubA).status(Kind::Denied).build();
    QTest::newRow("pending, long") << RequestBuilder(u"p"_s, kSubA).justification(QString(500, u'x')).build();
    QTest::newRow("denied, whole") << denied;
    QTest::newRow("short") << withJustification(u"short"_s);
    QTest::newRow("120") << withJustification(QString(120, u'j'));
    QTest::newRow("121") << withJustification(QString(121, u'j'));
    QTest::newRow("cut") << withJustification(
        RequestRowReader::summary(withJustification(QString(121, u'j'))).justification);
    QTest::newRow("121 ending in an ellipsis") << withJustification(QString(120, u'j') + u'…');
    QTest::newRow("122 ending in an ellipsis") << withJustification(QString(121, u'j') + u'…');
    QTest::newRow("cut before a pair") << RequestRowReader::summary(
        withJustification(QString(119, u'j') + high + low + u'j'));
    QTest::newRow("a pair cut, ellipsis") << withJustification(QString(119, u'j') + high + u'…');
    AccessRequest withUrl = withJustification(u"short"_s);
    withUrl.supportCaseUrl = u"https://example.com/case"_s;
    QTest::newRow("support case URL") << withUrl;
    AccessRequest withArmId = withJustification(u"short"_s);
    withArmId.armId = u"/subscriptions/x/providers/Microsoft.CustomerLockbox/requests/r"_s;
    QTest::newRow("ARM id") << withArmId;
    AccessRequest withName = withJustification(u"short"_s);
    withName.name = u"r"_s;
    QTest::newRow("name") << withName;
}

void TestRequestRowReader::summaryChangesTellsWhetherASummaryWouldDiffer()
{
    QFETCH(AccessRequest, request);
    QCOMPARE(RequestRowReader::summaryChanges(request), RequestRowReader::summary(request) != request);
}

void TestRequestRowReader::repeatedValuesAreSharedBetweenRows()
{
    // Rows repeat their subscription, types and lists of resource ids: each distinct one is made
    // once and shared (the table finds a shared list without hashing it again).
    const QStringList ids = {u"/subscriptions/x/resourceGroups/rg/providers/A.B/c/one"_s, u"/other"_s};
    QList<AccessRequest> given;
    for (int i = 0; i < 4; ++i) {
        given.append(RequestBuilder(u"r%1"_s.arg(i), kSubA)
                         .status(i % 2 ? Kind::Expired : Kind::Pending)
                         .resourceIds(i < 3 ? ids : QStringList {u"/else"_s})
                         .build());
    }
    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, given, &error), qPrintable(error));
    QHash<QString, AccessRequest> byId;
    for (const AccessRequest &r : readAll(2))
        byId.insert(r.requestId, r);
    const AccessRequest &first = byId[u"r0"_s];
    QCOMPARE(first.resourceIds, ids);
    for (const QString &id : {u"r1"_s, u"r2"_s}) {
        const AccessRequest &r = byId[id];
        QCOMPARE(r.resourceIds, ids);
        QCOMPARE(r.resourceIds.constData(), first.resourceIds.constData());
        QCOMPARE(r.subscriptionId.constData(), first.subscriptionId.constData());
        QCOMPARE(r.resourceType.constData(), first.resourceType.constData());
        QCOMPARE(r.type.constData(), first.type.constData());
    }
    QCOMPARE(byId[u"r3"_s].resourceIds, QStringList {u"/else"_s});
}

void TestRequestRowReader::readSummariesCutAsSummaryDoes()
{
    // The reader cuts a justification as it reads it, without decoding what it cuts off; what it
    // gives must be what summary() makes of the whole text, at every boundary.
    const QString emoji = u"\U0001F600"_s;
    const QStringList texts = {QString(),
                               u"short"_s,
                               QString(119, u'a'),
                               QString(120, u'a'),
                               QString(121, u'a'),
                               QString(5000, u'a'),
                               QString(120, u'a') + u"ü"_s,
                               QString(119, u'a') + u"ü"_s,
                               QString(119, u'a') + emoji,
                               QString(118, u'a') + emoji,
                               QString(118, u'a') + emoji + u"b"_s,
                               QString(119, u'a') + emoji + u"b"_s,
                               u"ü"_s.repeated(200),
                               emoji.repeated(100),
                               u"a"_s + emoji.repeated(100),
                               QString(60, u'a') + u"日本語"_s.repeated(40),
                               QString(120, u'a') + u"…"_s,
                               u"tab\there, new\nline"_s.repeated(20)};
    QList<AccessRequest> given;
    for (qsizetype i = 0; i < texts.size(); ++i)
        given.append(RequestBuilder(u"r%1"_s.arg(i), kSubA).status(Kind::Denied).justification(texts[i]).build());
    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, given, &error), qPrintable(error));
    QHash<QString, AccessRequest> byId;
    for (const AccessRequest &r : readAll(100))
        byId.insert(r.requestId, r);
    for (const AccessRequest &r : std::as_const(given)) {
        const QString read = byId.value(r.requestId).justification;
        const QString expected = RequestRowReader::summary(r).justification;
        if (read != expected)
            QFAIL(qPrintable(
                u"%1: read %2 characters, expected %3"_s.arg(r.requestId).arg(read.size()).arg(expected.size())));
    }

    // Bytes no writer of ours makes (another program may have written the file): invalid UTF-8,
    // lone surrogates in CESU form, a 4-byte sequence cut short, cut points right at 120 ASCII
    // bytes. Read as summary() cuts the whole text decoded from UTF-8.
    const QList<QByteArray> raw = {QByteArray(120, 'a'),
                                   QByteArray(121, 'a'),
                                   QByteArray(120, 'a') + "\xff",
                                   QByteArray(119, 'a') + "\xff\xfe" + QByteArray(10, 'b'),
                                   QByteArray(119, 'a') + "\xed\xa0\x80" + "tail",
                                   QByteArray(119, 'a') + "\xf0\x9f\x98",
                                   QByteArray(119, 'a') + "\xf0\x9f\x98\x80" + "b",
                                   QByteArray(118, 'a') + "\xc3" + QByteArray(10, 'b'),
                                   QByteArray(5, '\0') + QByteArray(200, 'z'),
                                   QByteArray("\x80\x80\x80").repeated(150),
                                   QByteArray(358, 'a') + "\xf0\x9f\x98\x80\xf0\x9f\x98\x80"};
    QVERIFY(raw.size() <= given.size());
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open_v2(m_db->filePath().toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    const auto closeDb = qScopeGuard([db] { sqlite3_close(db); });
    sqlite3_stmt *update = nullptr;
    QCOMPARE(
        sqlite3_prepare_v2(db, "UPDATE requests SET justification = ?1 WHERE request_id = ?2", -1, &update, nullptr),
        SQLITE_OK);
    const auto finalize = qScopeGuard([update] { sqlite3_finalize(update); });
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArray id = given[i].requestId.toUtf8();
        sqlite3_bind_text(update, 1, raw[i].constData(), int(raw[i].size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(update, 2, id.constData(), int(id.size()), SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(update), SQLITE_DONE);
        QCOMPARE(sqlite3_changes(db), 1);
        sqlite3_reset(update);
    }
    byId.clear();
    for (const AccessRequest &r : readAll(100))
        byId.insert(r.requestId, r);
    for (qsizetype i = 0; i < raw.size(); ++i) {
        AccessRequest whole = given[i];
        whole.justification = QString::fromUtf8(raw[i]);
        const QString read = byId.value(whole.requestId).justification;
        const QString expected = RequestRowReader::summary(whole).justification;
        if (read != expected)
            QFAIL(
                qPrintable(u"raw %1: read %2 characters, expected %3"_s.arg(i).arg(read.size()).arg(expected.size())));
    }
}

void TestRequestRowReader::quirkyResourceIdsRoundTrip()
{
    const QStringList ids = {u"/subscriptions/x/resourceGroups/rg/providers/A.B/c/with \"quotes\""_s, u"back\\slash"_s,
                             u"ünïcödé, [brackets]"_s, QString()};
    const AccessRequest quirky = RequestBuilder(u"quirky"_s, kSubA).status(Kind::Expired).resourceIds(ids).build();
    const AccessRequest plain =
        RequestBuilder(u"plain"_s, kSubA).status(Kind::Expired).resourceIds({u"/a, b"_s, u"[c]"_s}).build();
    const AccessRequest none = RequestBuilder(u"none"_s, kSubA).status(Kind::Expired).resourceIds({}).build();
    const AccessRequest escaped = RequestBuilder(u"escaped"_s, kSubA)
                                      .status(Kind::Expired)
                                      .resourceIds({u"back\\slash"_s, u"tab\there"_s})
                                      .build();
    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, {quirky, plain, none, escaped}, &error), qPrintable(error));
    QHash<QString, AccessRequest> byId;
    for (const AccessRequest &r : readAll(100))
        byId.insert(r.requestId, r);
    QCOMPARE(byId.value(u"quirky"_s).resourceIds, ids);
    QCOMPARE(byId.value(u"plain"_s).resourceIds, (QStringList {u"/a, b"_s, u"[c]"_s}));
    QVERIFY(byId.value(u"none"_s).resourceIds.isEmpty());
    QCOMPARE(byId.value(u"escaped"_s).resourceIds, (QStringList {u"back\\slash"_s, u"tab\there"_s}));
    for (const QString &id : {u"quirky"_s, u"plain"_s, u"none"_s, u"escaped"_s})
        QCOMPARE(byId.value(id), RequestRowReader::summary(*m_store->request(id)));
}

void TestRequestRowReader::emptyCache()
{
    RequestRowReader reader;
    QString error;
    QVERIFY2(reader.open(m_db->filePath(), &error), qPrintable(error));
    QVERIFY(!reader.atEnd());
    QVERIFY(reader.next(100, &error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(reader.atEnd());
    QVERIFY(reader.next(100, &error).isEmpty());
}

void TestRequestRowReader::missingFileIsAClearError()
{
    const QString path = m_dir->filePath(u"nowhere/lockbox.sqlite"_s);
    RequestRowReader reader;
    QString error;
    QVERIFY(!reader.open(path, &error));
    QVERIFY(reader.atEnd());
    QVERIFY2(error.startsWith(u"Cannot read the request cache "_s + path + u": "_s), qPrintable(error));
    QVERIFY2(error.contains(u"unable to open"_s), qPrintable(error));
    QVERIFY(reader.next(10, &error).isEmpty());
}

void TestRequestRowReader::foreignFileIsAClearError()
{
    const QString path = m_dir->filePath(u"foreign.sqlite"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'z'));
    file.close();
    RequestRowReader reader;
    QString error;
    QVERIFY(!reader.open(path, &error));
    QVERIFY2(error.startsWith(u"Cannot read the request cache "_s + path), qPrintable(error));
    QVERIFY2(error.contains(u"not a database"_s), qPrintable(error));
}

void TestRequestRowReader::damagedFileIsAClearError()
{
    // Enough rows for the table to span many pages; then its pages are overwritten with noise.
    QList<AccessRequest> many;
    for (int i = 0; i < 400; ++i)
        many.append(makeRequest(kSubA, i, Kind::Expired));
    QString error;
    QVERIFY2(m_store->mergeFull(kSubA, many, &error), qPrintable(error));
    const QString path = m_db->filePath();
    m_store.reset();
    m_db.reset(); // checkpoints the WAL into the file
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    const qint64 pageSize = lockbox::test::sqlitePageSize(path);
    QVERIFY(pageSize > 0);
    QVERIFY2(size > 16 * pageSize, qPrintable(QString::number(size / pageSize)));
    for (qint64 at = pageSize; at < size; at += pageSize) { // every page but the header's
        file.seek(at);
        file.write(QByteArray(pageSize, char(0xA5)));
    }
    file.close();

    RequestRowReader reader;
    error.clear();
    int rows = 0;
    if (reader.open(path, &error)) {
        while (!reader.atEnd() && error.isEmpty())
            rows += int(reader.next(50, &error).size());
    }
    QVERIFY2(!error.isEmpty(), "a damaged file read without a word");
    QVERIFY(rows < many.size());
    qInfo("%s", qPrintable(error));
    QVERIFY2(error.startsWith(u"Cannot read the request cache "_s + path + u": "_s), qPrintable(error));
    QVERIFY2(error.contains(u"malformed"_s) || error.contains(u"not a database"_s), qPrintable(error));
    QVERIFY(reader.atEnd());
}

void TestRequestRowReader::lockedFileIsAClearError()
{
    fill();
    const QString path = m_db->filePath();
    m_store.reset();
    m_db.reset();
    // Another process holds the file exclusively (locking_mode=EXCLUSIVE and a write: even
    // write-ahead logging's readers are shut out until it lets go).
    sqlite3 *other = nullptr;
    QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &other, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    const auto closeOther = qScopeGuard([other] { sqlite3_close(other); });
    QCOMPARE(sqlite3_exec(other, "PRAGMA locking_mode=EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE; UPDATE requests SET duration = duration; COMMIT", nullptr, nullptr,
                          nullptr),
             SQLITE_OK);

    RequestRowReader reader(200);
    QString error;
    QList<AccessRequest> rows;
    if (reader.open(path, &error))
        rows = reader.next(10, &error);
    QVERIFY(rows.isEmpty());
    QVERIFY2(error.startsWith(u"Cannot read the request cache "_s + path + u": "_s), qPrintable(error));
    QVERIFY2(error.contains(u"locked"_s), qPrintable(error));
    QVERIFY(reader.atEnd());
}

QTEST_GUILESS_MAIN(TestRequestRowReader)
#include "tst_requestrowreader.moc"
