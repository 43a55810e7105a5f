#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <utility>

class QBoxLayout;
class QComboBox;
class QLineEdit;
class QSettings;
class QTabBar;
class QTableView;
class QTimer;

namespace lockbox::gui {

class RequestFilterProxy;
class RequestTableModel;

// Owns the request table and its filter row: the table's columns and saved layout, the quick
// filters with their counts, the subscription filter, search as you type, and what is selected
// (the first row once the cache is in; a request asked for, with the filters that hide it
// cleared).
class RequestTableController final : public QObject
{
    Q_OBJECT

public:
    // The window's widgets this controller sets up and drives.
    struct Widgets
    {
        QTableView *table = nullptr;
        QBoxLayout *filterRow = nullptr; // the quick filters go first in it
        QComboBox *subscriptionFilter = nullptr;
        QLineEdit *searchBox = nullptr;
    };

    RequestTableController(RequestTableModel *model, RequestFilterProxy *proxy, const Widgets &widgets,
                           QObject *parent = nullptr);
    ~RequestTableController() override;

    QStringList selectedRequestIds() const;
    // Until the cache is in, nothing is selected on its own.
    void setLoaded(bool loaded) { m_loaded = loaded; }
    // Something is always selected once there is something to show, so the details pane and the
    // decision actions have a subject without a click.
    void selectFirstIfNone();
    // Selects the request and scrolls to it, clearing the filters that hide it.
    void showRequest(const QString &requestId);
    // The quick filters' counts: "Pending (3)", …
    void updateCounts();
    // The subscription filter lists these (name, id) pairs after "All subscriptions"; it is
    // rebuilt when their number or a name changed, keeping what was chosen.
    void setSubscriptions(const QList<std::pair<QString, QString>> &byName, bool namesChanged);
    // 0 Pending, 1 Active, 2 History, 3 All.
    void setQuickFilter(int index);
    int quickFilter() const;
    // The columns' order and widths, and the quick filter.
    void restoreLayout(const QSettings &settings);
    void saveLayout(QSettings &settings) const;

Q_SIGNALS:
    void selectionChanged();
    void quickFilterChanged();
    // Enter on the table, or a double click: the details pane should take the focus.
    void detailsRequested(Qt::FocusReason reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpTable();

    RequestTableModel *m_model;
    RequestFilterProxy *m_proxy;
    Widgets m_widgets;
    QTabBar *m_quickFilters;
    QTimer *m_searchDelay;
    bool m_loaded = false;
};

} // namespace lockbox::gui
