// AuditView: integrity verification (intact and tampered) on a worker thread, CSV and JSON export
// of the current filter (formula cells neutralised), the filters (actions in words, date fields
// that show the period), refresh(), the columns' widths, and the charts' figures (for the same
// filter as the records), empty state, palette and readability in a small window.

#include "engine/auditexport.h"
#include "engine/auditreader.h"
#include "gui/auditcharts.h"
#include "gui/audittablemodel.h"
#include "gui/auditview.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/requeststore.h"
#include "store/storetesthelpers.h"
#include "support/csvreader.h"

#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::AuditRecord;
using lockbox::RequestStatus;
using lockbox::engine::AuditExport;
using lockbox::gui::AuditCharts;
using lockbox::gui::AuditTableModel;
using lockbox::gui::AuditView;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::Database;
using lockbox::store::RequestStore;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;
using lockbox::test::readCsv;

namespace {

constexpr int kWaitMs = 60000; // a loaded machine may take long; a pass never waits that long

const QDateTime kNow(QDate(2025, 3, 12), QTime(12, 0), Qt::UTC); // a Wednesday

// The records of the export tests: one hostile line among plain ones.
AuditRecord plainRecord(int n)
{
    AuditRecord r;
    r.time = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC).addSecs(60LL * n);
    r.actor = u"alice@contoso.com"_s;
    r.action = n % 2 ? u"decision.queued"_s : u"decision.acknowledged"_s;
    r.requestId = u"req-%1"_s.arg(n);
    r.subscriptionId = u"sub-a"_s;
    r.reason = u"reason %1"_s.arg(n);
    r.outcome = u"queued: Approve"_s;
    return r;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

} // namespace

class TestAuditView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void verifyShowsIntact();
    void verifyShowsTheFirstBadRecord();
    void exportCsvOfTheCurrentFilter();
    void exportJson();
    void exportFollowsTheTablesOrder();
    void exportCanceledWritesNoFile();
    void exportToAnUnwritablePlaceFails();
    void filtersDriveTheTable();
    void refreshShowsNewRecordsAndActions();
    void chartsShowTheStatistics();
    void chartsEmptyState();
    void chartsFollowThePalette();
    void periodDatesFollowThePeriod();
    void actionFilterInWords();
    void columnsAtFullHd();
    void chartsFollowTheFilters();
    void chartsReadableInASmallWindow();

private:
    void makeView()
    {
        m_reader = lockbox::engine::AuditReader::open(m_dir->path());
        QVERIFY(m_reader);
        m_view = std::make_unique<AuditView>(*m_reader, m_dir->path(), *m_clock);
        m_view->resize(1000, 700);
        m_view->show();
    }
    void fill(int count)
    {
        for (int n = 1; n <= count; ++n)
            QVERIFY(m_log->append(plainRecord(n)));
    }
    void verify(bool expectIntact)
    {
        QSignalSpy finished(m_view.get(), &AuditView::verificationFinished);
        auto *button = m_view->findChild<QPushButton *>(u"verifyButton"_s);
        QVERIFY(button);
        QVERIFY(button->isEnabled());
        m_view->verifyIntegrity();
        QVERIFY(m_view->isVerifying());
        QVERIFY(!button->isEnabled()); // until the worker answers
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.constFirst().constFirst().toBool(), expectIntact);
        QVERIFY(button->isEnabled());
    }
    bool exportTo(const QString &path, AuditExport::Format format, QString *message = nullptr)
    {
        QSignalSpy finished(m_view.get(), &AuditView::exportFinished);
        m_view->exportTo(path, format);
        if (!m_view->isExporting() && finished.isEmpty())
            return false;
        if (finished.isEmpty() && !finished.wait(kWaitMs))
            return false;
        if (message)
            *message = finished.constFirst().at(1).toString();
        return finished.constFirst().constFirst().toBool();
    }
    // Requests of sub-a and sub-b created over the last `weeks` weeks, one a day, every third
    // decided here an hour after it was created.
    void fillRequests(int weeks)
    {
        QList<AccessRequest> bySubscription[2];
        for (int day = 0; day < weeks * 7; ++day) {
            const bool b = day % 2;
            AccessRequest r =
                lockbox::test::createdAt(b ? u"sub-b"_s : u"sub-a"_s, day,
                                         day % 3 ? RequestStatus::Kind::Expired : RequestStatus::Kind::Approved,
                                         kNow.addDays(-day).addSecs(-3600));
            bySubscription[b ? 1 : 0].append(r);
            if (day % 3 == 0) {
                AuditRecord a;
                a.time = r.createdDateTime.addSecs(3600);
                a.actor = u"alice@contoso.com"_s;
                a.action = u"decision.acknowledged"_s;
                a.requestId = r.requestId;
                a.subscriptionId = r.subscriptionId;
                a.reason = day == 3 ? u"Needle"_s : u"fine"_s;
                QVERIFY(m_log->append(a));
            }
        }
        RequestStore store(*m_writer, *m_clock);
        QVERIFY(store.mergeFull(u"sub-a"_s, bySubscription[0]));
        QVERIFY(store.mergeFull(u"sub-b"_s, bySubscription[1]));
    }
    static qreal sum(const QList<qreal> &values)
    {
        qreal total = 0;
        for (const qreal v : values)
            total += v;
        return total;
    }
    void refreshCharts()
    {
        QSignalSpy updated(m_view.get(), &AuditView::chartsUpdated);
        m_view->refreshCharts();
        QVERIFY(m_view->isComputingCharts());
        QVERIFY(updated.wait(kWaitMs));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_writer;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<lockbox::engine::AuditReader> m_reader;
    std::unique_ptr<AuditView> m_view;
};

void TestAuditView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(kNow);
    m_writer = std::make_unique<Database>();
    QVERIFY(m_writer->open(m_dir->path()));
    m_log = std::make_unique<AuditLog>(*m_writer, *m_clock);
}

void TestAuditView::cleanup()
{
    m_view.reset();
    // Workers hold connections of their own to the profile: let them end before it goes.
    QThreadPool::globalInstance()->waitForDone();
    m_reader.reset();
    m_log.reset();
    m_writer.reset();
    m_dir.reset();
}

void TestAuditView::verifyShowsIntact()
{
    fill(25);
    makeView();
    QCOMPARE(m_view->verificationText(), QString());
    verify(true);
    const QString text = m_view->verificationText();
    QVERIFY2(text.startsWith(u"Audit log intact: 25 record"_s) && text.endsWith(u" verified."_s), qPrintable(text));
}

void TestAuditView::verifyShowsTheFirstBadRecord()
{
    fill(20);
    makeView();
    {
        // The attacker with the file: drops the append-only trigger and edits record 7.
        RawConnection raw(m_writer->filePath());
        QVERIFY2(raw.exec(u"DROP TRIGGER audit_no_update"_s), qPrintable(raw.lastError()));
        QVERIFY2(raw.exec(u"UPDATE audit SET reason = 'approved by someone else' WHERE seq = 7"_s),
                 qPrintable(raw.lastError()));
    }
    verify(false);
    const QString text = m_view->verificationText();
    QVERIFY2(text.startsWith(u"Audit log tampered: first bad record #7 — "_s), qPrintable(text));
    QVERIFY2(text.contains(u"Audit record 7 was altered"_s), qPrintable(text));

    // Verifying again gives the same answer (the button works twice).
    verify(false);
    QVERIFY(m_view->verificationText().startsWith(u"Audit log tampered: first bad record #7"_s));
}

void TestAuditView::exportCsvOfTheCurrentFilter()
{
    fill(6);
    AuditRecord hostile = plainRecord(7);
    hostile.action = u"decision.acknowledged"_s;
    hostile.actor = u"Zoë ✓ <b>"_s;
    hostile.reason = u"=cmd|' /C calc'!A0"_s;
    hostile.outcome = u"said \"no\", twice\r\nreally"_s;
    hostile.subscriptionId = u"+sub"_s;
    QVERIFY(m_log->append(hostile));
    makeView();

    // The current filter: acknowledgements only (records 2, 4, 6 and 7).
    auto *actions = m_view->findChild<QComboBox *>(u"actionCombo"_s);
    QVERIFY(actions);
    const int index = actions->findData(u"decision.acknowledged"_s);
    QVERIFY(index > 0);
    actions->setCurrentIndex(index);
    QCOMPARE(m_view->model()->rowCount(), 4);

    const QString path = m_dir->filePath(u"audit.csv"_s);
    QString message;
    QVERIFY2(exportTo(path, AuditExport::Format::Csv, &message), qPrintable(message));
    QVERIFY2(message.startsWith(u"Exported 4 record"_s) && message.contains(path), qPrintable(message));

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith("\"sequence\",\"time\",\"actor\",\"action\",\"requestId\",\"subscriptionId\",\"reason\","
                             "\"outcome\",\"source\",\"hash\"\r\n"));
    QVERIFY(bytes.contains(QStringView(u"Zoë ✓").toUtf8())); // UTF-8
    QVERIFY(bytes.contains("'=cmd|' /C calc'!A0"));
    QVERIFY(!bytes.contains(",=cmd"));
    const QList<QStringList> rows = readCsv(QString::fromUtf8(bytes));
    QCOMPARE(rows.size(), 5);
    const QList<AuditRecord> stored = AuditLog(*m_writer, *m_clock).records(AuditQuery());
    const QList<int> expectedSequences = {7, 6, 4, 2}; // newest first, as the table shows them
    for (int i = 0; i < expectedSequences.size(); ++i) {
        const QStringList &row = rows.at(i + 1);
        const AuditRecord &r = stored.at(expectedSequences.at(i) - 1);
        QCOMPARE(row.size(), 10);
        QCOMPARE(row.at(0), QString::number(r.sequence));
        QCOMPARE(row.at(1), r.time.toString(Qt::ISODateWithMs));
        QVERIFY(row.at(1).endsWith(u'Z'));
        QCOMPARE(row.at(3), u"decision.acknowledged"_s);
        QCOMPARE(row.at(8), u"local"_s);
        QCOMPARE(row.at(9), QString::fromLatin1(r.hash));
    }
    const QStringList &newest = rows.at(1);
    QCOMPARE(newest.at(2), u"Zoë ✓ <b>"_s);
    QCOMPARE(newest.at(5), u"'+sub"_s);
    QCOMPARE(newest.at(6), u"'=cmd|' /C calc'!A0"_s);
    QCOMPARE(newest.at(7), u"said \"no\", twice\r\nreally"_s);
}

void TestAuditView::exportJson()
{
    fill(3);
    AuditRecord azure = plainRecord(4);
    azure.source = AuditRecord::Source::Azure;
    azure.action = u"Approve"_s;
    azure.externalId = u"event-4"_s;
    azure.reason = u"line\nbreak \"quoted\" \\ back\u2028sep \U0001F680 launch"_s;
    azure.actor = u"Zoë \U0001F9D1\u200D\U0001F4BB"_s;
    QVERIFY(m_log->importAzure({azure}));
    makeView();

    const QString path = m_dir->filePath(u"audit.json"_s);
    QString message;
    QVERIFY2(exportTo(path, AuditExport::Format::Json, &message), qPrintable(message));

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(path), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isArray());
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), 4);
    const QList<AuditRecord> stored = AuditLog(*m_writer, *m_clock).records(AuditQuery());
    for (int i = 0; i < 4; ++i) {
        const QJsonObject o = array.at(i).toObject();
        const AuditRecord &r = stored.at(3 - i); // newest first
        QCOMPARE(o.keys().size(), 10);
        QCOMPARE(o.value(u"sequence"_s).toInteger(), r.sequence);
        QCOMPARE(o.value(u"time"_s).toString(), r.time.toString(Qt::ISODateWithMs));
        QCOMPARE(o.value(u"actor"_s).toString(), r.actor);
        QCOMPARE(o.value(u"action"_s).toString(), r.action);
        QCOMPARE(o.value(u"requestId"_s).toString(), r.requestId);
        QCOMPARE(o.value(u"subscriptionId"_s).toString(), r.subscriptionId);
        QCOMPARE(o.value(u"reason"_s).toString(), r.reason);
        QCOMPARE(o.value(u"outcome"_s).toString(), r.outcome);
        QCOMPARE(o.value(u"source"_s).toString(), AuditRecord::sourceName(r.source));
        QCOMPARE(o.value(u"hash"_s).toString(), QString::fromLatin1(r.hash));
    }
    QCOMPARE(array.at(3).toObject().value(u"time"_s).toString(), u"2025-03-01T12:01:00.000Z"_s);
    QCOMPARE(array.at(0).toObject().value(u"source"_s).toString(), u"azure"_s);
    QCOMPARE(array.at(0).toObject().value(u"reason"_s).toString(), azure.reason);
    // Characters outside the Basic Multilingual Plane are written whole, not as "??".
    QCOMPARE(array.at(0).toObject().value(u"actor"_s).toString(), azure.actor);
    QVERIFY(!readAll(path).contains("??"));

    // An empty filter result is an empty array, not an empty file.
    auto *search = m_view->findChild<QLineEdit *>(u"searchEdit"_s);
    search->setText(u"matches nothing at all"_s);
    QVERIFY(exportTo(path, AuditExport::Format::Json));
    QCOMPARE(QJsonDocument::fromJson(readAll(path)).array().size(), 0);
    QVERIFY(QJsonDocument::fromJson(readAll(path)).isArray());
}

void TestAuditView::exportFollowsTheTablesOrder()
{
    // Decisions first, then an import whose events are older than them and than one another, one
    // at the same time as a decision: the table and both files list newest event first.
    for (const int n : {5, 6, 7})
        QVERIFY(m_log->append(plainRecord(n)));
    QList<AuditRecord> events;
    for (const int n : {4, 1, 6, 3}) {
        AuditRecord azure = plainRecord(n);
        azure.source = AuditRecord::Source::Azure;
        azure.action = u"Create"_s;
        azure.externalId = u"event-%1"_s.arg(n);
        events.append(azure);
    }
    QVERIFY(m_log->importAzure(events));
    makeView();

    // Sequences: decisions 1-3 at minutes 5-7, imports 4-7 at minutes 4, 1, 6, 3.
    const QList<qint64> expected = {3, 6, 2, 1, 4, 7, 5};
    AuditTableModel *model = m_view->model();
    QList<qint64> shown;
    for (int row = 0; row < model->rowCount(); ++row)
        shown.append(model->index(row, 0).data(AuditTableModel::SequenceRole).toLongLong());
    QCOMPARE(shown, expected);
    QCOMPARE(model->index(0, AuditTableModel::TimeColumn).data(AuditTableModel::RawTextRole).toString(),
             u"2025-03-01T12:07:00.000Z"_s);

    const QString csvPath = m_dir->filePath(u"ordered.csv"_s);
    QVERIFY(exportTo(csvPath, AuditExport::Format::Csv));
    const QList<QStringList> rows = readCsv(QString::fromUtf8(readAll(csvPath)));
    QList<qint64> inCsv;
    for (qsizetype i = 1; i < rows.size(); ++i)
        inCsv.append(rows.at(i).at(0).toLongLong());
    QCOMPARE(inCsv, expected);

    const QString jsonPath = m_dir->filePath(u"ordered.json"_s);
    QVERIFY(exportTo(jsonPath, AuditExport::Format::Json));
    QList<qint64> inJson;
    for (const QJsonValue &v : QJsonDocument::fromJson(readAll(jsonPath)).array())
        inJson.append(v.toObject().value(u"sequence"_s).toInteger());
    QCOMPARE(inJson, expected);

    // Across the export's pages too, records of one time included.
    for (int n = 0; n < AuditExport::kPageSize + 5; ++n)
        QVERIFY(m_log->append(plainRecord(6)));
    const auto done = AuditExport::write(*m_writer, AuditQuery(), AuditExport::Format::Csv, csvPath);
    QVERIFY(done.ok);
    const QList<QStringList> paged = readCsv(QString::fromUtf8(readAll(csvPath)));
    QCOMPARE(paged.size(), 1 + 7 + AuditExport::kPageSize + 5);
    QCOMPARE(paged.at(1).at(0).toLongLong(), 3); // minute 7
    for (qsizetype i = 2; i < paged.size(); ++i) {
        const auto key = [&paged](qsizetype row) {
            return std::pair(paged.at(row).at(1), paged.at(row).at(0).toLongLong());
        };
        QVERIFY2(key(i) < key(i - 1), qPrintable(paged.at(i).join(u',')));
    }
}

void TestAuditView::exportCanceledWritesNoFile()
{
    fill(30);
    const QString path = m_dir->filePath(u"canceled.csv"_s);
    int calls = 0;
    const auto result = AuditExport::write(*m_writer, AuditQuery(), AuditExport::Format::Csv, path,
                                           [&calls](qint64 written, qint64 total) {
                                               ++calls;
                                               return written < total && calls < 1;
                                           });
    QVERIFY(result.canceled);
    QVERIFY(!result.ok);
    QVERIFY(!QFile::exists(path));
    QVERIFY(m_log->append(plainRecord(31))); // the read snapshot ended: writing works

    // Progress reports the count written of the total, page by page.
    QList<std::pair<qint64, qint64>> reports;
    const auto done = AuditExport::write(*m_writer, AuditQuery(), AuditExport::Format::Json, path,
                                         [&reports](qint64 written, qint64 total) {
                                             reports.append({written, total});
                                             return true;
                                         });
    QVERIFY(done.ok);
    QCOMPARE(done.records, 31);
    QVERIFY(!reports.isEmpty());
    QCOMPARE(reports.constFirst(), std::make_pair(qint64(0), qint64(31)));
    QCOMPARE(reports.constLast(), std::make_pair(qint64(31), qint64(31)));
    QCOMPARE(QJsonDocument::fromJson(readAll(path)).array().size(), 31);
}

void TestAuditView::exportToAnUnwritablePlaceFails()
{
    fill(2);
    makeView();
    QString message;
    QVERIFY(!exportTo(m_dir->filePath(u"no/such/folder/audit.csv"_s), AuditExport::Format::Csv, &message));
    QVERIFY2(message.startsWith(u"Export failed"_s), qPrintable(message));
    QVERIFY(!m_view->isExporting());
}

void TestAuditView::filtersDriveTheTable()
{
    fill(10);
    AuditRecord other = plainRecord(11);
    other.subscriptionId = u"sub-b"_s;
    other.reason = u"Special Case"_s;
    QVERIFY(m_log->append(other));
    makeView();
    m_view->setSubscriptionNames({{u"sub-b"_s, u"Beta team"_s}});
    AuditTableModel *model = m_view->model();
    QCOMPARE(model->rowCount(), 11);

    auto *subscriptions = m_view->findChild<QComboBox *>(u"subscriptionCombo"_s);
    QCOMPARE(subscriptions->count(), 3); // Any, sub-a, Beta team
    const int beta = subscriptions->findData(u"sub-b"_s);
    QCOMPARE(subscriptions->itemText(beta), u"Beta team"_s);
    subscriptions->setCurrentIndex(beta);
    QCOMPARE(model->rowCount(), 1);
    subscriptions->setCurrentIndex(0);
    QCOMPARE(model->rowCount(), 11);

    // Text waits for typing to pause.
    auto *search = m_view->findChild<QLineEdit *>(u"searchEdit"_s);
    search->setText(u"special"_s);
    QCOMPARE(model->rowCount(), 11);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, kWaitMs);
    QCOMPARE(m_view->filterQuery().text, u"special"_s);
    search->clear();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 11, kWaitMs);

    // Periods count back from the clock; records are 12:01 to 12:11 on 1 March.
    auto *period = m_view->findChild<QComboBox *>(u"periodCombo"_s);
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last7Days)));
    QCOMPARE(model->rowCount(), 0);
    m_clock->set(QDateTime(QDate(2025, 3, 5), QTime(12, 0), Qt::UTC));
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last30Days)));
    QCOMPARE(model->rowCount(), 11);
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last7Days)));
    QCOMPARE(model->rowCount(), 11);

    // A custom range is whole local days.
    auto *from = m_view->findChild<QDateEdit *>(u"fromDate"_s);
    auto *to = m_view->findChild<QDateEdit *>(u"toDate"_s);
    QVERIFY(!from->isEnabled());
    period->setCurrentIndex(period->findData(int(AuditView::Period::Custom)));
    QVERIFY(from->isEnabled() && to->isEnabled());
    const QDate recordDay = plainRecord(1).time.toLocalTime().date();
    from->setDate(recordDay.addDays(1));
    to->setDate(recordDay.addDays(2));
    QCOMPARE(model->rowCount(), 0);
    from->setDate(recordDay);
    QCOMPARE(model->rowCount(), 11);
    const AuditQuery query = m_view->filterQuery();
    QCOMPARE(query.since, QDateTime(recordDay, QTime(0, 0)).toUTC());
    QCOMPARE(query.until, QDateTime(recordDay.addDays(3), QTime(0, 0)).addMSecs(-1).toUTC());
}

void TestAuditView::refreshShowsNewRecordsAndActions()
{
    fill(3);
    makeView();
    AuditTableModel *model = m_view->model();
    auto *actions = m_view->findChild<QComboBox *>(u"actionCombo"_s);
    QCOMPARE(actions->count(), 3); // Any + the two present
    QCOMPARE(model->rowCount(), 3);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);

    AuditRecord withdrawn = plainRecord(4);
    withdrawn.action = u"decision.withdrawn"_s;
    QVERIFY(m_log->append(withdrawn));
    m_view->refresh();
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->record(0).action, u"decision.withdrawn"_s);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(actions->count(), 4);
    QVERIFY(actions->findData(u"decision.withdrawn"_s) > 0);
    QCOMPARE(actions->currentIndex(), 0); // the choice is kept
}

void TestAuditView::chartsShowTheStatistics()
{
    using Kind = RequestStatus::Kind;
    // Requests of this week and last, and decisions at known delays.
    QList<AccessRequest> requests;
    const std::tuple<int, Kind, int> specs[] = {
        // day offset from Monday 10 March, status, minutes to decision (-1: none)
        {0, Kind::Approved, 5},  {1, Kind::Denied, 90},     {2, Kind::Pending, -1},
        {-5, Kind::Expired, -1}, {-4, Kind::Approved, 600}, {-3, Kind::Revoked, 2000},
    };
    int n = 0;
    for (const auto &[day, status, minutes] : specs) {
        AccessRequest r = lockbox::test::makeRequest(u"sub-a"_s, n++, status);
        r.createdDateTime = QDateTime(QDate(2025, 3, 10).addDays(day), QTime(8, 0), Qt::UTC);
        requests.append(r);
    }
    QVERIFY(RequestStore(*m_writer, *m_clock).mergeFull(u"sub-a"_s, requests));
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const int minutes = std::get<2>(specs[i]);
        if (minutes < 0)
            continue;
        AuditRecord r;
        r.time = requests.at(i).createdDateTime.addSecs(60LL * minutes);
        r.action = u"decision.acknowledged"_s;
        r.requestId = requests.at(i).requestId;
        r.subscriptionId = u"sub-a"_s;
        QVERIFY(m_log->append(r));
    }
    makeView();
    AuditCharts *charts = m_view->charts();

    // Opening the tab computes them, once.
    QSignalSpy updated(m_view.get(), &AuditView::chartsUpdated);
    auto *tabs = m_view->findChild<QTabWidget *>(u"tabs"_s);
    tabs->setCurrentIndex(1);
    QVERIFY(m_view->isComputingCharts());
    QVERIFY(updated.wait(kWaitMs));
    QCOMPARE(updated.count(), 1);
    QVERIFY(charts->showsWeeklyChart());
    QVERIFY(charts->showsLatencyChart());
    QCOMPARE(charts->weekLabels().size(), AuditView::kChartWeeks);
    QCOMPARE(charts->outcomeTotals(), QList<qreal>({3, 1, 1, 1})); // approved (with revoked), denied, expired, other
    QCOMPARE(charts->latencyCounts(), QList<qreal>({1, 0, 1, 1, 1}));
    QVERIFY2(charts->summaryText().contains(u"4 decided"_s), qPrintable(charts->summaryText()));

    // Refresh re-reads: a new decision shows.
    AuditRecord late;
    late.time = requests.at(2).createdDateTime.addSecs(20 * 60);
    late.action = u"Approve"_s;
    late.source = AuditRecord::Source::Azure;
    late.externalId = u"event-late"_s;
    late.requestId = requests.at(2).requestId;
    QVERIFY(m_log->importAzure({late}));
    refreshCharts();
    QCOMPARE(charts->latencyCounts(), QList<qreal>({1, 1, 1, 1, 1}));
    QCOMPARE(charts->outcomeTotals(), QList<qreal>({3, 1, 1, 1})); // the cached status is still Pending
}

void TestAuditView::chartsEmptyState()
{
    makeView();
    refreshCharts();
    AuditCharts *charts = m_view->charts();
    QVERIFY(!charts->showsLatencyChart());
    QVERIFY(!charts->showsWeeklyChart());
    QCOMPARE(charts->emptyText(), u"No decisions yet"_s);
    QCOMPARE(charts->outcomeTotals(), QList<qreal>({0, 0, 0, 0}));
    QCOMPARE(charts->latencyCounts(), QList<qreal>({0, 0, 0, 0, 0}));

    // Requests but no decision: the weekly chart shows, the latency chart still says so.
    QVERIFY(
        RequestStore(*m_writer, *m_clock)
            .mergeFull(u"sub-a"_s,
                       {lockbox::test::makeRequest(u"sub-a"_s, 1, RequestStatus::Kind::Pending, kNow.addSecs(-3600))}));
    refreshCharts();
    QVERIFY(charts->showsWeeklyChart());
    QVERIFY(!charts->showsLatencyChart());
    QCOMPARE(charts->outcomeTotals(), QList<qreal>({0, 0, 0, 1}));
}

void TestAuditView::chartsFollowThePalette()
{
    makeView();
    AuditCharts *charts = m_view->charts();
    const QList<QChartView *> views = charts->findChildren<QChartView *>();
    QCOMPARE(views.size(), 2);

    QPalette dark = charts->palette();
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Window, QColor(0x28, 0x28, 0x28));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    charts->setPalette(dark);
    for (QChartView *view : views) {
        QCOMPARE(view->chart()->backgroundBrush().color(), QColor(0x20, 0x20, 0x20));
        QCOMPARE(view->chart()->titleBrush().color(), QColor(0xee, 0xee, 0xee));
    }

    QPalette light = dark;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    charts->setPalette(light);
    for (QChartView *view : views) {
        QCOMPARE(view->chart()->backgroundBrush().color(), QColor(Qt::white));
        QCOMPARE(view->chart()->titleBrush().color(), QColor(Qt::black));
    }
}

void TestAuditView::periodDatesFollowThePeriod()
{
    fill(3); // 1 March
    makeView();
    auto *period = m_view->findChild<QComboBox *>(u"periodCombo"_s);
    auto *from = m_view->findChild<QDateEdit *>(u"fromDate"_s);
    auto *to = m_view->findChild<QDateEdit *>(u"toDate"_s);
    const QDate today = kNow.toLocalTime().date();
    const auto choose = [period](AuditView::Period p) { period->setCurrentIndex(period->findData(int(p))); };

    // All time (the default): from the oldest record.
    QCOMPARE(from->date(), plainRecord(1).time.toLocalTime().date());
    QCOMPARE(to->date(), today);
    choose(AuditView::Period::Last7Days);
    QCOMPARE(from->date(), kNow.addDays(-7).toLocalTime().date());
    QCOMPARE(to->date(), today);
    QCOMPARE(m_view->filterQuery().since, kNow.addDays(-7));
    choose(AuditView::Period::Last30Days);
    QCOMPARE(from->date(), kNow.addDays(-30).toLocalTime().date());
    choose(AuditView::Period::Last12Months);
    QCOMPARE(from->date(), kNow.addMonths(-12).toLocalTime().date());
    QCOMPARE(to->date(), today);

    // A custom range starts from what was shown, and then stays as chosen.
    choose(AuditView::Period::Last7Days);
    choose(AuditView::Period::Custom);
    QCOMPARE(from->date(), kNow.addDays(-7).toLocalTime().date());
    from->setDate(today.addDays(-2));
    m_clock->set(kNow.addDays(3));
    m_view->refresh();
    QCOMPARE(from->date(), today.addDays(-2));
    QCOMPARE(to->date(), today);

    // The presets move with the clock.
    choose(AuditView::Period::Last7Days);
    QCOMPARE(from->date(), kNow.addDays(3 - 7).toLocalTime().date());
    QCOMPARE(to->date(), kNow.addDays(3).toLocalTime().date());
}

void TestAuditView::actionFilterInWords()
{
    fill(2); // decision.queued, decision.acknowledged
    AuditRecord azure = plainRecord(3);
    azure.action = u"Approve"_s;
    azure.source = AuditRecord::Source::Azure;
    azure.externalId = u"event-1"_s;
    QVERIFY(m_log->importAzure({azure}));
    AuditRecord odd = plainRecord(4);
    odd.action = u"<i>Something new</i>"_s;
    QVERIFY(m_log->append(odd));
    makeView();

    auto *actions = m_view->findChild<QComboBox *>(u"actionCombo"_s);
    QStringList texts;
    for (int i = 1; i < actions->count(); ++i)
        texts.append(actions->itemText(i));
    // In words, sorted by them; the unknown one as received.
    QCOMPARE(texts,
             QStringList({u"<i>Something new</i>"_s, u"Decision acknowledged by Azure"_s, u"Decision queued"_s,
                          u"Request approved"_s}));
    // Choosing one filters by the stored action.
    actions->setCurrentIndex(texts.indexOf(u"Decision acknowledged by Azure"_s) + 1);
    QCOMPARE(m_view->filterQuery().action, u"decision.acknowledged"_s);
    QCOMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(m_view->model()->index(0, AuditTableModel::ActionColumn).data().toString(),
             u"Decision acknowledged by Azure"_s);
}

void TestAuditView::columnsAtFullHd()
{
    fill(10);
    AuditRecord guid = plainRecord(11);
    guid.requestId = u"4ee054c1-7cb5-4480-90d4-b521eb4705de"_s;
    guid.reason = u"Approved: matches case 2612040011004276, which we opened for the cluster restart"_s;
    QVERIFY(m_log->append(guid));
    makeView();
    m_view->resize(1880, 800);
    auto *table = m_view->findChild<QTableView *>(u"table"_s);
    QHeaderView *header = table->horizontalHeader();
    QTRY_VERIFY(header->sectionSize(AuditTableModel::ReasonColumn) > 0);
    const auto width = [header](int column) { return header->sectionSize(column); };

    // The reason takes what is left, the short columns what they need.
    for (const int column : {AuditTableModel::TimeColumn, AuditTableModel::ActorColumn, AuditTableModel::ActionColumn,
                             AuditTableModel::RequestColumn, AuditTableModel::SubscriptionColumn,
                             AuditTableModel::OutcomeColumn, AuditTableModel::SourceColumn})
        QVERIFY2(width(AuditTableModel::ReasonColumn) > width(column), qPrintable(QString::number(column)));
    QVERIFY(width(AuditTableModel::SourceColumn) < 150);
    QVERIFY(width(AuditTableModel::OutcomeColumn) < 250);
    // Columns fill the table: no horizontal scrolling, no gap.
    QCOMPARE(header->length(), table->viewport()->width());
    // A request id shows whole.
    const QFontMetrics metrics(table->font());
    QVERIFY(width(AuditTableModel::RequestColumn) > metrics.horizontalAdvance(guid.requestId) + 8);
    QVERIFY(width(AuditTableModel::ReasonColumn) > metrics.horizontalAdvance(guid.reason) + 8);
}

void TestAuditView::chartsFollowTheFilters()
{
    fillRequests(4); // 28 requests, 14 of each subscription, 10 decided
    makeView();
    AuditCharts *charts = m_view->charts();
    QSignalSpy updated(m_view.get(), &AuditView::chartsUpdated);
    auto *tabs = m_view->findChild<QTabWidget *>(u"tabs"_s);
    tabs->setCurrentIndex(1);
    QVERIFY(updated.wait(kWaitMs));
    QCOMPARE(sum(charts->outcomeTotals()), 28);
    QCOMPARE(sum(charts->latencyCounts()), 10);
    QCOMPARE(charts->weekLabels().size(), AuditView::kChartWeeks); // all time, short history: the minimum
    QVERIFY2(!charts->summaryText().contains(u"match"_s), qPrintable(charts->summaryText()));

    // Each filter change computes them again, for the requests the records are about.
    auto *subscriptions = m_view->findChild<QComboBox *>(u"subscriptionCombo"_s);
    subscriptions->setCurrentIndex(subscriptions->findData(u"sub-b"_s));
    QVERIFY(updated.wait(kWaitMs));
    QTRY_VERIFY(!m_view->isComputingCharts());
    QCOMPARE(sum(charts->outcomeTotals()), 14);
    QCOMPARE(sum(charts->latencyCounts()), 5); // days 3, 9, 15, 21, 27
    QVERIFY2(charts->summaryText().contains(u"match the filters"_s), qPrintable(charts->summaryText()));

    auto *actions = m_view->findChild<QComboBox *>(u"actionCombo"_s);
    subscriptions->setCurrentIndex(0);
    actions->setCurrentIndex(actions->findData(u"decision.acknowledged"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isComputingCharts() && sum(charts->outcomeTotals()) == 10, kWaitMs);
    QCOMPARE(charts->outcomeTotals(), QList<qreal>({10, 0, 0, 0}));
    actions->setCurrentIndex(0);

    // Text, after the typing pause.
    auto *search = m_view->findChild<QLineEdit *>(u"searchEdit"_s);
    search->setText(u"needle"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isComputingCharts() && sum(charts->outcomeTotals()) == 1, kWaitMs);
    QCOMPARE(sum(charts->latencyCounts()), 1);
    search->clear();

    // The period sets the weeks.
    auto *period = m_view->findChild<QComboBox *>(u"periodCombo"_s);
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last7Days)));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isComputingCharts() && charts->weekLabels().size() == 2, kWaitMs);
    QCOMPARE(sum(charts->outcomeTotals()), 7); // a request a day
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last12Months)));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isComputingCharts() && charts->weekLabels().size() >= 52, kWaitMs);
    QCOMPARE(sum(charts->outcomeTotals()), 28);

    // Out of sight, a change waits until the charts are shown again.
    tabs->setCurrentIndex(0);
    updated.clear();
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last7Days)));
    QTest::qWait(50);
    QVERIFY(!m_view->isComputingCharts());
    QCOMPARE(updated.count(), 0);
    tabs->setCurrentIndex(1);
    QVERIFY(m_view->isComputingCharts());
    QVERIFY(updated.wait(kWaitMs));
    QCOMPARE(charts->weekLabels().size(), 2);
}

void TestAuditView::chartsReadableInASmallWindow()
{
    fillRequests(26);
    makeView();
    // What the history gets of a 1280 × 720 window, with a banner above it.
    m_view->resize(1260, 540);
    auto *period = m_view->findChild<QComboBox *>(u"periodCombo"_s);
    period->setCurrentIndex(period->findData(int(AuditView::Period::Last12Months)));
    auto *tabs = m_view->findChild<QTabWidget *>(u"tabs"_s);
    QSignalSpy updated(m_view.get(), &AuditView::chartsUpdated);
    tabs->setCurrentIndex(1);
    QVERIFY(updated.wait(kWaitMs));
    AuditCharts *charts = m_view->charts();
    QVERIFY(charts->showsWeeklyChart());
    QVERIFY(charts->weekLabels().size() >= 52);

    QChartView *weekly = nullptr;
    const QList<QChartView *> views = charts->findChildren<QChartView *>();
    for (QChartView *view : views) {
        if (view->accessibleName() == u"Requests per week by outcome"_s)
            weekly = view;
    }
    QVERIFY(weekly);
    // Every text the chart draws whole: each week label it places (several, not all of 53), the
    // axis titles.
    const auto drawnTexts = [weekly] {
        QStringList out;
        const QList<QGraphicsItem *> items = weekly->scene()->items();
        for (QGraphicsItem *item : items) {
            if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
                out.append(text->toPlainText());
        }
        return out;
    };
    const auto readable = [&] {
        const QStringList texts = drawnTexts();
        const QStringList shown = charts->shownWeekLabels();
        if (shown.size() < 3 || shown.size() >= charts->weekLabels().size())
            return false;
        for (const QString &label : shown) {
            if (!texts.contains(label))
                return false;
        }
        return texts.contains(u"Requests"_s) && texts.contains(u"Week starting"_s);
    };
    QTRY_VERIFY2(readable(), qPrintable(drawnTexts().join(u" | "_s)));
    for (const QString &text : drawnTexts())
        QVERIFY2(!text.contains(u"..."_s) && !text.contains(u'…'), qPrintable(text));
    QVERIFY(charts->shownWeekLabels().constLast() == charts->weekLabels().constLast()); // this week

    // The plot takes at least half of the charts' pane.
    const qreal plot = weekly->chart()->plotArea().height();
    QVERIFY2(plot >= charts->height() / 2.0, qPrintable(u"plot %1 px of %2 px"_s.arg(plot).arg(charts->height())));
}

QTEST_MAIN(TestAuditView)
#include "tst_auditview.moc"
