// Benchmark of the main window's table (QUALITY P6): 100,000 realistic requests (10 subscriptions
// × 10,000 from the simulator's scenario generator) in a RequestTableModel behind a
// RequestFilterProxy, shown in an offscreen QTableView as in the main window. It times
// search-as-you-type (each keystroke: setSearchText, the counts behind the quick-filter buttons,
// and the event loop's repaint), sorts by each kind of column, quick-filter switches, the
// minute's time refresh, incremental sync changes and a first sync's chunked appends, and it
// measures the model's heap. Prints one JSON object a line with wall and thread-CPU times; it
// asserts nothing about speed, but exits 1 when the proxy's rows disagree with a plain scan (a
// broken filter, not a slow day).
//
// The model keeps summaries of the requests that are not open, as the console's does (--whole:
// every request whole).
//
//   lockbox-searchbench [--rows N] [--runs R] [--no-view] [--whole] [--quick]

#include "core/clock.h"
#include "gui/guiresources.h"
#include "gui/requestcelldelegate.h"
#include "gui/requestfilterproxy.h"
#include "gui/requesttablemodel.h"
#include "sim/scenario.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTableView>

#include <sys/resource.h>

#include <time.h>
#include <unistd.h>
#if defined(__GLIBC__)
#  include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::QuickFilter;
using lockbox::gui::RequestFilterProxy;
using lockbox::gui::RequestTableModel;

namespace {

struct Config
{
    int rows = 100000;
    int runs = 3;
    bool view = true;
    bool summarised = true;
};

class FixedClock final : public lockbox::Clock
{
public:
    explicit FixedClock(const QDateTime &now)
        : m_now(now)
    {
    }
    QDateTime now() const override { return m_now; }

private:
    QDateTime m_now;
};

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

double peakRssMb()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// Resident memory now (not the peak), from /proc.
double currentRssMb()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return -1;
    return double(fields.at(1).toLongLong()) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Bytes the allocator has handed out and not taken back (the model's real footprint, which RSS
// hides once freed memory is reused); -1 where the C library cannot tell.
double heapInUseMb()
{
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    return double(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(rank, 0, values.size() - 1));
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// Wall time and this thread's CPU time: on a shared, loaded machine the CPU time shows the work
// done, the wall time what a user would have waited.
class Stopwatch
{
public:
    void start()
    {
        m_cpu = cpuNs();
        m_wall.start();
    }
    double wallMs() const { return double(m_wall.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return double(cpuNs() - m_cpu) / 1e6; }

private:
    static qint64 cpuNs()
    {
        timespec ts = {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    }
    QElapsedTimer m_wall;
    qint64 m_cpu = 0;
};

struct Samples
{
    QList<double> wall;
    QList<double> cpu;
    void add(const Stopwatch &watch)
    {
        wall.append(watch.wallMs());
        cpu.append(watch.cpuMs());
    }
};

// Lets the view process what the proxy announced and repaint, as the user would see it.
void settle()
{
    QCoreApplication::processEvents();
}

// The proxy's rows against a plain scan of the model with the same definitions.
bool verify(const RequestTableModel &model, const RequestFilterProxy &proxy, const QString &needle)
{
    int expected = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.rows().matches(row, needle.toLower()))
            ++expected;
    }
    if (proxy.rowCount() != expected || proxy.counts().all != expected) {
        std::fprintf(stderr, "searchbench: \"%s\": proxy shows %d rows (counts %d), a scan finds %d\n",
                     qPrintable(needle), proxy.rowCount(), proxy.counts().all, expected);
        return false;
    }
    return true;
}

QStringList typed(const QString &word)
{
    QStringList out;
    for (qsizetype i = 1; i <= word.size(); ++i)
        out.append(word.left(i));
    return out;
}

QStringList erased(const QString &word, qsizetype downTo)
{
    QStringList out;
    for (qsizetype i = word.size() - 1; i >= downTo; --i)
        out.append(word.left(i));
    return out;
}

// What a user types: a resource name, back to its prefix, another one, a subscription name, a
// support case number, a word of a justification, and a needle that matches nothing.
QStringList keystrokes()
{
    QStringList k;
    k += typed(u"aks-payments-api"_s);
    k += erased(u"aks-payments-api"_s, 4);
    k += typed(u"aks-web"_s).mid(4);
    k += erased(u"aks-web"_s, 0);
    k += typed(u"Contoso Retail"_s);
    k += erased(u"Contoso Retail"_s, 0);
    k += typed(u"2503"_s);
    k += erased(u"2503"_s, 0);
    k += typed(u"kubelet"_s);
    k += erased(u"kubelet"_s, 0);
    k += typed(u"qxz"_s);
    k += erased(u"qxz"_s, 0);
    return k;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    lockbox::gui::initResources(); // the status icons, as the console paints them

    Config config;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--rows"_s && i + 1 < args.size())
            config.rows = qMax(10, args.at(++i).toInt());
        else if (a == u"--runs"_s && i + 1 < args.size())
            config.runs = qMax(1, args.at(++i).toInt());
        else if (a == u"--no-view"_s)
            config.view = false;
        else if (a == u"--whole"_s)
            config.summarised = false;
        else if (a == u"--quick"_s) {
            config.rows = 5000;
            config.runs = 1;
        } else {
            std::fprintf(stderr, "usage: lockbox-searchbench [--rows N] [--runs R] [--no-view] [--whole] [--quick]\n");
            return 2;
        }
    }

    const double heapAtStart = heapInUseMb();
    // The data: 10 subscriptions, as the store bench and the first-sync bench use them.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const FixedClock clock(now);
    const lockbox::sim::ScenarioGenerator generator(1, now);
    const int subscriptions = 10;
    QList<AccessRequest> all;
    QHash<QString, QString> names;
    for (int s = 0; s < subscriptions; ++s) {
        const lockbox::sim::Subscription sub = generator.makeSubscription(s);
        names.insert(sub.subscriptionId, sub.displayName);
        const int count = config.rows / subscriptions + (s < config.rows % subscriptions ? 1 : 0);
        for (const lockbox::sim::SimRecord &record : generator.makeRequests(sub, s, count, 0.2, 0.15))
            all.append(record.request);
    }
    // The store hands rows over newest first.
    std::sort(all.begin(), all.end(),
              [](const AccessRequest &a, const AccessRequest &b) { return a.createdDateTime > b.createdDateTime; });
    bool ok = true;

    RequestTableModel model(clock);
    model.setSummarised(config.summarised);
    Stopwatch watch;
    watch.start();
    model.setSubscriptionNames(names);
    model.setRequests(all);
    const double loadCpuMs = watch.cpuMs();
    RequestFilterProxy proxy(clock);
    watch.start();
    proxy.setSourceModel(&model);
    const int shown = proxy.rowCount();
    const double proxyCpuMs = watch.cpuMs();

    std::unique_ptr<QTableView> view;
    if (config.view) {
        view = std::make_unique<QTableView>();
        // Set up as the console's table is (RequestTableController::setUpTable).
        view->setItemDelegate(new lockbox::gui::RequestCellDelegate(view.get()));
        view->verticalHeader()->hide();
        view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);

        view->setSortingEnabled(true);
        view->horizontalHeader()->setSortIndicator(RequestTableModel::Requested, Qt::DescendingOrder);
        view->setModel(&proxy);
        const int widths[] = {170, 110, 100, 170, 190, 170, 130, 80, 110};
        for (int column = 0; column < int(std::size(widths)); ++column)
            view->setColumnWidth(column, widths[column]);
        view->resize(1280, 800);
        view->show();
        settle();
    }
    // The requests now live in the model alone (their strings are shared, not copied).
    all.clear();
    all.squeeze();
    const double modelMb = heapInUseMb() - heapAtStart;
    print(QJsonObject {{u"bench"_s, u"table_load"_s},
                       {u"rows"_s, model.rowCount()},
                       {u"summarised"_s, config.summarised},
                       {u"model_cpu_ms"_s, round2(loadCpuMs)},
                       {u"proxy_cpu_ms"_s, round2(proxyCpuMs)},
                       {u"shown"_s, shown},
                       {u"heap_mb"_s, round2(modelMb)}});

    // Search as you type.
    const QStringList keys = keystrokes();
    Samples typing;
    Samples filtering; // setSearchText and the counts, before the event loop repaints
    for (int run = 0; run < config.runs; ++run) {
        for (const QString &text : keys) {
            Stopwatch filterWatch;
            watch.start();
            filterWatch.start();
            proxy.setSearchText(text);
            const lockbox::RequestCounts counts = proxy.counts(); // the filter buttons' labels
            filtering.add(filterWatch);
            settle();
            typing.add(watch);
            Q_UNUSED(counts)
        }
        ok = verify(model, proxy, QString()) && ok;
    }
    for (const QString &needle : {u"aks-pay"_s, u"contoso"_s, u"kubelet"_s}) {
        proxy.setSearchText(needle);
        settle();
        ok = verify(model, proxy, needle) && ok;
    }
    proxy.setSearchText(QString());
    settle();
    print(QJsonObject {{u"bench"_s, u"search_as_you_type"_s},
                       {u"rows"_s, model.rowCount()},
                       {u"keystrokes"_s, int(typing.wall.size())},
                       {u"p50_ms"_s, round2(percentile(typing.wall, 0.5))},
                       {u"p95_ms"_s, round2(percentile(typing.wall, 0.95))},
                       {u"max_ms"_s, round2(percentile(typing.wall, 1.0))},
                       {u"cpu_p50_ms"_s, round2(percentile(typing.cpu, 0.5))},
                       {u"cpu_p95_ms"_s, round2(percentile(typing.cpu, 0.95))},
                       {u"cpu_max_ms"_s, round2(percentile(typing.cpu, 1.0))},
                       {u"filter_p50_ms"_s, round2(percentile(filtering.wall, 0.5))},
                       {u"filter_p95_ms"_s, round2(percentile(filtering.wall, 0.95))},
                       {u"view"_s, config.view}});

    // Sorting: a time, a countdown, a status rank, a name, free text.
    const QList<QPair<int, QString>> sorts = {
        {RequestTableModel::Requested, u"requested"_s}, {RequestTableModel::TimeLeft, u"time_left"_s},
        {RequestTableModel::Status, u"status"_s},       {RequestTableModel::Subscription, u"subscription"_s},
        {RequestTableModel::Resource, u"resource"_s},   {RequestTableModel::Justification, u"justification"_s}};
    for (const auto &[column, name] : sorts) {
        Samples sorting;
        for (int run = 0; run < config.runs; ++run) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                watch.start();
                proxy.sort(column, order);
                settle();
                sorting.add(watch);
            }
        }
        print(QJsonObject {{u"bench"_s, u"sort"_s},
                           {u"rows"_s, model.rowCount()},
                           {u"column"_s, name},
                           {u"median_ms"_s, round2(percentile(sorting.wall, 0.5))},
                           {u"cpu_median_ms"_s, round2(percentile(sorting.cpu, 0.5))},
                           {u"cpu_max_ms"_s, round2(percentile(sorting.cpu, 1.0))}});
    }

    // Typing while sorted by free text, the slowest comparison.
    {
        Samples typingSorted;
        proxy.sort(RequestTableModel::Justification, Qt::AscendingOrder);
        settle();
        for (const QString &text : keys) {
            watch.start();
            proxy.setSearchText(text);
            proxy.counts();
            settle();
            typingSorted.add(watch);
        }
        print(QJsonObject {{u"bench"_s, u"search_as_you_type_sorted_by_justification"_s},
                           {u"rows"_s, model.rowCount()},
                           {u"keystrokes"_s, int(typingSorted.wall.size())},
                           {u"p95_ms"_s, round2(percentile(typingSorted.wall, 0.95))},
                           {u"cpu_p50_ms"_s, round2(percentile(typingSorted.cpu, 0.5))},
                           {u"cpu_p95_ms"_s, round2(percentile(typingSorted.cpu, 0.95))},
                           {u"cpu_max_ms"_s, round2(percentile(typingSorted.cpu, 1.0))}});
        proxy.setSearchText(QString());
    }
    proxy.sort(RequestTableModel::Requested, Qt::DescendingOrder);
    settle();

    // Quick-filter switches.
    const QList<QPair<QuickFilter, QString>> filters = {{QuickFilter::Pending, u"pending"_s},
                                                        {QuickFilter::Active, u"active"_s},
                                                        {QuickFilter::History, u"history"_s},
                                                        {QuickFilter::All, u"all"_s}};
    Samples switching;
    QJsonObject perFilter;
    for (int run = 0; run < config.runs; ++run) {
        for (const auto &[filter, name] : filters) {
            watch.start();
            proxy.setQuickFilter(filter);
            settle();
            switching.add(watch);
            perFilter.insert(name, proxy.rowCount());
        }
    }
    print(QJsonObject {{u"bench"_s, u"quick_filter_switch"_s},
                       {u"rows"_s, model.rowCount()},
                       {u"switches"_s, int(switching.wall.size())},
                       {u"p50_ms"_s, round2(percentile(switching.wall, 0.5))},
                       {u"cpu_p50_ms"_s, round2(percentile(switching.cpu, 0.5))},
                       {u"cpu_max_ms"_s, round2(percentile(switching.cpu, 1.0))},
                       {u"shown"_s, perFilter}});

    // The minute's refresh: every row's Requested and TimeLeft, and Active/History.
    Samples refreshing;
    for (int run = 0; run < config.runs; ++run) {
        watch.start();
        model.refreshTimes();
        proxy.refreshTime();
        settle();
        refreshing.add(watch);
    }
    print(QJsonObject {{u"bench"_s, u"refresh_times"_s},
                       {u"rows"_s, model.rowCount()},
                       {u"median_ms"_s, round2(percentile(refreshing.wall, 0.5))},
                       {u"cpu_median_ms"_s, round2(percentile(refreshing.cpu, 0.5))},
                       {u"cpu_max_ms"_s, round2(percentile(refreshing.cpu, 1.0))}});

    // An incremental change as a sync delivers it: changed rows, scattered removals, additions.
    for (const int size : {10, 1000}) {
        lockbox::ChangeSet changes;
        QList<AccessRequest> rows;
        const int n = model.rowCount();
        QSet<int> touched;
        for (int i = 0; i < size; ++i) {
            const int row = int((qint64(i) * 7919 + size) % n);
            touched.insert(row);
            AccessRequest r = *model.requestAt(row);
            r.justification += u" (updated)"_s;
            changes.changed.append({r.requestId, r.subscriptionId, r.status, r.status});
            rows.append(r);
        }
        for (int i = 0; i < size / 5; ++i) {
            const int row = int((qint64(i) * 104729 + 13) % n);
            if (touched.contains(row))
                continue;
            touched.insert(row);
            const std::optional<AccessRequest> r = model.requestAt(row);
            changes.removed.append({r->requestId, r->subscriptionId, r->status, r->status});
        }
        for (int i = 0; i < size / 5; ++i) {
            AccessRequest r = *model.requestAt(i % n);
            r.requestId = u"bench-added-%1-%2"_s.arg(size).arg(i);
            r.createdDateTime = now.addSecs(-i);
            changes.added.append({r.requestId, r.subscriptionId, {}, r.status});
            rows.append(r);
        }
        watch.start();
        model.applyChanges(changes, rows);
        settle();
        print(QJsonObject {{u"bench"_s, u"apply_changes"_s},
                           {u"rows"_s, n},
                           {u"changed"_s, int(changes.changed.size())},
                           {u"removed"_s, int(changes.removed.size())},
                           {u"added"_s, int(changes.added.size())},
                           {u"ms"_s, round2(watch.wallMs())},
                           {u"cpu_ms"_s, round2(watch.cpuMs())}});
        ok = verify(model, proxy, QString()) && ok;
    }

    // A sync's decisions while sorted by status: Pending requests become Denied and move.
    {
        proxy.sort(RequestTableModel::Status, Qt::AscendingOrder);
        settle();
        lockbox::ChangeSet changes;
        QList<AccessRequest> rows;
        for (int row = 0; row < model.rowCount() && rows.size() < 300; row += 7) {
            AccessRequest r = *model.requestAt(row);
            if (r.status.kind() != lockbox::RequestStatus::Kind::Pending)
                continue;
            const lockbox::RequestStatus was = r.status;
            r.status = lockbox::RequestStatus(lockbox::RequestStatus::Kind::Denied);
            changes.changed.append({r.requestId, r.subscriptionId, was, r.status});
            rows.append(r);
        }
        watch.start();
        model.applyChanges(changes, rows);
        settle();
        print(QJsonObject {{u"bench"_s, u"apply_changes_sorted_by_status"_s},
                           {u"rows"_s, model.rowCount()},
                           {u"changed"_s, int(changes.changed.size())},
                           {u"ms"_s, round2(watch.wallMs())},
                           {u"cpu_ms"_s, round2(watch.cpuMs())}});
        ok = verify(model, proxy, QString()) && ok;
        proxy.sort(RequestTableModel::Requested, Qt::DescendingOrder);
        settle();
    }

    print(QJsonObject {{u"bench"_s, u"table_memory"_s},
                       {u"rows"_s, model.rowCount()},
                       {u"model_heap_mb"_s, round2(modelMb)},
                       {u"rss_mb"_s, round2(currentRssMb())},
                       {u"peak_rss_mb"_s, round2(peakRssMb())}});

    // The first sync's way in: chunks of 1,000 appended under a proxy and a view.
    {
        RequestTableModel chunked(clock);
        chunked.setSummarised(config.summarised);
        chunked.setSubscriptionNames(names);
        RequestFilterProxy chunkedProxy(clock);
        chunkedProxy.setSourceModel(&chunked);
        QTableView chunkedView;
        chunkedView.setModel(&chunkedProxy);
        if (config.view) {
            chunkedView.resize(1280, 800);
            chunkedView.show();
        }
        settle();
        // Subscription by subscription, as a first sync delivers them.
        QList<AccessRequest> bySubscription;
        for (int row = 0; row < model.rowCount(); ++row)
            bySubscription.append(*model.requestAt(row));
        std::stable_sort(
            bySubscription.begin(), bySubscription.end(),
            [](const AccessRequest &a, const AccessRequest &b) { return a.subscriptionId < b.subscriptionId; });
        Samples chunks;
        for (qsizetype i = 0; i < bySubscription.size(); i += 1000) {
            watch.start();
            chunked.appendRequests(bySubscription.mid(i, 1000));
            settle();
            chunks.add(watch);
        }
        ok = verify(chunked, chunkedProxy, QString()) && ok;
        print(QJsonObject {{u"bench"_s, u"append_chunks"_s},
                           {u"rows"_s, chunked.rowCount()},
                           {u"chunks"_s, int(chunks.wall.size())},
                           {u"p50_ms"_s, round2(percentile(chunks.wall, 0.5))},
                           {u"max_ms"_s, round2(percentile(chunks.wall, 1.0))},
                           {u"cpu_p50_ms"_s, round2(percentile(chunks.cpu, 0.5))},
                           {u"cpu_max_ms"_s, round2(percentile(chunks.cpu, 1.0))}});
    }

    return ok ? 0 : 1;
}
