// RequestTableModel and RequestPresentation: the initial load, incremental changes with exact row
// signals (never a reset), ids that stay right after removals, queued decisions, server text shown
// as plain text, search haystacks, sort values, and the words and times the table shows.

#include "gui/guiresources.h"
#include "gui/requestpresentation.h"
#include "gui/requesttablemodel.h"
#include "store/storetesthelpers.h"
#include "support/requestbuilder.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QHash>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QueuedDecision;
using lockbox::RequestChange;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::gui::RequestPresentation;
using lockbox::gui::RequestTableModel;
using lockbox::test::changeOf;
using lockbox::test::createdAt;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using lockbox::test::ManualClock;
using lockbox::test::queuedDecision;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

// One signal's (first, last) rows.
QPair<int, int> rangeOf(const QList<QVariant> &args)
{
    return {args.at(1).toInt(), args.at(2).toInt()};
}

// What a tooltip shows: Qt renders it as rich text, so read it back through a QTextDocument.
QString shownToolTip(const QVariant &toolTip)
{
    QTextDocument doc;
    doc.setHtml(toolTip.toString());
    return doc.toPlainText().replace(QChar::LineSeparator, u'\n').replace(QChar::ParagraphSeparator, u'\n');
}

} // namespace

class TestRequestTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void setRequestsLoadsAndIndexes();
    void appendRequestsInsertsOnceAtTheEnd();
    void applyChangesIsFineGrained();
    void addedIdAlreadyPresentIsUpdated();
    void changedIdNotPresentIsInserted();
    void unchangedContentSignalsNothing();
    void removedIdStillCarriedInRowsStays();
    void removingEverything();
    void rowOfStaysRightAfterScatteredRemovals();
    void queuedDecisionsShown();
    void justificationIsPlainText();
    void columnsShowWhatTheyShould();
    void subscriptionNamesSignalOneColumn();
    void refreshTimesSignalsTheTimeColumns();
    void sortRoleValues();
    void compareAgreesWithSortRole();
    void searchHaystack();
    void isActiveAgreesWithAccessRequest();

    void statusWords();
    void statusIcons();
    void statusCellsFitTheColumn();
    void relativeTimes();
    void timeLeftTexts();
    void deadlines();
    void singleLineAndToolTipHelpers();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    void checkIndex()
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const std::optional<AccessRequest> r = m_model->requestAt(row);
            QVERIFY(r);
            QCOMPARE(m_model->rowOf(r->requestId), row);
            QCOMPARE(m_model->data(m_model->index(row, 0), RequestTableModel::RequestIdRole).toString(), r->requestId);
        }
    }
};

void TestRequestTableModel::initTestCase()
{
    lockbox::gui::initResources();
}

void TestRequestTableModel::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_model = std::make_unique<RequestTableModel>(*m_clock);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestRequestTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_clock.reset();
}

void TestRequestTableModel::setRequestsLoadsAndIndexes()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QList<AccessRequest> list = makeRequests(kSubA, 20);
    list[4].status = RequestStatus(Kind::Approved);
    list[5].status = RequestStatus(Kind::Denied);
    AccessRequest duplicate = list[7];
    duplicate.justification = u"the later copy"_s;
    list.append(duplicate);

    m_model->setRequests(list);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->rowCount(), 20);
    QCOMPARE(m_model->columnCount(), int(RequestTableModel::ColumnCount));
    for (int i = 0; i < 20; ++i) {
        QVERIFY(m_model->requestAt(i));
        QCOMPARE(*m_model->requestAt(i), i == 7 ? duplicate : list[i]);
        QCOMPARE(m_model->rowOf(list[i].requestId), i);
    }
    QCOMPARE(m_model->rowOf(list[3].requestId.toUpper()), 3);
    QCOMPARE(m_model->rowOf(u"no-such-id"_s), -1);
    QCOMPARE(m_model->rowOf(QString()), -1);
    QVERIFY(!m_model->requestAt(-1));
    QVERIFY(!m_model->requestAt(20));
    QCOMPARE(m_model->request(list[2].requestId.toUpper()).value_or(AccessRequest()), list[2]);
    QVERIFY(!m_model->request(u"no-such-id"_s));
    QCOMPARE(m_model->rows().pendingCount(), 18);

    // A second full load replaces everything.
    m_model->setRequests(makeRequests(kSubB, 3));
    QCOMPARE(resets.size(), 2);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->rowOf(list[0].requestId), -1);
    checkIndex();
}

void TestRequestTableModel::appendRequestsInsertsOnceAtTheEnd()
{
    const QList<AccessRequest> first = makeRequests(kSubA, 5);
    m_model->setRequests(first);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    QList<AccessRequest> more = makeRequests(kSubA, 4, 5);
    AccessRequest updated = first[1];
    updated.status = RequestStatus(Kind::Expired);
    more.insert(2, updated);
    m_model->appendRequests(more);

    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(rangeOf(inserted.at(0)), qMakePair(5, 8));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(1, 0));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(1, RequestTableModel::ColumnCount - 1));
    QCOMPARE(m_model->rowCount(), 9);
    QCOMPARE(m_model->requestAt(1)->status, RequestStatus(Kind::Expired));
    QCOMPARE(m_model->requestAt(5)->requestId, more[0].requestId);
    QCOMPARE(m_model->requestAt(8)->requestId, more[4].requestId);
    checkIndex();

    // An empty chunk is no signal at all.
    m_model->appendRequests({});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
}

void TestRequestTableModel::applyChangesIsFineGrained()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 10);
    m_model->setRequests(list);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layouts(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    ChangeSet changes;
    QList<AccessRequest> rows;
    const AccessRequest newA = makeRequest(kSubB, 100);
    const AccessRequest newB = makeRequest(kSubB, 101, Kind::Approved);
    changes.added = {changeOf(newA), changeOf(newB)};
    AccessRequest statusChanged = list[3];
    statusChanged.status = RequestStatus(Kind::Approved);
    AccessRequest contentChanged = list[6];
    contentChanged.justification += u" (updated)"_s;
    changes.changed = {changeOf(statusChanged, RequestStatus(Kind::Pending)), changeOf(contentChanged, list[6].status)};
    // Rows 1 and 2 are one run, row 8 another.
    changes.removed = {changeOf(list[2]), changeOf(list[8]), changeOf(list[1])};
    rows = {newA, statusChanged, newB, contentChanged};

    m_model->applyChanges(changes, rows);

    QCOMPARE(resets.size(), 0);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(rangeOf(removed.at(0)), qMakePair(8, 8)); // bottom-up, so row numbers stay valid
    QCOMPARE(rangeOf(removed.at(1)), qMakePair(1, 2));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(rangeOf(inserted.at(0)), qMakePair(7, 8));
    // list[3] is now row 1, list[6] row 4; each signalled over its whole row, nothing else.
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(1, 0));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(1, RequestTableModel::ColumnCount - 1));
    QCOMPARE(changed.at(1).at(0).toModelIndex(), m_model->index(4, 0));
    QCOMPARE(changed.at(1).at(1).toModelIndex(), m_model->index(4, RequestTableModel::ColumnCount - 1));

    QCOMPARE(m_model->rowCount(), 9);
    const QStringList expectedIds = {list[0].requestId, list[3].requestId, list[4].requestId,
                                     list[5].requestId, list[6].requestId, list[7].requestId,
                                     list[9].requestId, newA.requestId,    newB.requestId};
    for (int row = 0; row < expectedIds.size(); ++row)
        QCOMPARE(m_model->requestAt(row)->requestId, expectedIds[row]);
    QCOMPARE(*m_model->requestAt(1), statusChanged);
    QCOMPARE(*m_model->requestAt(4), contentChanged);
    QCOMPARE(m_model->data(m_model->index(1, RequestTableModel::Status)).toString(), u"Approved"_s);
    QCOMPARE(m_model->data(m_model->index(1, RequestTableModel::Status), RequestTableModel::StatusKindRole).toInt(),
             int(Kind::Approved));
    for (const AccessRequest &gone : {list[1], list[2], list[8]})
        QCOMPARE(m_model->rowOf(gone.requestId), -1);
    checkIndex();
}

void TestRequestTableModel::addedIdAlreadyPresentIsUpdated()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 4);
    m_model->setRequests(list);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    AccessRequest again = list[2];
    again.status = RequestStatus(Kind::Denying);
    ChangeSet changes;
    changes.added = {changeOf(again)};
    m_model->applyChanges(changes, {again});

    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(2, 0));
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(*m_model->requestAt(2), again);
}

void TestRequestTableModel::changedIdNotPresentIsInserted()
{
    m_model->setRequests(makeRequests(kSubA, 4));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    const AccessRequest unknown = makeRequest(kSubB, 9, Kind::Approved);
    ChangeSet changes;
    changes.changed = {changeOf(unknown, RequestStatus(Kind::Pending))};
    m_model->applyChanges(changes, {unknown});

    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(rangeOf(inserted.at(0)), qMakePair(4, 4));
    QCOMPARE(*m_model->requestAt(4), unknown);
    QCOMPARE(m_model->rowOf(unknown.requestId), 4);
}

void TestRequestTableModel::unchangedContentSignalsNothing()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 4);
    m_model->setRequests(list);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    ChangeSet changes;
    changes.changed = {changeOf(list[1], list[1].status)};
    changes.removed = {RequestChange {u"not-here"_s, kSubA, {}, {}}};
    m_model->applyChanges(changes, {list[1]});
    m_model->applyChanges(ChangeSet(), {});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestRequestTableModel::removedIdStillCarriedInRowsStays()
{
    // Two merges appended into one ChangeSet: removed first, listed again later. The content in
    // `rows` is the current state, so the request stays.
    const QList<AccessRequest> list = makeRequests(kSubA, 3);
    m_model->setRequests(list);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    AccessRequest back = list[1];
    back.status = RequestStatus(Kind::Expired);
    ChangeSet changes;
    changes.removed = {changeOf(list[1])};
    changes.added = {changeOf(back)};
    m_model->applyChanges(changes, {back});
    QCOMPARE(removed.size(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(*m_model->requestAt(1), back);
}

void TestRequestTableModel::removingEverything()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 12);
    m_model->setRequests(list);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    ChangeSet changes;
    for (qsizetype i = list.size() - 1; i >= 0; --i) // in any order
        changes.removed.append(changeOf(list[i]));
    m_model->applyChanges(changes, {});
    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(rangeOf(removed.at(0)), qMakePair(0, 11));
    QCOMPARE(m_model->rowCount(), 0);
    for (const AccessRequest &r : list)
        QCOMPARE(m_model->rowOf(r.requestId), -1);
    QCOMPARE(m_model->rows().pendingCount(), 0);

    // And it fills again.
    ChangeSet again;
    again.added = {changeOf(list[5])};
    m_model->applyChanges(again, {list[5]});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->rowOf(list[5].requestId), 0);
}

void TestRequestTableModel::rowOfStaysRightAfterScatteredRemovals()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 100);
    m_model->setRequests(list);

    // Whoever listens to a removal may look ids up in the middle of a ChangeSet: every answer
    // must describe the model as it is at that moment.
    QStringList wrong;
    const auto checkEveryRow = [&] {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->rowOf(m_model->requestAt(row)->requestId) != row)
                wrong.append(u"row %1"_s.arg(row));
        }
    };
    connect(m_model.get(), &QAbstractItemModel::rowsRemoved, this, checkEveryRow);
    connect(m_model.get(), &QAbstractItemModel::layoutChanged, this, checkEveryRow);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy layouts(m_model.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    // A few runs: one removal signal each, bottom-up.
    ChangeSet few;
    QSet<QString> gone;
    for (const int row : {3, 4, 20, 41, 42, 43, 77, 99}) {
        few.removed.append(changeOf(list[row]));
        gone.insert(list[row].requestId);
    }
    m_model->applyChanges(few, {});
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    QList<QPair<int, int>> runs;
    for (const QList<QVariant> &args : std::as_const(removed))
        runs.append(rangeOf(args));
    QCOMPARE(runs, (QList<QPair<int, int>> {{99, 99}, {77, 77}, {41, 43}, {20, 20}, {3, 4}}));
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(m_model->rowCount(), 92);
    checkIndex();

    // Many scattered runs: the doomed rows move to the end in one layout change and leave in
    // one removal that names exactly them; a persistent index follows its row.
    const QPersistentModelIndex survivor(m_model->index(m_model->rowOf(list[98].requestId), 3));
    QStringList announced;
    connect(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [&](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    announced.append(m_model->requestAt(row)->requestId);
            });
    removed.clear();
    announced.clear();
    ChangeSet many;
    QStringList doomed;
    for (int i = 0; i < 100; i += 3) {
        if (gone.contains(list[i].requestId))
            continue;
        many.removed.append(changeOf(list[i]));
        doomed.append(list[i].requestId);
        gone.insert(list[i].requestId);
    }
    m_model->applyChanges(many, {});
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u", "_s)));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(rangeOf(removed.at(0)), qMakePair(92 - int(doomed.size()), 91));
    std::sort(doomed.begin(), doomed.end());
    std::sort(announced.begin(), announced.end());
    QCOMPARE(announced, doomed);
    QCOMPARE(m_model->rowCount(), 100 - gone.size());
    QVERIFY(survivor.isValid());
    QCOMPARE(m_model->data(survivor, RequestTableModel::RequestIdRole).toString(), list[98].requestId);
    QCOMPARE(survivor.column(), 3);
    for (const AccessRequest &r : list) {
        if (gone.contains(r.requestId))
            QCOMPARE(m_model->rowOf(r.requestId), -1);
        else
            QVERIFY(m_model->rowOf(r.requestId) >= 0);
    }
    // Those left keep their order.
    for (int row = 1; row < m_model->rowCount(); ++row)
        QVERIFY(m_model->requestAt(row - 1)->createdDateTime > m_model->requestAt(row)->createdDateTime);
    checkIndex();

    // Inserting after removals keeps the index right too.
    const AccessRequest late = makeRequest(kSubB, 500);
    ChangeSet add;
    add.added = {changeOf(late)};
    m_model->applyChanges(add, {late});
    QCOMPARE(m_model->rowOf(late.requestId), m_model->rowCount() - 1);
    checkIndex();
}

void TestRequestTableModel::queuedDecisionsShown()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 8);
    m_model->setRequests(list);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setQueuedDecisions({queuedDecision(list[2], Verdict::Approve, QueuedDecision::State::Queued),
                                 queuedDecision(list[5], Verdict::Deny, QueuedDecision::State::Sending),
                                 queuedDecision(list[7], Verdict::Approve, QueuedDecision::State::Acknowledged),
                                 queuedDecision(makeRequest(kSubB, 77), Verdict::Deny, QueuedDecision::State::Queued)});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(2, RequestTableModel::Status));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(2, RequestTableModel::Status));
    QCOMPARE(changed.at(1).at(0).toModelIndex(), m_model->index(5, RequestTableModel::Status));
    QCOMPARE(changed.at(1).at(1).toModelIndex(), m_model->index(5, RequestTableModel::Status));

    const auto status = [this](int row, int role = Qt::DisplayRole) {
        return m_model->data(m_model->index(row, RequestTableModel::Status), role);
    };
    // The cell says what happens next in words that fit the column; the tooltip and the
    // accessible text give the status too, and what the decision waits for.
    QCOMPARE(status(2).toString(), u"Approval queued"_s);
    QCOMPARE(status(5).toString(), u"Sending denial…"_s);
    QCOMPARE(status(7).toString(), u"Pending"_s); // acknowledged is not live
    const QString tip = shownToolTip(status(2, Qt::ToolTipRole));
    QVERIFY2(tip.startsWith(u"Pending · approval queued\n"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"Withdraw"_s), qPrintable(tip));
    QVERIFY(shownToolTip(status(5, Qt::ToolTipRole)).startsWith(u"Pending · denial sending\n"_s));
    QVERIFY(status(2, Qt::AccessibleTextRole).toString().contains(u"Pending · approval queued"_s));
    QCOMPARE(status(2, RequestTableModel::QueuedVerdictRole).toInt(), int(Verdict::Approve));
    QCOMPARE(status(5, RequestTableModel::QueuedVerdictRole).toInt(), int(Verdict::Deny));
    QVERIFY(!status(7, RequestTableModel::QueuedVerdictRole).isValid());
    QVERIFY(!status(0, RequestTableModel::QueuedVerdictRole).isValid());
    QVERIFY(status(5, Qt::AccessibleTextRole).toString().contains(u"denial sending"_s));

    // Sending → only row 2 changes state; then the queue empties.
    changed.clear();
    m_model->setQueuedDecisions({queuedDecision(list[2], Verdict::Approve, QueuedDecision::State::Sending),
                                 queuedDecision(list[5], Verdict::Deny, QueuedDecision::State::Sending)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(2, RequestTableModel::Status));
    QCOMPARE(status(2).toString(), u"Sending approval…"_s);

    changed.clear();
    m_model->setQueuedDecisions({});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(status(2).toString(), u"Pending"_s);
    QCOMPARE(status(5).toString(), u"Pending"_s);
    QVERIFY(!status(2, RequestTableModel::QueuedVerdictRole).isValid());
}

void TestRequestTableModel::justificationIsPlainText()
{
    QList<AccessRequest> list = makeRequests(kSubA, 4);
    const QString markup = u"<b>Urgent</b> &amp; <a href=\"https://evil.example\">click</a>\u0007\u001b[31m"
                           u"\u202Edesrever\nsecond <i>line</i>"_s;
    list[0].justification = markup;
    list[1].justification = QString(500, u'x');
    list[2].justification = u"\n\n  \tafter blank lines\r\nmore"_s;
    list[3].justification = u"tab\there"_s;
    m_model->setRequests(list);

    const auto cell = [this](int row, int role = Qt::DisplayRole) {
        return m_model->data(m_model->index(row, RequestTableModel::Justification), role);
    };
    // Markup comes back verbatim; control and bidi override characters are shown as \uXXXX, not
    // obeyed nor dropped; first line only.
    QCOMPARE(cell(0).toString(),
             u"<b>Urgent</b> &amp; <a href=\"https://evil.example\">click</a>"
             u"\\u0007\\u001B[31m\\u202Edesrever…"_s);
    QCOMPARE(cell(1).toString(), QString(200, u'x') + u'…');
    QCOMPARE(cell(2).toString(), u"after blank lines…"_s);
    QCOMPARE(cell(3).toString(), u"tab here"_s);

    // The tooltip holds the whole text and shows it as typed, not as markup.
    const QString tip = cell(0, Qt::ToolTipRole).toString();
    QVERIFY(!tip.contains(u"<b>Urgent"_s));
    QVERIFY(!tip.contains(u"<a href"_s));
    QCOMPARE(shownToolTip(tip),
             u"<b>Urgent</b> &amp; <a href=\"https://evil.example\">click</a>"
             u"\\u0007\\u001B[31m\\u202Edesrever\nsecond <i>line</i>"_s);
    QCOMPARE(shownToolTip(cell(2, Qt::ToolTipRole)).trimmed(), u"after blank lines\nmore"_s);

    // Other server strings too: a status the server made up, a resource type.
    AccessRequest odd = makeRequest(kSubA, 50);
    odd.status = RequestStatus::fromString(u"<b>Frobnicating</b>\nnow"_s);
    odd.resourceType = u"<img src=x>"_s;
    ChangeSet changes;
    changes.added = {changeOf(odd)};
    m_model->applyChanges(changes, {odd});
    const int row = m_model->rowOf(odd.requestId);
    QCOMPARE(m_model->data(m_model->index(row, RequestTableModel::Status)).toString(), u"<b>Frobnicating</b>…"_s);
    QCOMPARE(m_model->data(m_model->index(row, RequestTableModel::ResourceType)).toString(), u"<img src=x>"_s);
    QCOMPARE(shownToolTip(m_model->data(m_model->index(row, RequestTableModel::ResourceType), Qt::ToolTipRole)),
             u"<img src=x>"_s);
}

void TestRequestTableModel::columnsShowWhatTheyShould()
{
    AccessRequest r = createdAt(kSubA, 0, Kind::Pending, kNow.addSecs(-2 * 3600 - 60));
    r.expirationDateTime = kNow.addSecs(3 * 86400 + 4 * 3600 + 30);
    r.resourceIds = {u"/subscriptions/a/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1/"_s,
                     u"/subscriptions/a/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2"_s,
                     u"/subscriptions/a/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-3"_s};
    AccessRequest lifetime = createdAt(kSubA, 1, Kind::Approved, kNow.addSecs(-3600));
    lifetime.duration = u"Support request lifetime"_s;
    lifetime.accessLevel.reset();
    AccessRequest done = createdAt(kSubA, 2, Kind::Denied, kNow.addDays(-5));
    m_model->setRequests({r, lifetime, done});

    const auto text = [this](int row, int column) { return m_model->data(m_model->index(row, column)).toString(); };
    QCOMPARE(text(0, RequestTableModel::Status), u"Pending"_s);
    QCOMPARE(text(0, RequestTableModel::Requested), u"2 h ago"_s);
    QCOMPARE(text(0, RequestTableModel::TimeLeft), u"3 d 4 h"_s);
    QCOMPARE(text(0, RequestTableModel::Subscription), kSubA); // no name known yet
    QCOMPARE(text(0, RequestTableModel::ResourceType), u"Virtual Machine"_s);
    QCOMPARE(text(0, RequestTableModel::Resource), u"vm-1 +2 more"_s);
    QCOMPARE(text(0, RequestTableModel::SupportCase), r.supportRequest);
    QCOMPARE(text(0, RequestTableModel::Duration), u"8 h"_s);
    QCOMPARE(text(0, RequestTableModel::AccessLevel), u"Read"_s);
    QCOMPARE(text(1, RequestTableModel::Duration), u"Support request lifetime"_s);
    QCOMPARE(text(1, RequestTableModel::AccessLevel), QString());
    // Lifetime has no hours: the default 8 h from creation, one hour ago.
    QCOMPARE(text(1, RequestTableModel::TimeLeft), u"7 h"_s);
    QCOMPARE(text(2, RequestTableModel::TimeLeft), QString());
    QCOMPARE(text(2, RequestTableModel::Requested), u"5 d ago"_s);

    const auto tip = [this](int row, int column) {
        return m_model->data(m_model->index(row, column), Qt::ToolTipRole).toString();
    };
    QVERIFY(tip(0, RequestTableModel::Requested).contains(u"2025-03-01 09:59:00 UTC"_s));
    QVERIFY(tip(0, RequestTableModel::TimeLeft).contains(u"2025-03-04 16:00:30 UTC"_s));
    QCOMPARE(shownToolTip(tip(0, RequestTableModel::Resource)), r.resourceIds.join(u'\n'));

    QVERIFY(m_model->data(m_model->index(0, RequestTableModel::Status), Qt::DecorationRole).canConvert<QIcon>());
    QVERIFY(!m_model->data(m_model->index(0, RequestTableModel::Requested), Qt::DecorationRole).isValid());
    QCOMPARE(m_model->data(m_model->index(0, RequestTableModel::Status), Qt::AccessibleTextRole).toString(),
             u"Status: Pending"_s);
    QCOMPARE(
        m_model->data(m_model->index(0, RequestTableModel::Resource), RequestTableModel::SubscriptionIdRole).toString(),
        kSubA);
    QCOMPARE(m_model->headerData(RequestTableModel::TimeLeft, Qt::Horizontal).toString(), u"Time left"_s);
    QVERIFY(!m_model->data(m_model->index(0, 0), Qt::EditRole).isValid());
    QVERIFY(!(m_model->flags(m_model->index(0, 0)) & Qt::ItemIsEditable));
}

void TestRequestTableModel::subscriptionNamesSignalOneColumn()
{
    QList<AccessRequest> list = makeRequests(kSubA, 3);
    list += makeRequests(kSubB, 2);
    m_model->setRequests(list);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->setSubscriptionNames({{kSubA.toUpper(), u"Contoso – Payments <Prod>"_s}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(0, RequestTableModel::Subscription));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(4, RequestTableModel::Subscription));
    QCOMPARE(m_model->data(m_model->index(0, RequestTableModel::Subscription)).toString(),
             u"Contoso – Payments <Prod>"_s);
    QCOMPARE(m_model->data(m_model->index(4, RequestTableModel::Subscription)).toString(), kSubB);
    QCOMPARE(shownToolTip(m_model->data(m_model->index(0, RequestTableModel::Subscription), Qt::ToolTipRole)),
             u"Contoso – Payments <Prod>\n"_s + kSubA);

    // The same names again: nothing to signal.
    m_model->setSubscriptionNames({{kSubA, u"Contoso – Payments <Prod>"_s}});
    QCOMPARE(changed.size(), 1);
}

void TestRequestTableModel::refreshTimesSignalsTheTimeColumns()
{
    const QList<AccessRequest> list = {createdAt(kSubA, 0, Kind::Pending, kNow.addSecs(-180)),
                                       createdAt(kSubA, 1, Kind::Approved, kNow.addSecs(-3600))};
    m_model->setRequests(list);
    QCOMPARE(m_model->data(m_model->index(0, RequestTableModel::Requested)).toString(), u"3 min ago"_s);
    QCOMPARE(m_model->data(m_model->index(1, RequestTableModel::TimeLeft)).toString(), u"7 h"_s);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_clock->advanceSecs(2 * 3600);
    // Until refreshed, the model shows times as of its last refresh.
    QCOMPARE(m_model->data(m_model->index(0, RequestTableModel::Requested)).toString(), u"3 min ago"_s);
    m_model->refreshTimes();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(0, RequestTableModel::Requested));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(1, RequestTableModel::TimeLeft));
    QCOMPARE(m_model->data(m_model->index(0, RequestTableModel::Requested)).toString(), u"2 h ago"_s);
    QCOMPARE(m_model->data(m_model->index(1, RequestTableModel::TimeLeft)).toString(), u"5 h"_s);

    m_clock->advanceSecs(6 * 3600); // past the access window
    m_model->refreshTimes();
    QCOMPARE(m_model->data(m_model->index(1, RequestTableModel::TimeLeft)).toString(), QString());
}

void TestRequestTableModel::sortRoleValues()
{
    AccessRequest early = createdAt(kSubA, 0, Kind::Pending, kNow.addDays(-2));
    early.expirationDateTime = kNow.addSecs(3600);
    AccessRequest late = createdAt(kSubA, 1, Kind::Approved, kNow.addSecs(-600));
    late.duration = u"4"_s;
    AccessRequest undated = makeRequest(kSubB, 2, Kind::Expired);
    undated.createdDateTime = QDateTime();
    undated.resourceType = u"storage account"_s;
    undated.justification = u"Zebra"_s;
    late.resourceType = u"Virtual Machine"_s;
    early.resourceType = u"SQL Database"_s;
    early.justification = u"alpha"_s;
    late.justification = u"Mike"_s;
    m_model->setRequests({early, late, undated});

    const auto sortValue = [this](int row, int column) {
        return m_model->data(m_model->index(row, column), RequestTableModel::SortRole);
    };
    QCOMPARE(sortValue(0, RequestTableModel::Requested).toLongLong(), early.createdDateTime.toMSecsSinceEpoch());
    QCOMPARE(sortValue(1, RequestTableModel::Requested).toLongLong(), late.createdDateTime.toMSecsSinceEpoch());
    QVERIFY(sortValue(2, RequestTableModel::Requested).toLongLong()
            < sortValue(0, RequestTableModel::Requested).toLongLong());
    QCOMPARE(sortValue(0, RequestTableModel::TimeLeft).toLongLong(), 3600);
    QCOMPARE(sortValue(1, RequestTableModel::TimeLeft).toLongLong(), 4 * 3600 - 600);
    QCOMPARE(sortValue(2, RequestTableModel::TimeLeft).toLongLong(), std::numeric_limits<qint64>::max());
    QVERIFY(sortValue(0, RequestTableModel::Status).toInt() < sortValue(1, RequestTableModel::Status).toInt());
    QVERIFY(sortValue(1, RequestTableModel::Status).toInt() < sortValue(2, RequestTableModel::Status).toInt());
    QCOMPARE(sortValue(1, RequestTableModel::ResourceType).toString(), u"virtual machine"_s);
    QCOMPARE(sortValue(1, RequestTableModel::Justification).toString(), u"mike"_s);
    QCOMPARE(sortValue(0, RequestTableModel::Duration).toLongLong(), 8);
    QCOMPARE(sortValue(1, RequestTableModel::Duration).toLongLong(), 4);

    // Ascending by each column gives the order a person expects.
    const auto order = [&](int column) {
        QList<int> rows = {0, 1, 2};
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            return QVariant::compare(sortValue(a, column), sortValue(b, column)) == QPartialOrdering::Less;
        });
        return rows;
    };
    QCOMPARE(order(RequestTableModel::Requested), (QList<int> {2, 0, 1}));
    QCOMPARE(order(RequestTableModel::TimeLeft), (QList<int> {0, 1, 2}));
    QCOMPARE(order(RequestTableModel::Status), (QList<int> {0, 1, 2}));
    QCOMPARE(order(RequestTableModel::ResourceType), (QList<int> {0, 2, 1})); // case-insensitive
    QCOMPARE(order(RequestTableModel::Justification), (QList<int> {0, 1, 2}));
    QCOMPARE(order(RequestTableModel::Duration), (QList<int> {1, 0, 2}));
}

void TestRequestTableModel::compareAgreesWithSortRole()
{
    // Every pair, every column: the sort proxy's fast comparison and the role's raw values agree.
    QList<AccessRequest> list;
    const Kind kinds[] = {Kind::Pending, Kind::Approved, Kind::Denied, Kind::Expired, Kind::Approving};
    for (int i = 0; i < 15; ++i) {
        AccessRequest r = makeRequest(i % 2 ? kSubA : kSubB, i, kinds[i % 5], kNow.addSecs(-3600LL * ((i * 7) % 30)));
        r.resourceType = (i % 3 == 0) ? u"virtual Machine"_s : (i % 3 == 1 ? u"Storage"_s : u"AKS"_s);
        r.justification = u"%1 justification"_s.arg(QChar(u'a' + (i * 5) % 26));
        r.duration = QString::number(1 + i % 8);
        if (i % 4 == 0)
            r.accessLevel.reset();
        if (i == 7)
            r.createdDateTime = QDateTime();
        if (i % 5 == 0)
            r.expirationDateTime = QDateTime();
        list.append(r);
    }
    m_model->setRequests(list);
    m_model->setSubscriptionNames({{kSubA, u"beta"_s}, {kSubB, u"Alpha"_s}});
    const auto agree = [this] {
        const int n = m_model->rowCount();
        for (int column = 0; column < RequestTableModel::ColumnCount; ++column) {
            for (int a = 0; a < n; ++a) {
                for (int b = 0; b < n; ++b) {
                    const QVariant x = m_model->data(m_model->index(a, column), RequestTableModel::SortRole);
                    const QVariant y = m_model->data(m_model->index(b, column), RequestTableModel::SortRole);
                    const QPartialOrdering expected = QVariant::compare(x, y);
                    const int compared = m_model->rows().compare(a, b, lockbox::engine::RequestRows::SortKey(column));
                    const QPartialOrdering got = compared < 0 ? QPartialOrdering::Less
                        : compared > 0                        ? QPartialOrdering::Greater
                                                              : QPartialOrdering::Equivalent;
                    if (got != expected) {
                        return u"column %1, rows %2 and %3: %4 vs %5"_s.arg(column).arg(a).arg(b).arg(x.toString(),
                                                                                                      y.toString());
                    }
                }
            }
        }
        return QString();
    };
    QString disagreement = agree();
    QVERIFY2(disagreement.isEmpty(), qPrintable(disagreement));

    // Text columns rank their rows once sorted; rows changed, added and removed since then must
    // still compare by their text.
    ChangeSet changes;
    QList<AccessRequest> rows;
    for (const int i : {2, 5, 11}) {
        AccessRequest r = list[i];
        r.justification = u"%1 changed"_s.arg(QChar(u'z' - i));
        r.resourceType = u"Changed %1"_s.arg(i);
        changes.changed.append(changeOf(r, r.status));
        rows.append(r);
    }
    for (const int i : {40, 41}) {
        AccessRequest r = makeRequest(kSubA, i, Kind::Pending);
        r.justification = u"m added %1"_s.arg(i);
        changes.added.append(changeOf(r));
        rows.append(r);
    }
    changes.removed = {changeOf(list[7])};
    m_model->applyChanges(changes, rows);
    disagreement = agree();
    QVERIFY2(disagreement.isEmpty(), qPrintable(disagreement));
}

void TestRequestTableModel::searchHaystack()
{
    AccessRequest r = makeRequest(kSubA, 3);
    r.justification = u"Customer reports Pods stuck\nin ContainerCreating"_s;
    r.accessLevel = u"ReadWrite"_s;
    AccessRequest other = makeRequest(kSubB, 4, Kind::Approved);
    m_model->setRequests({r, other});
    const auto matches = [this](int row, const QString &needle) { return m_model->rows().matches(row, needle); };

    QVERIFY(matches(0, QString()));
    QVERIFY(matches(0, r.requestId.left(8)));
    QVERIFY(matches(0, u"pods stuck"_s));           // lower-case needle, mixed-case text
    QVERIFY(matches(0, u"in containercreating"_s)); // across a line break of the justification
    QVERIFY(matches(0, u"virtualmachines/vm-3"_s)); // resource id
    QVERIFY(matches(0, u"virtual machine"_s));      // resource type
    QVERIFY(matches(0, r.supportRequest));
    QVERIFY(matches(0, u"readwrite"_s));
    QVERIFY(matches(0, u"pending"_s));
    QVERIFY(!matches(1, u"pending"_s));
    QVERIFY(matches(1, u"approved"_s));
    QVERIFY(matches(0, kSubA.right(12)));
    QVERIFY(!matches(0, kSubB.right(12)));
    QVERIFY(!matches(0, u"no such text"_s));
    QVERIFY(!matches(5, u"x"_s));

    // Subscription names are searched once they are known.
    QVERIFY(!matches(0, u"contoso"_s));
    m_model->setSubscriptionNames({{kSubA, u"Contoso Retail"_s}});
    QVERIFY(matches(0, u"contoso"_s));
    QVERIFY(!matches(1, u"contoso"_s));
    m_model->setSubscriptionNames({{kSubB, u"Contoso Retail"_s}});
    QVERIFY(!matches(0, u"contoso"_s));
    QVERIFY(matches(1, u"contoso"_s));

    // A changed row is searched by its new content.
    AccessRequest changed = r;
    changed.justification = u"completely different"_s;
    ChangeSet changes;
    changes.changed = {changeOf(changed, r.status)};
    m_model->applyChanges(changes, {changed});
    QVERIFY(!matches(0, u"pods stuck"_s));
    QVERIFY(matches(0, u"different"_s));
}

void TestRequestTableModel::isActiveAgreesWithAccessRequest()
{
    QList<AccessRequest> list;
    for (const QString &duration : {u"8"_s, u"4"_s, u"Support request lifetime"_s, QString()}) {
        for (int hoursAgo : {1, 3, 5, 7, 9}) {
            list.append(makeRequest(kSubA, int(list.size()), Kind::Approved, kNow.addSecs(-3600LL * hoursAgo)));
            list.last().duration = duration;
        }
    }
    list.append(makeRequest(kSubA, 90, Kind::Pending, kNow.addSecs(-60)));
    list.append(makeRequest(kSubA, 91, Kind::Approving, kNow.addSecs(-60)));
    list.append(makeRequest(kSubA, 92, Kind::Approved));
    list.last().createdDateTime = QDateTime();
    m_model->setRequests(list);
    for (qint64 offset : {0LL, 3600LL, 4 * 3600LL, 8 * 3600LL}) {
        const QDateTime at = kNow.addSecs(offset);
        for (int row = 0; row < list.size(); ++row)
            QCOMPARE(m_model->rows().isActive(row, at), list[row].isActiveAt(at));
    }
    QVERIFY(!m_model->rows().isActive(-1, kNow));
}

void TestRequestTableModel::statusWords()
{
    QCOMPARE(RequestPresentation::statusText(RequestStatus(Kind::Pending)), u"Pending"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus(Kind::Approving)), u"Approving…"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus(Kind::Denying)), u"Denying…"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus(Kind::Approved)), u"Approved"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus(Kind::Revoked)), u"Revoked"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus::fromString(u"Frobnicating"_s)), u"Frobnicating"_s);
    QCOMPARE(RequestPresentation::statusText(RequestStatus::fromString(QString())), u"Unknown"_s);
    // Every known status has its own word.
    QSet<QString> words;
    for (int k = 0; k < RequestStatus::knownCount; ++k)
        words.insert(RequestPresentation::statusText(RequestStatus(Kind(k))));
    QCOMPARE(words.size(), RequestStatus::knownCount);
    QCOMPARE(
        RequestPresentation::statusText(RequestStatus(Kind::Pending), Verdict::Deny, QueuedDecision::State::Queued),
        u"Pending · denial queued"_s);
}

void TestRequestTableModel::statusIcons()
{
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Pending)), u":/icons/status-pending.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Approved)), u":/icons/status-approved.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Denied)), u":/icons/status-denied.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Expired)), u":/icons/status-expired.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Revoked)), u":/icons/status-revoked.svg"_s);
    for (const Kind kind : {Kind::Approving, Kind::Denying, Kind::Revoking, Kind::Completing, Kind::Initializing})
        QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(kind)), u":/icons/status-working.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Completed)), u":/icons/status-completed.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Error)), u":/icons/status-error.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus(Kind::Unknown)), u":/icons/status-other.svg"_s);
    QCOMPARE(RequestPresentation::statusIconPath(RequestStatus::fromString(u"Weird"_s)), u":/icons/status-other.svg"_s);
    // Every status that is not "in progress" or "not known" has an icon of its own: Completed and
    // Error once shared the question mark.
    QHash<QString, Kind> ownerOf;
    for (const Kind kind : {Kind::Pending, Kind::Approved, Kind::Denied, Kind::Expired, Kind::Revoked, Kind::Completed,
                            Kind::Error, Kind::Approving, Kind::Unknown}) {
        const QString path = RequestPresentation::statusIconPath(RequestStatus(kind));
        QVERIFY2(!ownerOf.contains(path), qPrintable(path));
        ownerOf.insert(path, kind);
    }
    // Every icon is in the resources and not null.
    for (int k = 0; k <= RequestStatus::knownCount; ++k) {
        const RequestStatus status =
            k == RequestStatus::knownCount ? RequestStatus::fromString(u"Weird"_s) : RequestStatus(Kind(k));
        QVERIFY2(QFile::exists(RequestPresentation::statusIconPath(status)),
                 qPrintable(RequestPresentation::statusIconPath(status)));
        QVERIFY(!RequestPresentation::statusIcon(status).isNull());
    }
}

void TestRequestTableModel::statusCellsFitTheColumn()
{
    // Every known status, and each live decision, reads whole (icon included) in the Status
    // column's default width, which RequestTableController sets.
    constexpr int kDefaultStatusWidth = 170;
    QList<AccessRequest> list = makeRequests(kSubA, RequestStatus::knownCount + 4);
    for (int k = 0; k < RequestStatus::knownCount; ++k)
        list[k].status = RequestStatus(Kind(k));
    m_model->setRequests(list);
    QList<QueuedDecision> live;
    int row = RequestStatus::knownCount;
    for (const Verdict verdict : {Verdict::Approve, Verdict::Deny}) {
        for (const QueuedDecision::State state : {QueuedDecision::State::Queued, QueuedDecision::State::Sending})
            live.append(queuedDecision(list[row++], verdict, state));
    }
    m_model->setQueuedDecisions(live);

    QTableView view;
    view.setModel(m_model.get());
    view.resize(800, 40 * m_model->rowCount());
    QAbstractItemView &asItemView = view; // QTableView hides it as protected
    const int needed = asItemView.sizeHintForColumn(RequestTableModel::Status);
    QVERIFY2(needed > 0 && needed <= kDefaultStatusWidth, qPrintable(u"needs %1 px"_s.arg(needed)));
}

void TestRequestTableModel::relativeTimes()
{
    QCOMPARE(RequestPresentation::relativeTime(kNow.addSecs(-20), kNow), u"just now"_s);
    QCOMPARE(RequestPresentation::relativeTime(kNow.addSecs(20), kNow), u"just now"_s); // clock skew
    QCOMPARE(RequestPresentation::relativeTime(kNow.addSecs(-180), kNow), u"3 min ago"_s);
    QCOMPARE(RequestPresentation::relativeTime(kNow.addSecs(-2 * 3600 - 59 * 60), kNow), u"2 h ago"_s);
    QCOMPARE(RequestPresentation::relativeTime(kNow.addDays(-5), kNow), u"5 d ago"_s);
    QCOMPARE(RequestPresentation::relativeTime(kNow.addSecs(3 * 3600 + 20 * 60), kNow), u"in 3 h 20 min"_s);
    QCOMPARE(RequestPresentation::relativeTime(QDateTime(), kNow), QString());
}

void TestRequestTableModel::timeLeftTexts()
{
    QCOMPARE(RequestPresentation::timeLeftText(3 * 86400 + 4 * 3600 + 59), u"3 d 4 h"_s);
    QCOMPARE(RequestPresentation::timeLeftText(2 * 86400), u"2 d"_s);
    QCOMPARE(RequestPresentation::timeLeftText(5 * 3600 + 10 * 60), u"5 h 10 min"_s);
    QCOMPARE(RequestPresentation::timeLeftText(12 * 60 + 30), u"12 min"_s);
    QCOMPARE(RequestPresentation::timeLeftText(30), u"< 1 min"_s);
    QCOMPARE(RequestPresentation::timeLeftText(0), u"expired"_s);
    QCOMPARE(RequestPresentation::timeLeftText(-500), u"expired"_s);
}

void TestRequestTableModel::deadlines()
{
    AccessRequest pending = makeRequest(kSubA, 0, Kind::Pending, kNow.addDays(-1));
    QCOMPARE(RequestPresentation::deadline(pending, kNow).value_or(QDateTime()), pending.expirationDateTime);
    pending.expirationDateTime = QDateTime();
    QCOMPARE(RequestPresentation::deadline(pending, kNow).value_or(QDateTime()),
             pending.createdDateTime.addDays(lockbox::kPendingLifetimeDays));
    pending.createdDateTime = QDateTime();
    QVERIFY(!RequestPresentation::deadline(pending, kNow));

    AccessRequest approved = makeRequest(kSubA, 1, Kind::Approved, kNow.addSecs(-3600));
    QCOMPARE(RequestPresentation::deadline(approved, kNow).value_or(QDateTime()),
             approved.createdDateTime.addSecs(8 * 3600));
    approved.duration = u"4"_s;
    QCOMPARE(RequestPresentation::deadline(approved, kNow).value_or(QDateTime()),
             approved.createdDateTime.addSecs(4 * 3600));
    approved.duration = u"Support request lifetime"_s;
    QCOMPARE(RequestPresentation::deadline(approved, kNow).value_or(QDateTime()),
             approved.createdDateTime.addSecs(lockbox::kDefaultAccessHours * 3600));
    QVERIFY(!RequestPresentation::deadline(approved, kNow.addSecs(8 * 3600))); // access over
    QVERIFY(!RequestPresentation::deadline(makeRequest(kSubA, 2, Kind::Denied), kNow));
    QVERIFY(!RequestPresentation::deadline(makeRequest(kSubA, 3, Kind::Approving), kNow));
}

void TestRequestTableModel::singleLineAndToolTipHelpers()
{
    QCOMPARE(RequestPresentation::singleLine(u"  one\ntwo"_s), u"one…"_s);
    QCOMPARE(RequestPresentation::singleLine(u"one\n   "_s), u"one"_s);
    QCOMPARE(RequestPresentation::singleLine(u"a\u0000b\u0085c"_s), u"a\\u0000b…"_s); // NEL ends the line
    QCOMPARE(RequestPresentation::singleLine(u"vm\u200Bprod \uFEFF"_s), u"vm\\u200Bprod \\uFEFF"_s);
    QCOMPARE(RequestPresentation::singleLine(u"abcdef"_s, 3), u"abc…"_s);
    // A cut never leaves half a surrogate pair.
    const QString emoji = u"ab\U0001F512cd"_s;
    QCOMPARE(RequestPresentation::singleLine(emoji, 3), u"ab…"_s);
    QCOMPARE(RequestPresentation::resourceText({}), QString());
    QCOMPARE(RequestPresentation::resourceText({u"/a/b/vm-9"_s}), u"vm-9"_s);
    QCOMPARE(RequestPresentation::resourceText({u"noslash"_s, u"x"_s}), u"noslash +1 more"_s);
    QCOMPARE(RequestPresentation::plainToolTip(u"   "_s), QString());
    QCOMPARE(shownToolTip(RequestPresentation::plainToolTip(u"<script>x</script>\r\nline"_s)),
             u"<script>x</script>\nline"_s);
    QCOMPARE(shownToolTip(RequestPresentation::plainToolTip(u"Prod\u202E \x1b]52;c;x\x07"_s)),
             u"Prod\\u202E \\u001B]52;c;x\\u0007"_s);
    const QString longTip = RequestPresentation::plainToolTip(QString(100000, u'y'));
    QVERIFY(longTip.size() < 4100);
}

QTEST_MAIN(TestRequestTableModel)
#include "tst_requesttablemodel.moc"
