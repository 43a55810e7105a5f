// engine::RequestSearchIndex: which fields a row's search text holds, lower case beyond ASCII,
// fields that a needle never spans, subscriptions searched by id and name, rows that stay aligned
// through removals and reorderings, and the byte search itself against a plain QString::contains.

#include "engine/requestsearchindex.h"
#include "support/requestbuilder.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestStatus;
using lockbox::engine::RequestSearchIndex;
using lockbox::test::makeRequest;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;

// An index of `requests`, row i in subscription `subscriptions[i]`.
class Fixture
{
public:
    explicit Fixture(const QList<AccessRequest> &requests)
    {
        m_index.setSubscription(0, kSubA, QString());
        m_index.setSubscription(1, kSubB, QString());
        for (const AccessRequest &r : requests) {
            m_index.appendRow();
            m_index.setRow(m_index.rowCount() - 1, r);
            m_subscription.push_back(r.subscriptionId == kSubA ? 0 : 1);
        }
    }
    bool matches(std::size_t row, const QString &needle) const
    {
        return m_index.matches(row, row < m_subscription.size() ? m_subscription[row] : 0,
                               RequestSearchIndex::searchLower(needle));
    }
    RequestSearchIndex &index() { return m_index; }
    std::vector<int> &subscriptions() { return m_subscription; }

private:
    RequestSearchIndex m_index;
    std::vector<int> m_subscription;
};

} // namespace

class TestRequestSearchIndex final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFieldIsSearched();
    void aNeedleNeverSpansTwoFields();
    void statusWords();
    void lowerCaseBeyondAscii();
    void everyAsciiCharacterAtAnyOffset();
    void searchLower_data();
    void searchLower();
    void longJustificationsAreSearchedInPart();
    void subscriptionsBySearchedIdAndName();
    void rowsStayAlignedThroughRemovalsAndReorderings();
    void byteSearchAgreesWithAPlainSearch();
    void subscriptionPrefixIsLeftOutInAnyCase();
    void rowsKeepTheirTextWhenTheBufferIsCompacted();
    void sharedTextAnswersFollowNewRows();
    void preparedAnswersAreTheLazyOnes();
};

void TestRequestSearchIndex::everyFieldIsSearched()
{
    AccessRequest r = makeRequest(kSubA, 3);
    r.justification = u"Customer reports Pods stuck\nin ContainerCreating"_s;
    r.accessLevel = u"ReadWrite"_s;
    AccessRequest other = makeRequest(kSubB, 4, Kind::Approved);
    other.accessLevel.reset();
    Fixture f({r, other});

    QVERIFY(f.matches(0, QString()));
    QVERIFY(f.matches(0, r.requestId.left(8).toUpper()));
    QVERIFY(f.matches(0, u"Pods Stuck"_s));
    QVERIFY(f.matches(0, u"in containercreating"_s)); // a line break reads as a space
    QVERIFY(f.matches(0, u"resourcegroups/rg-3/providers"_s));
    QVERIFY(f.matches(0, u"virtual machine"_s)); // the type, which no resource id spells so
    QVERIFY(f.matches(0, r.supportRequest));
    QVERIFY(f.matches(0, u"readwrite"_s));
    QVERIFY(f.matches(0, u"pending"_s));
    QVERIFY(!f.matches(1, u"pending"_s));
    QVERIFY(f.matches(1, u"approved"_s));
    QVERIFY(!f.matches(1, u"readwrite"_s));
    QVERIFY(!f.matches(0, u"no such text"_s));
    QVERIFY(!f.matches(5, u"x"_s));
    QVERIFY(f.matches(5, QString()));
    // Fields that are not searched.
    QVERIFY(!f.matches(0, u"lockboxrequest_"_s));
    QVERIFY(!f.matches(0, u"supporttickets"_s));
}

void TestRequestSearchIndex::aNeedleNeverSpansTwoFields()
{
    const AccessRequest r = makeRequest(kSubA, 3);
    Fixture f({r});
    // The id, then the status: each field ends where the next begins, and a needle does not
    // cross that boundary.
    QVERIFY(f.matches(0, r.requestId.right(4)));
    QVERIFY(!f.matches(0, r.requestId.right(4) + u"pending"_s));
    QVERIFY(!f.matches(0, r.requestId.right(4) + u" pending"_s));
    // The subscription part of a resource id is searched through the subscription, not the row.
    QVERIFY(!f.matches(0, u"/subscriptions/%1/resourcegroups"_s.arg(kSubA)));
    QVERIFY(f.matches(0, kSubA.right(12)));
}

void TestRequestSearchIndex::statusWords()
{
    const AccessRequest approving = makeRequest(kSubA, 0, Kind::Approving);
    AccessRequest other = makeRequest(kSubA, 1);
    other.status = RequestStatus::fromString(u"Frobnicating"_s);
    {
        Fixture f({approving, other});
        QVERIFY(f.matches(0, u"approving"_s));
        QVERIFY(f.matches(1, u"frobnicating"_s));
    }
    RequestSearchIndex index;
    index.setStatusWord(Kind::Approving, u"Genehmigung läuft…"_s);
    index.setStatusWord(Kind::Other, u"never used"_s);
    index.setSubscription(0, kSubA, QString());
    for (const AccessRequest &r : {approving, other}) {
        index.appendRow();
        index.setRow(index.rowCount() - 1, r);
    }
    QVERIFY(index.matches(0, 0, u"genehmigung läuft"_s));
    QVERIFY(index.matches(0, 0, u"approving"_s));
    QVERIFY(!index.matches(1, 0, u"never"_s));
}

void TestRequestSearchIndex::lowerCaseBeyondAscii()
{
    AccessRequest r = makeRequest(kSubA, 0);
    r.justification = u"ÄRGER mit ΣΊΣΥΦΟΣ und 𐐀𐐁 (Deseret)"_s;
    r.supportRequest = u"tab\there"_s;
    Fixture f({r});
    QVERIFY(f.matches(0, u"ärger"_s));
    QVERIFY(f.matches(0, u"ÄRGER MIT"_s));
    QVERIFY(f.matches(0, u"σίσυφοσ"_s.left(4)));
    QVERIFY(f.matches(0, u"𐐨𐐩"_s)); // the lower case of characters beyond the BMP
    QVERIFY(f.matches(0, u"𐐀"_s));
    QVERIFY(f.matches(0, u"tab here"_s));
}

void TestRequestSearchIndex::everyAsciiCharacterAtAnyOffset()
{
    // ASCII is folded four characters a step where it can be: every character, at every offset
    // from the start of a step, and steps that a character beyond ASCII or a control character
    // breaks, read as one at a time would.
    QString ascii;
    QString searched; // as a needle reads it: lower case, control characters as spaces
    for (char16_t c = 0; c < 0x80; ++c) {
        ascii.append(QChar(c));
        searched.append(c < 0x20 ? QChar(u' ') : QChar(c).toLower());
    }
    for (int offset = 0; offset < 4; ++offset) {
        AccessRequest r = makeRequest(kSubA, offset);
        r.justification = QString(offset, u'w') + ascii + u"AÄB"_s + QChar(1) + u"CDEFG𐐀HIJKÖ"_s;
        Fixture f({r});
        const QString all = QString(offset, u'w') + searched + u"aäb cdefg𐐨hijkö"_s;
        QVERIFY2(f.matches(0, all), qPrintable(u"offset %1"_s.arg(offset)));
        QVERIFY(!f.matches(0, all + u'x'));
    }
}

void TestRequestSearchIndex::searchLower_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("lower");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("ascii") << u"AbC-12"_s << u"abc-12"_s;
    QTest::newRow("latin") << u"ÄÖÜ É"_s << u"äöü é"_s;
    QTest::newRow("beyond the BMP") << u"𐐀x"_s << u"𐐨x"_s;
    QTest::newRow("one for one") << u"ΣΑΣ"_s << u"σασ"_s; // no final ς: context plays no part
    QTest::newRow("lone surrogate") << QString(QChar(0xD801)) << QString(QChar(0xD801));
}

void TestRequestSearchIndex::searchLower()
{
    QFETCH(QString, text);
    QFETCH(QString, lower);
    QCOMPARE(RequestSearchIndex::searchLower(text), lower);
}

void TestRequestSearchIndex::longJustificationsAreSearchedInPart()
{
    AccessRequest r = makeRequest(kSubA, 0);
    r.justification = QString(9990, u'a') + u"early needle"_s + QString(20000, u'b') + u"late needle"_s;
    Fixture f({r});
    QVERIFY(f.matches(0, u"early"_s));
    QVERIFY(!f.matches(0, u"late needle"_s));
}

void TestRequestSearchIndex::subscriptionsBySearchedIdAndName()
{
    Fixture f({makeRequest(kSubA, 0), makeRequest(kSubB, 1)});
    QVERIFY(!f.matches(0, u"contoso"_s));
    f.index().setSubscription(0, kSubA, u"Contoso Retail"_s);
    QVERIFY(f.matches(0, u"contoso"_s)); // the answer for the same needle is not kept past a change
    QVERIFY(!f.matches(1, u"contoso"_s));
    f.index().setSubscription(0, kSubA, QString());
    f.index().setSubscription(1, kSubB, u"Contoso Retail"_s);
    QVERIFY(!f.matches(0, u"contoso"_s));
    QVERIFY(f.matches(1, u"contoso"_s));
    QVERIFY(f.matches(1, kSubB.toUpper()));
    // A subscription the index has not been told of matches by the row alone.
    QVERIFY(!f.index().matches(0, 7, u"contoso"_s));
    QVERIFY(f.index().matches(0, 7, u"pending"_s));
}

void TestRequestSearchIndex::rowsStayAlignedThroughRemovalsAndReorderings()
{
    QList<AccessRequest> list;
    for (int i = 0; i < 10; ++i) {
        AccessRequest r = makeRequest(kSubA, i);
        r.justification = u"row-%1-text"_s.arg(i);
        list.append(r);
    }
    Fixture f(list);
    f.index().eraseRows(2, 4); // rows 0 1 5 6 7 8 9
    QCOMPARE(f.index().rowCount(), std::size_t(7));
    const std::vector<int> order = {6, 5, 4, 3, 2, 1, 0}; // new row → old row
    f.index().permute(order);
    const int expected[] = {9, 8, 7, 6, 5, 1, 0};
    for (std::size_t row = 0; row < 7; ++row) {
        for (int i = 0; i < 10; ++i)
            QCOMPARE(f.matches(row, u"row-%1-text"_s.arg(i)), i == expected[row]);
    }
    f.index().setRow(3, list[3]);
    QVERIFY(f.matches(3, u"row-3-text"_s));
    f.index().clear();
    QCOMPARE(f.index().rowCount(), std::size_t(0));
    QVERIFY(!f.matches(0, u"row"_s));
}

void TestRequestSearchIndex::byteSearchAgreesWithAPlainSearch()
{
    // Haystacks and needles of every length around the 16-byte blocks of the vectorised search,
    // from a small alphabet so that near misses are common.
    QRandomGenerator random(20250301);
    const QString alphabet = u"abcä"_s;
    const auto text = [&](int length) {
        QString s;
        for (int i = 0; i < length; ++i)
            s.append(alphabet.at(random.bounded(int(alphabet.size()))));
        return s;
    };
    RequestSearchIndex index;
    index.setSubscription(0, u"zzzz"_s, QString());
    QList<QString> justifications;
    for (int i = 0; i < 200; ++i) {
        AccessRequest r;
        r.requestId = u"#"_s;
        r.justification = text(i % 70);
        justifications.append(r.justification);
        index.appendRow();
        index.setRow(index.rowCount() - 1, r);
    }
    for (int n = 0; n < 2000; ++n) {
        const QString needle = text(1 + n % 9);
        for (int row = 0; row < 200; ++row) {
            // The row's other fields ("#", "unknown") and its subscription hold none of the letters.
            const bool expected = justifications[row].contains(needle);
            if (index.matches(std::size_t(row), 0, needle) != expected)
                QFAIL(qPrintable(u"\"%1\" in \"%2\""_s.arg(needle, justifications[row])));
        }
    }
}

void TestRequestSearchIndex::subscriptionPrefixIsLeftOutInAnyCase()
{
    // A resource id's "/subscriptions/{id}" is searched once, through the subscription: the rows
    // leave it out however the server spelled it, and keep the rest (the type too).
    const QString tail = u"/resourceGroups/rg-Pay/providers/Microsoft.Compute/virtualMachines/vm-7"_s;
    AccessRequest plain =
        lockbox::test::RequestBuilder(u"plain"_s, kSubA).resourceIds({u"/subscriptions/"_s + kSubA + tail}).build();
    plain.resourceType = u"Microsoft.Compute/virtualMachines"_s;
    AccessRequest shouted = plain;
    shouted.requestId = u"shouted"_s;
    shouted.resourceIds = {u"/SUBSCRIPTIONS/"_s + kSubA.toUpper() + tail};
    shouted.resourceType = u"microsoft.compute/VIRTUALMACHINES"_s;
    Fixture f({plain, shouted});
    for (int row : {0, 1}) {
        QVERIFY(f.matches(row, u"resourcegroups/rg-pay"_s));
        QVERIFY(f.matches(row, u"microsoft.compute/virtualmachines/vm-7"_s));
        QVERIFY2(!f.matches(row, (u"subscriptions/"_s + kSubA + u"/resourcegroups"_s).toLower()),
                 qPrintable(QString::number(row)));
    }
}

void TestRequestSearchIndex::rowsKeepTheirTextWhenTheBufferIsCompacted()
{
    // Rows' text lives in one buffer; rewriting rows again and again leaves waste that is dropped
    // (past 1 MiB) by copying the live text anew. Every row must still find its own text, and
    // only its own.
    QList<AccessRequest> list;
    for (int i = 0; i < 50; ++i)
        list.append(makeRequest(kSubA, i));
    Fixture f(list);
    const QString filler(2000, u'x');
    for (int round = 0; round < 40; ++round) {
        for (int i = 0; i < 50; ++i) {
            AccessRequest r = list[i];
            r.justification = u"round-%1-row-%2 "_s.arg(round).arg(i) + filler;
            f.index().setRow(std::size_t(i), r);
        }
        if (round % 10 == 9) { // the last row leaves and comes back as it first was
            f.index().eraseRows(49, 49);
            f.index().appendRow();
            f.index().setRow(49, list[49]);
        }
        // After every round: the buffer is compacted in the middle of some of them.
        for (int i = 0; i < 49; ++i) {
            QVERIFY(f.matches(std::size_t(i), u"round-%1-row-%2 "_s.arg(round).arg(i)));
            QVERIFY(!f.matches(std::size_t(i), u"round-%1-row-%2 "_s.arg(round - 1).arg(i)));
            QVERIFY(!f.matches(std::size_t(i), u"round-%1-row-%2 "_s.arg(round).arg(i + 1)));
            QVERIFY(f.matches(std::size_t(i), list[i].requestId));
        }
        QCOMPARE(f.matches(49, u"round-%1-row-49 "_s.arg(round)), round % 10 != 9);
    }
    QVERIFY(f.matches(49, list[49].requestId));
    // 4 MB were written; what is held is the live text (100 KB) and at most 1 MiB of waste.
    QCOMPARE_LE(f.index().textBytes(), std::size_t(1200 * 1024));
    // Rows added after the last compaction take the space after the live text: a row whose
    // position was not moved with its text would now read one of theirs.
    for (int i = 0; i < 1000; ++i) {
        AccessRequest r = makeRequest(kSubA, 100 + i);
        r.justification = u"late-%1 "_s.arg(i) + filler;
        f.index().appendRow();
        f.index().setRow(f.index().rowCount() - 1, r);
    }
    for (int i = 0; i < 49; ++i) {
        QVERIFY(f.matches(std::size_t(i), u"round-39-row-%1 "_s.arg(i)));
        QVERIFY(!f.matches(std::size_t(i), u"late-"_s));
    }
}

void TestRequestSearchIndex::sharedTextAnswersFollowNewRows()
{
    // Resource ids are kept once for all rows that list them and tested once per needle: a row
    // added while the same needle is searched must still be judged by its own resources.
    AccessRequest first = makeRequest(kSubA, 1);
    first.resourceIds = {
        u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/alpha"_s.arg(kSubA)};
    Fixture f({first});
    QVERIFY(f.matches(0, u"alpha"_s));
    QVERIFY(!f.matches(0, u"omega"_s));
    AccessRequest second = makeRequest(kSubA, 2);
    second.resourceIds = {
        u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/omega"_s.arg(kSubA)};
    f.index().appendRow();
    f.index().setRow(1, second);
    f.subscriptions().push_back(0);
    QVERIFY(f.matches(1, u"omega"_s)); // the same needle as the last search
    QVERIFY(!f.matches(0, u"omega"_s));
    QVERIFY(!f.matches(1, u"alpha"_s));
    // A row's resources replaced: it is judged by the new ones.
    f.index().setRow(0, second);
    QVERIFY(f.matches(0, u"omega"_s));
    QVERIFY(!f.matches(0, u"alpha"_s));
}

void TestRequestSearchIndex::preparedAnswersAreTheLazyOnes()
{
    // prepare() answers up front what matches() otherwise finds out row by row (statuses, what rows
    // share, subscriptions): the answers must be the same, and stay right for rows and
    // subscriptions added after it.
    QList<AccessRequest> requests;
    const Kind kinds[] = {Kind::Pending, Kind::Approved, Kind::Denied, Kind::Expired, Kind::Approving};
    for (int i = 0; i < 40; ++i) {
        AccessRequest r = makeRequest(i % 3 ? kSubA : kSubB, i, kinds[i % 5]);
        r.resourceIds = {u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-%2"_s
                             .arg(r.subscriptionId)
                             .arg(i % 7)};
        r.resourceType = i % 2 ? u"Microsoft.Compute/virtualMachines"_s : u"Microsoft.Sql/servers"_s;
        if (i % 4 == 0)
            r.status = RequestStatus::fromString(u"Frobnicating"_s);
        requests.append(r);
    }
    Fixture lazy(requests);
    Fixture prepared(requests);
    for (Fixture *f : {&lazy, &prepared}) {
        f->index().setStatusWord(Kind::Approving, u"Genehmigung läuft"_s);
        f->index().setSubscription(1, kSubB, u"Contoso Retail"_s);
    }
    const QStringList needles = {u"a"_s,    u"vm-3"_s,     u"sql"_s,     u"contoso"_s,   u"frob"_s, u"genehmigung"_s,
                                 u"deni"_s, u"approved"_s, u"pending"_s, kSubA.right(6), u"zzz"_s,  QString()};
    int hits = 0;
    for (const QString &needle : needles) {
        prepared.index().prepare(RequestSearchIndex::searchLower(needle));
        for (std::size_t row = 0; row < std::size_t(requests.size()); ++row) {
            const bool answer = lazy.matches(row, needle);
            hits += answer ? 1 : 0;
            QVERIFY2(prepared.matches(row, needle) == answer, qPrintable(u"row %1, \"%2\""_s.arg(row).arg(needle)));
        }
    }
    QVERIFY(hits > 0 && hits < int(needles.size() * requests.size()));
    // Added after prepare(): a row with resources no other row has, and a subscription.
    prepared.index().prepare(u"vm-99"_s);
    AccessRequest late = makeRequest(kSubA, 99);
    late.resourceIds = {
        u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-99"_s.arg(kSubA)};
    prepared.index().appendRow();
    prepared.index().setRow(prepared.index().rowCount() - 1, late);
    prepared.subscriptions().push_back(0);
    QVERIFY(prepared.matches(prepared.index().rowCount() - 1, u"vm-99"_s));
    QVERIFY(!prepared.matches(0, u"vm-99"_s));
    prepared.index().setSubscription(2, u"00000000-0000-0000-0000-00000000000c"_s, u"Fabrikam"_s);
    QVERIFY(prepared.index().matches(0, 2, u"fabrikam"_s));
}

QTEST_GUILESS_MAIN(TestRequestSearchIndex)
#include "tst_requestsearchindex.moc"
