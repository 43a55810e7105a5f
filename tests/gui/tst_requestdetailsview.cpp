#include "guitestkit.h"

#include "engine/requestrows.h"
#include "gui/guiresources.h"
#include "gui/plaintextlabel.h"
#include "gui/requestdetailsview.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::AuditRecord;
using lockbox::QueuedDecision;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::gui::PlainTextLabel;
using lockbox::gui::RequestDetailsView;
using lockbox::test::hiddenText;
using lockbox::test::ManualClock;
using lockbox::test::RequestBuilder;

namespace {

const QDateTime kNow(QDate(2026, 3, 2), QTime(9, 30), Qt::UTC);
const QString kSub = u"11111111-2222-3333-4444-555555555555"_s;
const QString kHtml = u"<b>bold</b><a href='http://evil'>x</a>"_s;

AccessRequest request(const QString &id, RequestStatus::Kind kind = RequestStatus::Kind::Pending)
{
    return RequestBuilder(id, kSub)
        .status(kind)
        .created(kNow.addSecs(-2 * 3600))
        .expires(kNow.addSecs(3 * 86400 + 4 * 3600))
        .duration(u"4"_s)
        .resourceIds(
            {u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st01"_s.arg(kSub),
             u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-7"_s.arg(kSub),
             u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Sql/servers/sql-3"_s.arg(kSub)})
        .justification(u"Engineer needs to inspect blob metadata.\nSecond line."_s)
        .accessLevel(u"Reader"_s)
        .build();
}

QueuedDecision decision(const QString &requestId, Verdict verdict, QueuedDecision::State state)
{
    QueuedDecision d;
    d.id = QUuid::createUuid();
    d.requestId = requestId;
    d.subscriptionId = kSub;
    d.verdict = verdict;
    d.reason = u"Agreed on the bridge call"_s;
    d.actor = u"alice@contoso.example"_s;
    d.state = state;
    d.createdAt = kNow;
    d.updatedAt = kNow;
    return d;
}

AuditRecord record(qint64 seq, const QString &action, const QString &outcome, const QString &reason,
                   AuditRecord::Source source = AuditRecord::Source::Local)
{
    AuditRecord r;
    r.sequence = seq;
    r.time = kNow.addSecs(seq * 60);
    r.actor = u"alice@contoso.example"_s;
    r.action = action;
    r.requestId = u"r1"_s;
    r.subscriptionId = kSub;
    r.reason = reason;
    r.outcome = outcome;
    r.source = source;
    return r;
}

// What a text shows, without the zero-width break opportunities added for display.
QString shown(const QLabel *label)
{
    return PlainTextLabel::withoutBreaks(label->text());
}

// The longest request the console meets, and longer: a long subscription name, long resource ids
// (the resource's own name last, as in ARM), a case link with a query, a justification of several
// lines with a path, a URL and an unbroken token, a long work item source and a live decision.
const QString kLongSub = u"7e460925-9b1f-49a6-bea1-b1177867686c"_s;
const QString kLongSubName =
    u"Contoso Subsurface Exploration & Production – Shared Services Landing Zone (EMEA North, Production)"_s;
const QString kVm = u"vm-sap-app-uat-07"_s;

AccessRequest longestRequest(const QString &id)
{
    AccessRequest r = RequestBuilder(id, kLongSub)
                          .created(kNow.addSecs(-2 * 3600))
                          .expires(kNow.addSecs(3 * 86400))
                          .resourceType(u"Microsoft.OpenEnergyPlatform/energyServices/dataPartitions"_s)
                          .accessLevel(u"ReadWrite"_s)
                          .build();
    const QString group =
        u"/subscriptions/%1/resourceGroups/rg-sap-s4hana-uat-westeurope-application-tier-001/providers/"_s.arg(
            kLongSub);
    r.resourceIds = {
        group + u"Microsoft.Compute/virtualMachines/"_s + kVm,
        group + u"Microsoft.Network/networkInterfaces/nic-vm-sap-app-uat-07-primary-ipconfiguration-01"_s,
        group + u"Microsoft.Compute/disks/vm-sap-app-uat-07_OsDisk_1_0123456789abcdef0123456789abcdef"_s,
        group + u"Microsoft.Sql/servers/sql-sap-uat-weu-001/databases/sapdb-uat-reporting-archive-2024"_s,
    };
    r.requestId = u"a8f3c2d1-5e4b-4a7c-9d8e-0f1a2b3c4d5e-%1-with-a-suffix-no-one-expects"_s.arg(id);
    r.supportRequest = u"2612050015000663"_s;
    r.supportCaseUrl = u"https://portal.azure.com/#resource/subscriptions/%1/providers/Microsoft.Support/"
                       "supportTickets/2612050015000663/overview?feature.customportal=false&l=en.en-us&sessionId="
                       "0f1a2b3c4d5e6f708192a3b4c5d6e7f80f1a2b3c4d5e6f708192a3b4c5d6e7f8"_s.arg(kLongSub);
    r.workItemSource = u"SupportRequestWithAnUnusuallyLongWorkItemSourceName_0123456789"_s;
    r.duration = u"Support request lifetime"_s;
    r.justification = u"As agreed in case 2612050015000663, we need to restart the application server behind "
                      "vm-sap-app-uat-07 to apply the kernel patch.\n"
                      "Path: "_s
        + r.resourceIds.at(0)
        + u"\nQuery: https://contoso-adme-prod.energy.azure.com/api/search/v2/query_with_cursor?kind=osdu:wks:"
          "master-data--Wellbore:1.0.0&limit=1000\nToken: "_s
        + QString(180, u'x') + u"\nThe end."_s;
    return r;
}

QList<AuditRecord> longTimeline()
{
    AuditRecord created = record(1, u"Create"_s, u"Pending"_s, QString(), AuditRecord::Source::Azure);
    created.actor = u"Microsoft Support (support-engineer-with-a-long-alias@microsoft.example)"_s;
    AuditRecord failed =
        record(2, u"decision.failed"_s, u"failed: RequestNotPending (Approved elsewhere)"_s,
               u"Approved on the bridge call with the SAP basis team; see "_s
                   + u"\\\\fileserver.contoso.example\\change-records\\2612050015000663\\approval.pdf"_s + u" and "_s
                   + QString(120, u'y'));
    failed.actor = u"avery.approver.with.a.long.name@contoso-subsurface-exploration.example"_s;
    return {created, failed, record(3, u"Approve"_s, u"Succeeded"_s, u"Agreed"_s, AuditRecord::Source::Azure)};
}

// The same for a tree: every header readable, every cell's text as wrapped in its column no wider
// than the column and no taller than its row.
QStringList hiddenCellText(const QTreeWidget *tree)
{
    QStringList problems;
    const QHeaderView *header = tree->header();
    for (int c = 0; c < tree->columnCount(); ++c) {
        const QString title = tree->headerItem()->text(c);
        if (header->fontMetrics().horizontalAdvance(title) > header->sectionSize(c))
            problems << u"header %1 is cut: %2 px"_s.arg(title).arg(header->sectionSize(c));
    }
    const int margin = tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree) + 1;
    const QFontMetrics metrics = tree->fontMetrics();
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = tree->topLevelItem(i);
        const int rowHeight = tree->visualItemRect(item).height();
        for (int c = 0; c < tree->columnCount(); ++c) {
            const int width = header->sectionSize(c) - 2 * margin;
            const QRect needed = metrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap,
                                                      PlainTextLabel::breakable(item->text(c), metrics, width));
            if (needed.width() > width || needed.height() > rowHeight)
                problems << u"row %1 column %2 needs %3×%4, has %5×%6: %7"_s.arg(i)
                                .arg(c)
                                .arg(needed.width())
                                .arg(needed.height())
                                .arg(width)
                                .arg(rowHeight)
                                .arg(item->text(c));
        }
    }
    return problems;
}

class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

} // namespace

class TestRequestDetailsView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void placeholderWhenNothingIsSelected();
    void showsEveryField();
    void hostileStringsArePlainText();
    void hugeJustificationDoesNotHang();
    void overlongLinesAreBrokenForDisplay();
    void copyButtonsPutTextOnTheClipboard();
    void manyResourcesAreSummarised();
    void buttonStates_data();
    void buttonStates();
    void signalsCarryTheId();
    void timelineRows();
    void anotherRequestClearsTheTimeline();
    void refreshingTheSameRequestKeepsTheReadersPlace();
    void supportCaseOpensOnlyHttps();
    void supportCaseOnAnotherHostAsksFirst();
    void everyControlHasAnAccessibleName();
    void focusGoesIntoThePane();
    void everyFieldIsReadableAt1280x800_data();
    void everyFieldIsReadableAt1280x800();
    void resourceNameComesBeforeItsId();
    void anotherRequestIsReadFromTheTop();
    void copyingShownTextLeavesBreaksOut();
    void accessCountsFromTheApproval();
    void aSummaryIsShownUntilTheWholeRequestIsRead();

private:
    template<typename T>
    T *child(const QString &name) const
    {
        return m_view->findChild<T *>(name);
    }
    QString labelText(const QString &name) const
    {
        auto *label = child<PlainTextLabel>(name);
        return label ? shown(label) : u"<missing %1>"_s.arg(name);
    }

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestDetailsView> m_view;
};

void TestRequestDetailsView::initTestCase()
{
    lockbox::gui::initResources();
}

void TestRequestDetailsView::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_view = std::make_unique<RequestDetailsView>(*m_clock);
    m_view->resize(480, 700);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestRequestDetailsView::cleanup()
{
    m_view.reset();
    m_clock.reset();
}

void TestRequestDetailsView::placeholderWhenNothingIsSelected()
{
    auto *stack = child<QStackedWidget>(u"stack"_s);
    auto *placeholder = child<QLabel>(u"placeholderLabel"_s);
    QVERIFY(stack && placeholder);
    QCOMPARE(stack->currentWidget(), child<QWidget>(u"placeholderPage"_s));
    QCOMPARE(placeholder->text(), u"Select a request to see its details"_s);
    QVERIFY(placeholder->isVisible());
    QVERIFY(m_view->requestId().isEmpty());

    m_view->setRequest(request(u"r1"_s), u"Contoso"_s, std::nullopt);
    QCOMPARE(stack->currentWidget(), child<QWidget>(u"detailsPage"_s));
    QCOMPARE(m_view->requestId(), u"r1"_s);

    m_view->setRequest(std::nullopt, QString(), std::nullopt);
    QCOMPARE(stack->currentWidget(), child<QWidget>(u"placeholderPage"_s));
    QVERIFY(m_view->requestId().isEmpty());

    m_view->setRequest(request(u"r1"_s), u"Contoso"_s, std::nullopt);
    m_view->clear();
    QVERIFY(placeholder->isVisible());
    QVERIFY(m_view->requestId().isEmpty());
}

void TestRequestDetailsView::showsEveryField()
{
    const AccessRequest r = request(u"r1"_s);
    m_view->setRequest(r, u"Contoso Production"_s, std::nullopt);

    QCOMPARE(labelText(u"requestIdValue"_s), u"r1"_s);
    QCOMPARE(labelText(u"subscriptionValue"_s), u"Contoso Production (%1)"_s.arg(kSub));
    QCOMPARE(labelText(u"resourceTypeValue"_s), r.resourceType);
    QCOMPARE(labelText(u"accessLevelValue"_s), u"Reader"_s);
    QCOMPARE(labelText(u"durationValue"_s), u"4 h"_s);
    QCOMPARE(labelText(u"workItemSourceValue"_s), u"SupportTicket"_s);
    QCOMPARE(labelText(u"statusValue"_s), u"Pending"_s);
    QVERIFY2(labelText(u"requestedValue"_s).contains(u"2 h ago"_s), qPrintable(labelText(u"requestedValue"_s)));
    QVERIFY2(labelText(u"expiresValue"_s).contains(u"in 3 d 4 h"_s), qPrintable(labelText(u"expiresValue"_s)));
    QVERIFY2(labelText(u"timeLeftValue"_s).contains(u"3 d 4 h left"_s), qPrintable(labelText(u"timeLeftValue"_s)));
    QVERIFY(child<PlainTextLabel>(u"timeLeftValue"_s)->isVisible());
    QVERIFY(labelText(u"supportCaseValue"_s).contains(r.supportRequest));
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), r.justification);
    QVERIFY(child<QPlainTextEdit>(u"justificationView"_s)->isReadOnly());

    QStringList shownIds;
    const auto idLabels = m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s);
    for (PlainTextLabel *label : idLabels)
        shownIds << shown(label);
    QCOMPARE(shownIds, r.resourceIds); // one per line, in order
    QCOMPARE(m_view->findChildren<QToolButton *>(u"copyResourceIdButton"_s).size(), r.resourceIds.size());

    // Every value is selectable, by mouse and by keyboard.
    const auto labels = m_view->findChildren<PlainTextLabel *>();
    for (PlainTextLabel *label : labels) {
        QVERIFY(label->textInteractionFlags() & Qt::TextSelectableByMouse);
        QVERIFY(label->textInteractionFlags() & Qt::TextSelectableByKeyboard);
    }

    // An Approved request shows no "time left to decide"; a missing access level says so.
    AccessRequest done = request(u"r2"_s, RequestStatus::Kind::Denied);
    done.accessLevel.reset();
    m_view->setRequest(done, QString(), std::nullopt);
    QCOMPARE(labelText(u"statusValue"_s), u"Denied"_s);
    QVERIFY(!child<PlainTextLabel>(u"timeLeftValue"_s)->isVisible());
    QCOMPARE(labelText(u"accessLevelValue"_s), u"Not stated"_s);
    QCOMPARE(labelText(u"subscriptionValue"_s), kSub);
}

void TestRequestDetailsView::hostileStringsArePlainText()
{
    AccessRequest r = request(kHtml);
    r.subscriptionId = kHtml;
    r.resourceType = kHtml;
    r.resourceIds = {kHtml, u"<img src=x onerror=alert(1)>"_s};
    r.justification = kHtml;
    r.supportRequest = kHtml;
    r.supportCaseUrl = u"<a href='https://evil'>https://evil</a>"_s;
    r.workItemSource = kHtml;
    r.accessLevel = kHtml;
    r.duration = kHtml;
    r.status = RequestStatus::fromString(kHtml);
    m_view->setRequest(r, kHtml, std::nullopt);

    QCOMPARE(labelText(u"requestIdValue"_s), kHtml);
    QCOMPARE(labelText(u"resourceTypeValue"_s), kHtml);
    QCOMPARE(labelText(u"accessLevelValue"_s), kHtml);
    QCOMPARE(labelText(u"workItemSourceValue"_s), kHtml);
    QCOMPARE(labelText(u"durationValue"_s), kHtml);
    QCOMPARE(labelText(u"statusValue"_s), kHtml);
    QCOMPARE(labelText(u"subscriptionValue"_s), u"%1 (%1)"_s.arg(kHtml));
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), kHtml);
    QVERIFY(labelText(u"supportCaseValue"_s).contains(r.supportCaseUrl));
    QVERIFY(!child<QToolButton>(u"supportCaseButton"_s)->isVisible());
    const auto idLabels = m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s);
    QCOMPARE(idLabels.size(), 2);
    QCOMPARE(shown(idLabels.at(0)), kHtml);
    QCOMPARE(shown(idLabels.at(1)), r.resourceIds.at(1));

    const auto labels = m_view->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().contains(u'<')) {
            QVERIFY2(label->textFormat() == Qt::PlainText, qPrintable(label->objectName()));
            QVERIFY(!label->openExternalLinks());
        }
    }

    // Direction overrides that would make text read differently are shown as what they are, never
    // obeyed nor silently dropped: the approver sees that someone tried.
    AccessRequest tricky = request(u"r2"_s);
    tricky.justification = u"Approve\u202E this \u2066now\u2069"_s;
    tricky.resourceType = u"abc\u202Egpj.exe"_s;
    m_view->setRequest(tricky, QString(), std::nullopt);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), u"Approve\\u202E this \\u2066now\\u2069"_s);
    QCOMPARE(labelText(u"resourceTypeValue"_s), u"abc\\u202Egpj.exe"_s);
}

void TestRequestDetailsView::hugeJustificationDoesNotHang()
{
    // A megabyte of words in lines, and a megabyte in one unbroken line.
    QString lines;
    while (lines.size() < 1024 * 1024)
        lines += u"<b>Lorem</b> ipsum dolor sit amet, consectetur adipiscing elit. "_s
            + (lines.size() % 5 == 0 ? u"\n"_s : QString());
    const QString unbroken(1024 * 1024, u'x');

    for (const QString &text : {lines, unbroken}) {
        AccessRequest r = request(u"big"_s + QString::number(text.size()));
        r.justification = text;
        QElapsedTimer timer;
        timer.start();
        m_view->setRequest(r, u"Contoso"_s, std::nullopt);
        QCoreApplication::processEvents();
        const QPixmap painted = m_view->grab(); // lays out and paints what is visible
        const qint64 ms = timer.elapsed();
        QVERIFY(!painted.isNull());
        QVERIFY2(ms < 1000, qPrintable(u"%1 ms"_s.arg(ms)));
        // All of it is there; only overlong lines were broken for display.
        QString shown = child<QPlainTextEdit>(u"justificationView"_s)->toPlainText();
        QString expected = text;
        QVERIFY(shown.remove(u'\n') == expected.remove(u'\n'));
    }
}

void TestRequestDetailsView::overlongLinesAreBrokenForDisplay()
{
    // 999 characters, then a surrogate pair straddling the break point, then more.
    const QString emoji = u"\U0001F600"_s;
    const QString text = QString(PlainTextLabel::kMaxLineChars - 1, u'a') + emoji + u"bcd"_s + u"\nshort line"_s;
    AccessRequest r = request(u"r1"_s);
    r.justification = text;
    m_view->setRequest(r, QString(), std::nullopt);
    const QStringList lines = child<QPlainTextEdit>(u"justificationView"_s)->toPlainText().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QString(PlainTextLabel::kMaxLineChars - 1, u'a') + emoji); // the pair stays whole
    QCOMPARE(lines.at(1), u"bcd"_s);
    QCOMPARE(lines.at(2), u"short line"_s);

    // Ordinary paragraphs are left as written.
    r.justification = u"One paragraph.\n\nAnother, with\ttabs."_s;
    m_view->setRequest(r, QString(), std::nullopt);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), r.justification);
}

void TestRequestDetailsView::copyButtonsPutTextOnTheClipboard()
{
    const AccessRequest r = request(u"r1"_s);
    m_view->setRequest(r, u"Contoso"_s, std::nullopt);
    QSignalSpy copied(m_view.get(), &RequestDetailsView::copied);
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->clear();

    const auto buttons = m_view->findChildren<QToolButton *>(u"copyResourceIdButton"_s);
    QCOMPARE(buttons.size(), 3);
    QTest::mouseClick(buttons.at(1), Qt::LeftButton);
    QCOMPARE(clipboard->text(), r.resourceIds.at(1));
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.at(0).at(0).toString(), r.resourceIds.at(1));

    QTest::mouseClick(buttons.at(0), Qt::LeftButton);
    QCOMPARE(clipboard->text(), r.resourceIds.at(0));

    auto *all = child<QToolButton>(u"copyAllResourceIdsButton"_s);
    QVERIFY(all);
    QTest::mouseClick(all, Qt::LeftButton);
    QCOMPARE(clipboard->text(), r.resourceIds.join(u'\n'));

    QTest::mouseClick(child<QToolButton>(u"copyRequestIdButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), u"r1"_s);
    QCOMPARE(copied.size(), 4);

    // A single resource needs no "Copy all"; switching requests replaces the rows.
    AccessRequest one = request(u"r2"_s);
    one.resourceIds = {u"/subscriptions/x/only"_s};
    m_view->setRequest(one, QString(), std::nullopt);
    QTRY_COMPARE(m_view->findChildren<QToolButton *>(u"copyResourceIdButton"_s).size(), 1);
    QVERIFY(!child<QToolButton>(u"copyAllResourceIdsButton"_s));
    QTest::mouseClick(m_view->findChild<QToolButton *>(u"copyResourceIdButton"_s), Qt::LeftButton);
    QCOMPARE(clipboard->text(), u"/subscriptions/x/only"_s);
}

void TestRequestDetailsView::manyResourcesAreSummarised()
{
    AccessRequest r = request(u"r1"_s);
    r.resourceIds.clear();
    for (int i = 0; i < RequestDetailsView::kMaxResourceRows + 25; ++i)
        r.resourceIds << u"/subscriptions/x/resource-%1"_s.arg(i);
    m_view->setRequest(r, QString(), std::nullopt);
    QCOMPARE(m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s).size(), RequestDetailsView::kMaxResourceRows);
    bool summarised = false;
    const auto labels = m_view->findChildren<PlainTextLabel *>();
    for (PlainTextLabel *label : labels)
        summarised = summarised || label->text().contains(u"25 more"_s);
    QVERIFY(summarised);
    QTest::mouseClick(child<QToolButton>(u"copyAllResourceIdsButton"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text().split(u'\n'), r.resourceIds);
}

void TestRequestDetailsView::buttonStates_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("liveState"); // -1: none
    QTest::addColumn<qint64>("secsLeft");
    QTest::addColumn<bool>("canDecide");
    QTest::addColumn<bool>("liveShown");
    QTest::addColumn<bool>("canWithdraw");
    QTest::addColumn<QString>("liveText");

    using K = RequestStatus::Kind;
    using S = QueuedDecision::State;
    const qint64 day = 86400;
    QTest::newRow("pending") << int(K::Pending) << -1 << day << true << false << false << QString();
    QTest::newRow("approved") << int(K::Approved) << -1 << day << false << false << false << QString();
    QTest::newRow("denying") << int(K::Denying) << -1 << day << false << false << false << QString();
    QTest::newRow("pending, expired") << int(K::Pending) << -1 << qint64(-10) << false << false << false << QString();
    QTest::newRow("queued") << int(K::Pending) << int(S::Queued) << day << false << true << true
                            << u"Approval queued — not yet sent"_s;
    QTest::newRow("sending") << int(K::Pending) << int(S::Sending) << day << false << true << false
                             << u"Approval being sent"_s;
    // A decision that is no longer live is history, not something to withdraw.
    QTest::newRow("acknowledged") << int(K::Pending) << int(S::Acknowledged) << day << true << false << false
                                  << QString();
    QTest::newRow("failed") << int(K::Pending) << int(S::Failed) << day << true << false << false << QString();
}

void TestRequestDetailsView::buttonStates()
{
    QFETCH(int, status);
    QFETCH(int, liveState);
    QFETCH(qint64, secsLeft);
    QFETCH(bool, canDecide);
    QFETCH(bool, liveShown);
    QFETCH(bool, canWithdraw);
    QFETCH(QString, liveText);

    AccessRequest r = request(u"r1"_s, RequestStatus::Kind(status));
    r.expirationDateTime = kNow.addSecs(secsLeft);
    std::optional<QueuedDecision> live;
    if (liveState >= 0)
        live = decision(u"r1"_s, Verdict::Approve, QueuedDecision::State(liveState));
    m_view->setRequest(r, QString(), live);

    QCOMPARE(child<QPushButton>(u"approveButton"_s)->isEnabled(), canDecide);
    QCOMPARE(child<QPushButton>(u"denyButton"_s)->isEnabled(), canDecide);
    QCOMPARE(child<QWidget>(u"liveDecisionFrame"_s)->isVisible(), liveShown);
    QCOMPARE(child<QPushButton>(u"withdrawButton"_s)->isEnabled(), canWithdraw);
    if (liveShown) {
        const QString text = labelText(u"liveDecisionLabel"_s);
        QVERIFY2(text.contains(liveText), qPrintable(text));
        QVERIFY(text.contains(u"Agreed on the bridge call"_s));
    }
    if (!canDecide)
        QVERIFY(!child<QPushButton>(u"approveButton"_s)->toolTip().isEmpty()); // says why

    // The same request without the decision: deciding depends on the status alone again.
    m_view->setRequest(r, QString(), std::nullopt);
    QVERIFY(!child<QWidget>(u"liveDecisionFrame"_s)->isVisible());
    const bool pendingAndOpen = RequestStatus::Kind(status) == RequestStatus::Kind::Pending && secsLeft > 0;
    QCOMPARE(child<QPushButton>(u"approveButton"_s)->isEnabled(), pendingAndOpen);
}

void TestRequestDetailsView::signalsCarryTheId()
{
    QSignalSpy approve(m_view.get(), &RequestDetailsView::approveRequested);
    QSignalSpy deny(m_view.get(), &RequestDetailsView::denyRequested);
    QSignalSpy withdraw(m_view.get(), &RequestDetailsView::withdrawRequested);

    m_view->setRequest(request(u"r1"_s), QString(), std::nullopt);
    QTest::mouseClick(child<QPushButton>(u"approveButton"_s), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(u"denyButton"_s), Qt::LeftButton);
    QCOMPARE(approve.size(), 1);
    QCOMPARE(approve.at(0).at(0).toString(), u"r1"_s);
    QCOMPARE(deny.size(), 1);
    QCOMPARE(deny.at(0).at(0).toString(), u"r1"_s);

    m_view->setRequest(request(u"r7"_s), QString(), decision(u"r7"_s, Verdict::Deny, QueuedDecision::State::Queued));
    QVERIFY(labelText(u"liveDecisionLabel"_s).contains(u"Denial queued — not yet sent"_s));
    QTest::mouseClick(child<QPushButton>(u"withdrawButton"_s), Qt::LeftButton);
    QCOMPARE(withdraw.size(), 1);
    QCOMPARE(withdraw.at(0).at(0).toString(), u"r7"_s);
    // Disabled buttons emit nothing.
    QTest::mouseClick(child<QPushButton>(u"approveButton"_s), Qt::LeftButton);
    QCOMPARE(approve.size(), 1);

    // A decision for another request is not shown under this one.
    m_view->setRequest(request(u"r8"_s), QString(), decision(u"r7"_s, Verdict::Deny, QueuedDecision::State::Queued));
    QVERIFY(!child<QWidget>(u"liveDecisionFrame"_s)->isVisible());
    QVERIFY(child<QPushButton>(u"approveButton"_s)->isEnabled());
}

void TestRequestDetailsView::timelineRows()
{
    m_view->setRequest(request(u"r1"_s), QString(), std::nullopt);
    auto *tree = child<QTreeWidget>(u"timelineTree"_s);
    auto *empty = child<QLabel>(u"timelineEmptyLabel"_s);
    QVERIFY(tree && empty);
    QCOMPARE(tree->topLevelItemCount(), 0);
    QVERIFY(empty->isVisible());

    m_view->setTimeline({
        record(1, u"decision.queued"_s, u"queued"_s, u"Agreed"_s),
        record(2, u"decision.failed"_s, u"failed: RequestNotPending\n(Approved)"_s, kHtml),
        record(3, u"Approve"_s, u"Succeeded"_s, QString(), AuditRecord::Source::Azure),
    });
    QCOMPARE(tree->topLevelItemCount(), 3);
    QVERIFY(!empty->isVisible());
    QCOMPARE(tree->columnCount(), 5);
    const QStringList headers = {u"Time"_s, u"Action"_s, u"Actor"_s, u"Outcome"_s, u"Reason"_s};
    for (int c = 0; c < headers.size(); ++c)
        QCOMPARE(tree->headerItem()->text(c), headers.at(c));

    const QTreeWidgetItem *first = tree->topLevelItem(0);
    QVERIFY(!first->text(0).isEmpty());
    QCOMPARE(first->text(1), u"decision.queued"_s);
    QCOMPARE(first->text(2), u"alice@contoso.example"_s);
    QCOMPARE(first->text(3), u"queued"_s);
    QCOMPARE(first->text(4), u"Agreed"_s);
    const QTreeWidgetItem *second = tree->topLevelItem(1);
    QCOMPARE(second->text(4), kHtml); // item views show plain text: the markup as typed
    QVERIFY(!second->text(3).contains(u'\n'));
    QVERIFY(second->text(3).startsWith(u"failed: RequestNotPending"_s));
    // The tooltip would guess rich text: it carries the markup escaped.
    QVERIFY(second->toolTip(4).contains(u"&lt;b&gt;"_s));
    QVERIFY(!second->toolTip(4).contains(u"<b>"_s));
    QCOMPARE(tree->topLevelItem(2)->text(1), u"Approve"_s);
    QVERIFY(tree->topLevelItem(2)->toolTip(1).contains(u"Activity Log"_s));

    m_view->setTimeline({});
    QCOMPARE(tree->topLevelItemCount(), 0);
    QVERIFY(empty->isVisible());
}

void TestRequestDetailsView::anotherRequestClearsTheTimeline()
{
    auto *tree = child<QTreeWidget>(u"timelineTree"_s);
    m_view->setRequest(request(u"r1"_s), QString(), std::nullopt);
    m_view->setTimeline({record(1, u"decision.queued"_s, u"queued"_s, QString())});
    // The same request again (a sync refreshed it) keeps its history...
    m_view->setRequest(request(u"r1"_s, RequestStatus::Kind::Approving), QString(), std::nullopt);
    QCOMPARE(tree->topLevelItemCount(), 1);
    // ...another request never shows it.
    m_view->setRequest(request(u"r2"_s), QString(), std::nullopt);
    QCOMPARE(tree->topLevelItemCount(), 0);
}

void TestRequestDetailsView::refreshingTheSameRequestKeepsTheReadersPlace()
{
    AccessRequest r = request(u"r1"_s);
    for (int i = 0; i < 200; ++i)
        r.justification += u"Line %1 of a long justification.\n"_s.arg(i);
    m_view->setRequest(r, QString(), std::nullopt);
    auto *justification = child<QPlainTextEdit>(u"justificationView"_s);
    QScrollBar *bar = justification->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    const int scrolled = bar->value();
    QVERIFY(scrolled > 0);
    QToolButton *copy = m_view->findChild<QToolButton *>(u"copyResourceIdButton"_s);

    // A sync brings the same request with a new status.
    r.status = RequestStatus(RequestStatus::Kind::Approving);
    m_view->setRequest(r, QString(), std::nullopt);
    QCOMPARE(labelText(u"statusValue"_s), u"Approving…"_s);
    QCOMPARE(bar->value(), scrolled);
    QCOMPARE(m_view->findChild<QToolButton *>(u"copyResourceIdButton"_s), copy); // rows not rebuilt

    // Changed content is shown.
    r.justification = u"Shorter now."_s;
    r.resourceIds = {u"/subscriptions/x/other"_s};
    m_view->setRequest(r, QString(), std::nullopt);
    QCOMPARE(justification->toPlainText(), r.justification);
    QCOMPARE(m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s).size(), 1);
    QCOMPARE(shown(m_view->findChild<PlainTextLabel *>(u"resourceIdLabel"_s)), r.resourceIds.first());
}

void TestRequestDetailsView::supportCaseOpensOnlyHttps()
{
    UrlCatcher catcher;
    for (const QString &scheme : {u"https"_s, u"http"_s, u"file"_s, u"javascript"_s})
        QDesktopServices::setUrlHandler(scheme, &catcher, "open");

    AccessRequest r = request(u"r1"_s);
    m_view->setRequest(r, QString(), std::nullopt);
    auto *button = child<QToolButton>(u"supportCaseButton"_s);
    QVERIFY(button->isVisible());
    QCOMPARE(labelText(u"supportCaseUrlValue"_s), r.supportCaseUrl); // the link in full, as text
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(catcher.urls, QList<QUrl> {QUrl(r.supportCaseUrl)});

    for (const QString &bad : {u"http://evil.example/x"_s, u"javascript:alert(1)"_s, u"file:///etc/passwd"_s}) {
        r.supportCaseUrl = bad;
        m_view->setRequest(r, QString(), std::nullopt);
        QVERIFY2(!button->isVisible(), qPrintable(bad));
        QVERIFY(!child<PlainTextLabel>(u"supportCaseUrlValue"_s)->isVisible());
        QVERIFY(labelText(u"supportCaseValue"_s).contains(bad));
        button->click(); // even if reached somehow, nothing opens
    }
    QCOMPARE(catcher.urls.size(), 1);

    // The button says what it does; a '&' in the URL stays text in the label, never a mnemonic.
    r.supportCaseUrl = u"https://portal.azure.com/case?a=1&b=2"_s;
    m_view->setRequest(r, QString(), std::nullopt);
    QCOMPARE(button->text(), u"Open"_s);
    QCOMPARE(labelText(u"supportCaseUrlValue"_s), r.supportCaseUrl);
    QCOMPARE(child<PlainTextLabel>(u"supportCaseUrlValue"_s)->textFormat(), Qt::PlainText);

    for (const QString &scheme : {u"https"_s, u"http"_s, u"file"_s, u"javascript"_s})
        QDesktopServices::unsetUrlHandler(scheme);
}

void TestRequestDetailsView::supportCaseOnAnotherHostAsksFirst()
{
    // A case link is server text: on a host that is not the Azure portal's, Open names the host
    // (as plain text, as it goes on the wire) and opens nothing until the user says so.
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"https"_s, &catcher, "open");
    AccessRequest r = request(u"r1"_s);
    auto *button = child<QToolButton>(u"supportCaseButton"_s);
    const auto question = [this]() -> QMessageBox * {
        QMessageBox *box = nullptr;
        [[maybe_unused]] const bool shown = QTest::qWaitFor(
            [&] {
                box = m_view->findChild<QMessageBox *>(u"supportCaseConfirm"_s);
                return box && box->isVisible();
            },
            10000);
        return box && box->isVisible() ? box : nullptr;
    };

    // The portal itself, public or sovereign: opened at once.
    for (const QString &portal : {u"https://portal.azure.us/#blade/case"_s, u"https://ms.portal.azure.com/#case"_s}) {
        r.supportCaseUrl = portal;
        m_view->setRequest(r, QString(), std::nullopt);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(catcher.urls.takeLast(), QUrl(portal));
        QVERIFY(!m_view->findChild<QMessageBox *>(u"supportCaseConfirm"_s));
    }

    r.supportCaseUrl = u"https://portal.azure.com.login-check.example:8443/case?id=1&x=2"_s;
    m_view->setRequest(r, QString(), std::nullopt);
    QVERIFY(button->isVisible());
    QVERIFY2(button->toolTip().contains(u"not an Azure portal address: portal.azure.com.login-check.example:8443"_s),
             qPrintable(button->toolTip()));
    QTest::mouseClick(button, Qt::LeftButton);
    QMessageBox *box = question();
    QVERIFY(box);
    QVERIFY(catcher.urls.isEmpty());
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QVERIFY2(box->text().contains(u"\n\nportal.azure.com.login-check.example:8443\n\n"_s), qPrintable(box->text()));
    QVERIFY(box->defaultButton() != box->findChild<QPushButton *>(u"supportCaseConfirmOpen"_s));
    // Enter answers with the default, Cancel: nothing opens.
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(!m_view->findChild<QMessageBox *>(u"supportCaseConfirm"_s));
    QVERIFY(catcher.urls.isEmpty());

    // Asked again; Open opens exactly the link that was shown.
    QTest::mouseClick(button, Qt::LeftButton);
    box = question();
    QVERIFY(box);
    box->findChild<QPushButton *>(u"supportCaseConfirmOpen"_s)->click();
    QTRY_COMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.first(), QUrl(r.supportCaseUrl));

    // A look-alike in another script is shown as its punycode, never as "portal.azure.com".
    catcher.urls.clear();
    r.supportCaseUrl = u"https://p\u043Ertal.azure.com/#case"_s;
    m_view->setRequest(r, QString(), std::nullopt);
    QTest::mouseClick(button, Qt::LeftButton);
    box = question();
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"xn--prtal-jye.azure.com"_s), qPrintable(box->text()));
    box->reject();
    QTRY_VERIFY(!m_view->findChild<QMessageBox *>(u"supportCaseConfirm"_s));
    QVERIFY(catcher.urls.isEmpty());
    QDesktopServices::unsetUrlHandler(u"https"_s);
}

void TestRequestDetailsView::everyControlHasAnAccessibleName()
{
    m_view->setRequest(request(u"r1"_s), QString(), decision(u"r1"_s, Verdict::Approve, QueuedDecision::State::Queued));
    QStringList unnamed;
    const auto widgets = m_view->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QAbstractScrollArea *>(w)
            || qobject_cast<PlainTextLabel *>(w);
        if (control && w->accessibleName().isEmpty() && !w->objectName().startsWith(u"qt_"_s))
            unnamed << (w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                  : w->objectName());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void TestRequestDetailsView::focusGoesIntoThePane()
{
    m_view->setRequest(request(u"r1"_s), QString(), std::nullopt);
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    m_view->setFocus(Qt::ShortcutFocusReason);
    auto *scrollArea = child<QScrollArea>(u"scrollArea"_s);
    QTRY_VERIFY(scrollArea->hasFocus());
    // Tab walks on into the pane's own controls.
    QTest::keyClick(scrollArea, Qt::Key_Tab);
    QVERIFY(QApplication::focusWidget());
    QVERIFY(m_view->isAncestorOf(QApplication::focusWidget()));
}

void TestRequestDetailsView::everyFieldIsReadableAt1280x800_data()
{
    QTest::addColumn<int>("paneWidth"); // 0: the window's default share
    QTest::newRow("default share") << 0;
    QTest::newRow("narrow") << 340;
    QTest::newRow("wide") << 640;
}

void TestRequestDetailsView::everyFieldIsReadableAt1280x800()
{
    QFETCH(int, paneWidth);
    // The window at 1280 × 800: the table and the pane in a splitter, shared as the window does.
    m_view.reset();
    QWidget window;
    window.resize(1280, 800);
    auto *layout = new QHBoxLayout(&window);
    auto *splitter = new QSplitter(&window);
    layout->addWidget(splitter);
    splitter->addWidget(new QTableView(splitter));
    auto *view = new RequestDetailsView(*m_clock, splitter);
    splitter->addWidget(view);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 380});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (paneWidth > 0)
        splitter->setSizes({1240 - paneWidth, paneWidth});

    view->setRequest(longestRequest(u"r1"_s), kLongSubName,
                     decision(longestRequest(u"r1"_s).requestId, Verdict::Approve, QueuedDecision::State::Queued));
    view->setTimeline(longTimeline());
    QTest::qWait(50); // layouts settle through posted events
    QVERIFY2(view->width() >= 300, qPrintable(QString::number(view->width())));

    auto *scrollArea = view->findChild<QScrollArea *>(u"scrollArea"_s);
    QVERIFY(scrollArea);
    QTRY_VERIFY2(hiddenText(scrollArea).isEmpty(), qPrintable(hiddenText(scrollArea).join(u'\n')));
    auto *tree = view->findChild<QTreeWidget *>(u"timelineTree"_s);
    QCOMPARE(tree->topLevelItemCount(), 3);
    QTRY_VERIFY2(hiddenCellText(tree).isEmpty(), qPrintable(hiddenCellText(tree).join(u'\n')));
    // The pane can be read top to bottom: it scrolls vertically only.
    QCOMPARE(scrollArea->horizontalScrollBar()->maximum(), 0);
    QVERIFY(view->findChild<PlainTextLabel *>(u"statusValue"_s)->isVisible());
}

void TestRequestDetailsView::resourceNameComesBeforeItsId()
{
    const AccessRequest r = longestRequest(u"r1"_s);
    m_view->setRequest(r, QString(), std::nullopt);
    const auto names = m_view->findChildren<PlainTextLabel *>(u"resourceNameLabel"_s);
    const auto ids = m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s);
    QCOMPARE(names.size(), r.resourceIds.size());
    QCOMPARE(ids.size(), r.resourceIds.size());
    QTRY_VERIFY(ids.last()->height() > 0);
    const QStringList expected = {kVm, u"nic-vm-sap-app-uat-07-primary-ipconfiguration-01"_s,
                                  u"vm-sap-app-uat-07_OsDisk_1_0123456789abcdef0123456789abcdef"_s,
                                  u"sapdb-uat-reporting-archive-2024"_s};
    int previousBottom = -1;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        QCOMPARE(shown(names.at(i)), expected.at(i)); // in full
        QVERIFY(names.at(i)->font().bold());
        QCOMPARE(shown(ids.at(i)), r.resourceIds.at(i));
        QVERIFY(!ids.at(i)->font().bold());
        // The name above its own id, and below the previous resource.
        const QWidget *pane = m_view.get();
        const int nameTop = names.at(i)->mapTo(pane, QPoint(0, 0)).y();
        const int idTop = ids.at(i)->mapTo(pane, QPoint(0, 0)).y();
        QVERIFY2(nameTop + names.at(i)->height() <= idTop, qPrintable(u"%1: %2 / %3"_s.arg(i).arg(nameTop).arg(idTop)));
        QVERIFY(nameTop >= previousBottom);
        previousBottom = idTop + ids.at(i)->height();
    }
}

void TestRequestDetailsView::anotherRequestIsReadFromTheTop()
{
    m_view->resize(360, 500);
    AccessRequest r = longestRequest(u"r1"_s);
    m_view->setRequest(r, kLongSubName, std::nullopt);
    m_view->setTimeline(longTimeline());
    QScrollBar *bar = child<QScrollArea>(u"scrollArea"_s)->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 200);
    bar->setValue(bar->maximum());
    const int scrolled = bar->value();
    QVERIFY(scrolled > 0);

    // A refresh of the same request keeps the reader's place...
    r.status = RequestStatus(RequestStatus::Kind::Approving);
    m_view->setRequest(r, kLongSubName, std::nullopt);
    QTest::qWait(20);
    QCOMPARE(bar->value(), scrolled);

    // ...another request starts at its top, and so does one shown after nothing was.
    m_view->setRequest(longestRequest(u"r2"_s), kLongSubName, std::nullopt);
    QCOMPARE(bar->value(), 0);
    QTest::qWait(20);
    QCOMPARE(bar->value(), 0);
    bar->setValue(bar->maximum());
    QVERIFY(bar->value() > 0);
    m_view->clear();
    m_view->setRequest(longestRequest(u"r2"_s), kLongSubName, std::nullopt);
    QCOMPARE(bar->value(), 0);
}

void TestRequestDetailsView::copyingShownTextLeavesBreaksOut()
{
    const AccessRequest r = longestRequest(u"r1"_s);
    m_view->setRequest(r, kLongSubName, std::nullopt);
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
    auto *label = m_view->findChildren<PlainTextLabel *>(u"resourceIdLabel"_s).first();
    QVERIFY(label->text() != r.resourceIds.first()); // break opportunities for display
    QVERIFY(label->text().contains(QChar(0x200B)));
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->clear();
    label->setFocus();
    label->setSelection(0, int(label->text().size()));
    QVERIFY(label->hasSelectedText());
    QTest::keySequence(label, QKeySequence::Copy);
    QCOMPARE(clipboard->text(), r.resourceIds.first()); // exactly the id
    if (clipboard->supportsSelection())
        QCOMPARE(clipboard->text(QClipboard::Selection), r.resourceIds.first());

    // A label without break opportunities copies as QLabel does.
    QCOMPARE(PlainTextLabel::withoutBreaks(PlainTextLabel::breakable(r.supportCaseUrl)), r.supportCaseUrl);
    QVERIFY(!PlainTextLabel::breakable(u"plain words only"_s).contains(QChar(0x200B)));
}

void TestRequestDetailsView::accessCountsFromTheApproval()
{
    // Asked two days ago for 4 hours, approved an hour ago: 3 hours left, and the pane says when
    // it was approved and how the console knows.
    AccessRequest r = request(u"r1"_s);
    r.status = lockbox::RequestStatus(lockbox::RequestStatus::Kind::Approved);
    r.duration = u"4"_s;
    r.createdDateTime = m_clock->now().addDays(-2);
    r.approvedAt = m_clock->now().addSecs(-3600);
    r.approvalSource = lockbox::ApprovalSource::Observed;
    m_view->setRequest(r, u"Contoso Production"_s, std::nullopt);
    const QString text = labelText(u"timeLeftValue"_s);
    QVERIFY2(text.contains(u"3 h of access left"_s), qPrintable(text));
    QVERIFY2(text.contains(u"approximate"_s), qPrintable(text));

    // Over: when it ended; first seen approved, with no approval time: counted from creation.
    r.approvedAt = {};
    r.approvalSource = lockbox::ApprovalSource::None;
    m_view->setRequest(r, u"Contoso Production"_s, std::nullopt);
    const QString over = labelText(u"timeLeftValue"_s);
    QVERIFY2(over.contains(u"Access ended"_s), qPrintable(over));
    QVERIFY2(over.contains(u"counted from the request's creation"_s), qPrintable(over));
}

void TestRequestDetailsView::aSummaryIsShownUntilTheWholeRequestIsRead()
{
    // A decided request of which the table keeps a summary: no case URL, the justification cut.
    AccessRequest whole = request(u"r1"_s, RequestStatus::Kind::Denied);
    whole.justification = u"Restart the kubelet on the payments pool. "_s.repeated(6) + u"The last words."_s;
    const AccessRequest summary = lockbox::engine::RequestRows::summary(whole);
    QVERIFY(summary.supportCaseUrl.isEmpty());
    QVERIFY(summary.justification.size() < whole.justification.size());

    QSignalSpy wanted(m_view.get(), &RequestDetailsView::wholeRequestWanted);
    m_view->setRequestSummary(summary, u"Contoso Production"_s, std::nullopt);
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.at(0).at(0).toString(), u"r1"_s);
    QCOMPARE(m_view->requestId(), u"r1"_s);
    QCOMPARE(labelText(u"statusValue"_s), u"Denied"_s);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), summary.justification);
    QVERIFY(!child<QToolButton>(u"supportCaseButton"_s)->isVisible());

    // An answer for another request, or for an older version of this one, is dropped.
    AccessRequest other = request(u"r2"_s, RequestStatus::Kind::Denied);
    m_view->setWholeRequest(other);
    AccessRequest older = whole;
    older.status = RequestStatus(RequestStatus::Kind::Pending);
    m_view->setWholeRequest(older);
    m_view->setWholeRequest(AccessRequest()); // not in the cache any more
    QCOMPARE(m_view->requestId(), u"r1"_s);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), summary.justification);

    // The answer: every field, the case link too.
    m_view->setWholeRequest(whole);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), whole.justification);
    QVERIFY(child<QToolButton>(u"supportCaseButton"_s)->isVisible());
    QCOMPARE(labelText(u"supportCaseUrlValue"_s), whole.supportCaseUrl);
    QCOMPARE(labelText(u"subscriptionValue"_s), u"Contoso Production (%1)"_s.arg(kSub));

    // Refreshed with the same summary (a sync, a queue change): the whole request stays on show
    // while it is read again.
    m_view->setRequestSummary(summary, u"Contoso Production"_s, std::nullopt);
    QCOMPARE(wanted.size(), 2);
    QCOMPARE(child<QPlainTextEdit>(u"justificationView"_s)->toPlainText(), whole.justification);
    QVERIFY(child<QToolButton>(u"supportCaseButton"_s)->isVisible());

    // A summary that says something else replaces it until its own answer comes.
    AccessRequest expired = whole;
    expired.status = RequestStatus(RequestStatus::Kind::Expired);
    m_view->setRequestSummary(lockbox::engine::RequestRows::summary(expired), QString(), std::nullopt);
    QCOMPARE(wanted.size(), 3);
    QCOMPARE(labelText(u"statusValue"_s), u"Expired"_s);
    QVERIFY(!child<QToolButton>(u"supportCaseButton"_s)->isVisible());
    m_view->setWholeRequest(whole); // the answer to the earlier question
    QVERIFY(!child<QToolButton>(u"supportCaseButton"_s)->isVisible());
    m_view->setWholeRequest(expired);
    QVERIFY(child<QToolButton>(u"supportCaseButton"_s)->isVisible());
    QCOMPARE(labelText(u"statusValue"_s), u"Expired"_s);

    // A whole request given directly is not replaced by an answer meant for a summary.
    m_view->setRequest(request(u"r3"_s), QString(), std::nullopt);
    m_view->setWholeRequest(expired);
    QCOMPARE(m_view->requestId(), u"r3"_s);
    m_view->clear();
    m_view->setWholeRequest(expired);
    QVERIFY(m_view->requestId().isEmpty());
}

QTEST_MAIN(TestRequestDetailsView)
#include "tst_requestdetailsview.moc"
