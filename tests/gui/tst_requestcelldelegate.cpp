// RequestCellDelegate: the request table's cells drawn as QStyledItemDelegate draws them (text and
// icon where they were, elided within the cell), with each line of text laid out once: a repaint
// of the same cells lays out nothing again, a changed text or width lays out that cell alone.

#include "gui/requestcelldelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::gui::RequestCellDelegate;

namespace {

// The bounding box of the dark pixels (text, icon) in `image`, whatever light panel is under them.
QRect inkOf(const QImage &image)
{
    QRect box;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 140)
                box |= QRect(x, y, 1, 1);
        }
    }
    return box;
}

// One cell of `index` painted by `delegate` in a `width` × 24 image.
QImage paintCell(QAbstractItemDelegate *delegate, QTableView *view, const QModelIndex &index, int width)
{
    QImage image(width, 24, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = QRect(0, 0, width, 24);
    option.state |= QStyle::State_Enabled;
    option.widget = view;
    // As QTableView's options for its items.
    option.decorationSize = QSize(16, 16);
    option.decorationPosition = QStyleOptionViewItem::Left;
    option.decorationAlignment = Qt::AlignCenter;
    option.displayAlignment = Qt::AlignLeft | Qt::AlignVCenter;
    option.textElideMode = Qt::ElideRight;
    delegate->paint(&painter, option, index);
    painter.end();
    return image;
}

} // namespace

class TestRequestCellDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void eachTextIsLaidOutOnce();
    void drawsWhereTheStyledDelegateDraws();
    void longTextStaysInItsCell();

private:
    std::unique_ptr<QStandardItemModel> m_model;
    std::unique_ptr<QTableView> m_view;
    RequestCellDelegate *m_delegate = nullptr;

    void repaint()
    {
        m_view->viewport()->repaint();
        QApplication::processEvents();
    }
};

void TestRequestCellDelegate::init()
{
    m_model = std::make_unique<QStandardItemModel>(200, 3);
    for (int row = 0; row < 200; ++row) {
        m_model->setItem(row, 0, new QStandardItem(u"Pending %1"_s.arg(row)));
        m_model->setItem(row, 1, new QStandardItem(u"aks-payments-%1"_s.arg(row % 7)));
        m_model->setItem(row, 2, new QStandardItem(QString()));
    }
    m_view = std::make_unique<QTableView>();
    m_delegate = new RequestCellDelegate(m_view.get());
    m_view->setItemDelegate(m_delegate);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(24);
    m_view->setModel(m_model.get());
    m_view->resize(600, 24 * 10 + 40);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestRequestCellDelegate::cleanup()
{
    m_view.reset();
    m_model.reset();
}

void TestRequestCellDelegate::eachTextIsLaidOutOnce()
{
    repaint();
    const qsizetype first = m_delegate->cachedCount();
    // Every visible row's first column, and the 7 distinct texts of the second (empty cells: none).
    QVERIFY2(first >= 8 && first <= 14 + 7, qPrintable(QString::number(first)));
    repaint();
    repaint();
    QCOMPARE(m_delegate->cachedCount(), first);

    // One text changes: that one cell is laid out again.
    m_model->item(0, 0)->setText(u"Approved"_s);
    repaint();
    QCOMPARE(m_delegate->cachedCount(), first + 1);

    // Scrolling brings rows never shown; going back lays out nothing.
    m_view->scrollTo(m_model->index(150, 0));
    repaint();
    const qsizetype scrolled = m_delegate->cachedCount();
    QVERIFY(scrolled > first + 1);
    m_view->scrollToTop();
    repaint();
    QCOMPARE(m_delegate->cachedCount(), scrolled);

    // Another width is another line (elided differently).
    m_view->setColumnWidth(1, m_view->columnWidth(1) - 30);
    repaint();
    QVERIFY(m_delegate->cachedCount() > scrolled);

    // Bounded.
    for (int row = 0; row < 200; ++row)
        m_model->item(row, 2)->setText(u"note %1"_s.arg(row));
    m_view->setColumnWidth(2, 120);
    for (int step = 0; step < 30 && m_delegate->cachedCount() < RequestCellDelegate::kMaxCached; ++step) {
        for (int row = 0; row < 200; ++row)
            m_model->item(row, 2)->setText(u"note %1 %2"_s.arg(row).arg(step));
        for (int top = 0; top < 200; top += 10) {
            m_view->scrollTo(m_model->index(top, 2), QAbstractItemView::PositionAtTop);
            repaint();
        }
    }
    QVERIFY(m_delegate->cachedCount() <= RequestCellDelegate::kMaxCached);
}

void TestRequestCellDelegate::drawsWhereTheStyledDelegateDraws()
{
    QStyledItemDelegate styled;
    QPixmap icon(16, 16);
    icon.fill(Qt::darkGreen);
    m_model->item(3, 0)->setIcon(QIcon(icon));
    for (const int row : {3, 4}) { // with and without an icon
        const QModelIndex index = m_model->index(row, 0);
        const QRect expected = inkOf(paintCell(&styled, m_view.get(), index, 160));
        const QRect actual = inkOf(paintCell(m_delegate, m_view.get(), index, 160));
        QVERIFY(!expected.isEmpty());
        const auto near = [](int a, int b) { return std::abs(a - b) <= 2; };
        QVERIFY2(near(expected.left(), actual.left()) && near(expected.right(), actual.right())
                     && near(expected.top(), actual.top()) && near(expected.bottom(), actual.bottom()),
                 qPrintable(u"row %1: styled %2,%3 %4x%5, this %6,%7 %8x%9"_s.arg(row)
                                .arg(expected.x())
                                .arg(expected.y())
                                .arg(expected.width())
                                .arg(expected.height())
                                .arg(actual.x())
                                .arg(actual.y())
                                .arg(actual.width())
                                .arg(actual.height())));
    }
}

void TestRequestCellDelegate::longTextStaysInItsCell()
{
    m_model->item(5, 1)->setText(
        u"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"_s);
    const QImage narrow = paintCell(m_delegate, m_view.get(), m_model->index(5, 1), 200);
    const QRect ink = inkOf(narrow);
    QVERIFY(!ink.isEmpty());
    QVERIFY2(ink.right() < 200 - 2, qPrintable(QString::number(ink.right())));
    // Elided, as the styled delegate elides: the same ink to a couple of pixels.
    QStyledItemDelegate styled;
    const QRect expected = inkOf(paintCell(&styled, m_view.get(), m_model->index(5, 1), 200));
    QVERIFY2(std::abs(expected.right() - ink.right()) <= 3,
             qPrintable(u"styled ends at %1, this at %2"_s.arg(expected.right()).arg(ink.right())));
}

QTEST_MAIN(TestRequestCellDelegate)
#include "tst_requestcelldelegate.moc"
