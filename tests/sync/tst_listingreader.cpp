// ListingReader: a listing's pages come back in order, as parsing their bytes gives them, each
// request with the hash its merge stores; a page that cannot be read stops the reading there and
// every page from it on answers with its error; the reading stays at most `ahead` pages in front
// of the taking; and a reader let go half way stops without waiting for the rest.

#include "azure/azurejson.h"
#include "azure/requestlistjob.h"
#include "sim/simjson.h"
#include "sim/simworld.h"
#include "store/contenthash.h"
#include "support/simfixture.h"
#include "sync/listingreader.h"

#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ArmError;
using lockbox::ListingReader;
using lockbox::RequestListJob;

namespace {

std::atomic<int> g_parsed {0};

lockbox::RequestPage countingReader(const QByteArray &body)
{
    ++g_parsed;
    return lockbox::AzureJson::parseRequestPage(body);
}

// Restores the default page reader when the test ends, however it ends.
struct CountedParsing
{
    CountedParsing()
    {
        g_parsed = 0;
        RequestListJob::setPageReader(&countingReader);
    }
    ~CountedParsing() { RequestListJob::setPageReader(nullptr); }
    Q_DISABLE_COPY_MOVE(CountedParsing)
};

} // namespace

class TestListingReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesComeInOrderWithTheirHashes();
    void aPageThatCannotBeReadStopsTheReadingThere();
    void aRequestRefusedWhenReadIsToldAsItsReply();
    void theReadingStaysAtMostAheadPagesInFront();
    void aReaderLetGoHalfWayStops();

private:
    // `pages` pages of `perPage` requests of the first subscription, as its listing keeps them:
    // every page but the last as its bytes, the last parsed.
    QList<RequestListJob::Page> listing(int pages, int perPage);

    std::unique_ptr<lockbox::test::SimFixture> m_sim;
    QString m_sub;
};

void TestListingReader::initTestCase()
{
    auto options = lockbox::test::SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.requestsPerSubscription = 240;
    options.quirkFraction = 0.5;
    m_sim = std::make_unique<lockbox::test::SimFixture>(options);
    m_sub = m_sim->subscriptionIds().value(0);
    QVERIFY(!m_sub.isEmpty());
}

QList<RequestListJob::Page> TestListingReader::listing(int pages, int perPage)
{
    const auto records = m_sim->simulator().world().requests(m_sub);
    QList<RequestListJob::Page> out;
    for (int p = 0; p < pages; ++p) {
        QByteArray body = R"({"value":[)";
        for (int i = 0; i < perPage; ++i) {
            if (i > 0)
                body += ',';
            body += lockbox::sim::requestJsonBytes(*records.at((p * perPage + i) % records.size()));
        }
        body += "]}";
        RequestListJob::Page page;
        if (p + 1 < pages) {
            page.kept = true;
            page.body = body;
        } else {
            const lockbox::ArmParseResult parsed = RequestListJob::parsePage(body, m_sub);
            page.requests = parsed.value.value<QList<AccessRequest>>();
        }
        page.items = perPage;
        out.append(page);
    }
    return out;
}

void TestListingReader::pagesComeInOrderWithTheirHashes()
{
    const QList<RequestListJob::Page> pages = listing(9, 25);
    // The subscription spelled in another case than the records: the hashes are of the requests as
    // the merge stores them, under the listing's spelling.
    const QString listed = m_sub.toUpper();
    QVERIFY(listed != m_sub);
    ListingReader reader(listed, pages, 2);
    QCOMPARE(reader.size(), 9);
    for (qsizetype p = 0; p < pages.size(); ++p) {
        const ListingReader::Page got = reader.next();
        QVERIFY2(!got.error.isError(), qPrintable(got.error.toDisplayString()));
        const QList<AccessRequest> expected = pages.at(p).kept
            ? RequestListJob::parsePage(pages.at(p).body, listed).value.value<QList<AccessRequest>>()
            : pages.at(p).requests;
        QCOMPARE(got.requests.size(), 25);
        QCOMPARE(got.rows.size(), got.requests.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(got.requests.at(i).requestId, expected.at(i).requestId);
            QCOMPARE(got.requests.at(i).justification, expected.at(i).justification);
            AccessRequest asStored = expected.at(i);
            asStored.subscriptionId = listed;
            QCOMPARE(got.rows.at(i).hash(), lockbox::store::contentHash(asStored));
        }
    }
}

void TestListingReader::aPageThatCannotBeReadStopsTheReadingThere()
{
    QList<RequestListJob::Page> pages = listing(6, 10);
    pages[2].body.chop(40);            // cut short: a syntax error, worth another try of the listing
    pages[4].body = R"({"value":[]})"; // never read: the reading stopped before it
    const CountedParsing counted;
    ListingReader reader(m_sub, pages, 3);
    QVERIFY(!reader.next().error.isError());
    QVERIFY(!reader.next().error.isError());
    const ListingReader::Page broken = reader.next();
    QCOMPARE(broken.error.kind, ArmError::Kind::BadReply);
    QVERIFY(broken.requests.isEmpty());
    for (int i = 3; i < 6; ++i) {
        const ListingReader::Page after = reader.next();
        QCOMPARE(after.error.kind, ArmError::Kind::BadReply);
        QCOMPARE(after.error.detail, broken.error.detail);
        QVERIFY(after.requests.isEmpty());
    }
    QCOMPARE(g_parsed.load(), 3); // pages 0 to 2; nothing after the broken one
}

void TestListingReader::aRequestRefusedWhenReadIsToldAsItsReply()
{
    // A held page was only checked as it arrived: a request it holds that the reader refuses is
    // told as the reply it came in would have been told then (HTTP 200, sent, Azure's request id).
    QList<RequestListJob::Page> pages = listing(3, 4);
    pages[1].body.replace("\"requestId\"", "\"requestIdent\"");
    pages[1].armRequestId = u"7f3c2a10-reply-of-page-2"_s;
    QVERIFY(lockbox::AzureJson::checkRequestPage(pages[1].body).ok());
    ListingReader reader(m_sub, pages, 1);
    QVERIFY(!reader.next().error.isError());
    const ListingReader::Page refused = reader.next();
    QCOMPARE(refused.error.kind, ArmError::Kind::BadReply);
    QVERIFY2(refused.error.detail.contains(u"value[0]"_s) && refused.error.detail.contains(u"requestId"_s),
             qPrintable(refused.error.detail));
    QCOMPARE(refused.error.httpStatus, 200);
    QVERIFY(refused.error.requestSent);
    QCOMPARE(refused.error.armRequestId, u"7f3c2a10-reply-of-page-2"_s);
    QVERIFY2(refused.error.toDisplayString().contains(u"7f3c2a10-reply-of-page-2"_s),
             qPrintable(refused.error.toDisplayString()));
}

void TestListingReader::theReadingStaysAtMostAheadPagesInFront()
{
    const QList<RequestListJob::Page> pages = listing(8, 5); // 7 kept pages, then a parsed one
    const CountedParsing counted;
    ListingReader reader(m_sub, pages, 2);
    QTRY_COMPARE(g_parsed.load(), 2);
    QTest::qWait(50); // and no further
    QCOMPARE(g_parsed.load(), 2);
    QVERIFY(!reader.next().error.isError());
    QTRY_COMPARE(g_parsed.load(), 3);
    QTest::qWait(50);
    QCOMPARE(g_parsed.load(), 3);
    for (int i = 1; i < 8; ++i)
        QVERIFY(!reader.next().error.isError());
    QCOMPARE(g_parsed.load(), 7);
}

void TestListingReader::aReaderLetGoHalfWayStops()
{
    QList<RequestListJob::Page> pages = listing(40, 5);
    const CountedParsing counted;
    {
        ListingReader reader(m_sub, std::exchange(pages, {}), 2);
        QVERIFY(!reader.next().error.isError());
    } // joins its thread: nothing is read after this
    const int parsed = g_parsed.load();
    QVERIFY2(parsed <= 3, QByteArray::number(parsed).constData());
    QTest::qWait(20);
    QCOMPARE(g_parsed.load(), parsed);
}

QTEST_GUILESS_MAIN(TestListingReader)
#include "tst_listingreader.moc"
