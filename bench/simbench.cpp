// Benchmark driver for lockbox-sim: starts the simulator as its own process, then measures on
// loopback how fast it serves a full paged walk and single small requests. Prints one JSON object
// a line (see docs/quality.md). Figures only: it asserts nothing about speed.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Config
{
    int subscriptions = 10;
    int requests = 10000;
    int pageSize = 1000;
    int smallRequests = 5000;
    int concurrency = 6;
};

QByteArray get(QNetworkAccessManager &nam, const QUrl &url, int *status)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer bench");
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Config c;
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(u"--quick"_s)) {
        c.subscriptions = 2;
        c.requests = 500;
        c.pageSize = 100;
        c.smallRequests = 200;
    }

    QProcess sim;
    sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer startTimer;
    startTimer.start();
    sim.start(QStringLiteral(LOCKBOX_SIM_EXECUTABLE),
              {u"--static-token"_s, u"bench"_s, u"--subscriptions"_s, QString::number(c.subscriptions), u"--requests"_s,
               QString::number(c.requests), u"--page-size"_s, QString::number(c.pageSize), u"--seed"_s, u"1"_s});
    if (!sim.waitForStarted(10000) || !sim.waitForReadyRead(120000)) {
        std::fprintf(stderr, "simbench: lockbox-sim did not start\n");
        return 1;
    }
    while (!sim.canReadLine() && sim.waitForReadyRead(10000)) { }
    const QUrl base(QString::fromUtf8(sim.readLine()).trimmed());
    const double startupSeconds = double(startTimer.elapsed()) / 1000.0;
    const auto finish = [&sim](int rc) {
        sim.terminate();
        sim.waitForFinished(5000);
        return rc;
    };

    QNetworkAccessManager nam;
    int status = 0;
    const QJsonArray subs =
        QJsonDocument::fromJson(get(nam, base.resolved(QUrl(u"/subscriptions?api-version=2022-12-01"_s)), &status))
            .object()
            .value(u"value")
            .toArray();
    if (status != 200 || subs.size() != c.subscriptions) {
        std::fprintf(stderr, "simbench: subscriptions list failed (HTTP %d)\n", status);
        return finish(1);
    }
    print({{u"bench"_s, u"sim_startup"_s},
           {u"requests"_s, c.subscriptions * c.requests},
           {u"seconds"_s, startupSeconds}});

    // 1. A full paged walk of every subscription, as a first sync does.
    QElapsedTimer walk;
    walk.start();
    qint64 records = 0;
    qint64 pages = 0;
    qint64 bytes = 0;
    QString someRequest;
    QString someSubscription;
    for (const QJsonValue &sub : subs) {
        const QString id = sub.toObject().value(u"subscriptionId").toString();
        QUrl next =
            base.resolved(QUrl(u"/subscriptions/"_s + id
                               + u"/providers/Microsoft.CustomerLockbox/requests?api-version=2018-02-28-preview"_s));
        while (next.isValid() && !next.isEmpty()) {
            const QByteArray body = get(nam, next, &status);
            if (status != 200) {
                std::fprintf(stderr, "simbench: page failed (HTTP %d)\n", status);
                return finish(1);
            }
            const QJsonObject page = QJsonDocument::fromJson(body).object();
            const QJsonArray value = page.value(u"value").toArray();
            records += value.size();
            bytes += body.size();
            ++pages;
            if (someRequest.isEmpty() && !value.isEmpty()) {
                someRequest = value.first().toObject().value(u"properties").toObject().value(u"requestId").toString();
                someSubscription = id;
            }
            next = QUrl(page.value(u"nextLink").toString());
        }
    }
    const double walkSeconds = double(walk.nsecsElapsed()) / 1e9;
    print({{u"bench"_s, u"sim_paged_walk"_s},
           {u"requests"_s, records},
           {u"pages"_s, pages},
           {u"megabytes"_s, double(bytes) / 1e6},
           {u"seconds"_s, walkSeconds},
           {u"per_second"_s, qRound64(double(records) / walkSeconds)}});
    if (records != qint64(c.subscriptions) * c.requests) {
        std::fprintf(stderr, "simbench: walked %lld requests, expected %d\n", records, c.subscriptions * c.requests);
        return finish(1);
    }

    // 2. Small requests (GET one request) with a few connections in flight, as polling does.
    const QUrl one =
        base.resolved(QUrl(u"/subscriptions/"_s + someSubscription + u"/providers/Microsoft.CustomerLockbox/requests/"_s
                           + someRequest + u"?api-version=2018-02-28-preview"_s));
    QList<qint64> latenciesUs;
    latenciesUs.reserve(c.smallRequests);
    int sent = 0;
    int done = 0;
    int failed = 0;
    QEventLoop loop;
    QElapsedTimer small;
    small.start();
    std::function<void()> sendOne = [&] {
        if (sent >= c.smallRequests)
            return;
        ++sent;
        QNetworkRequest request(one);
        request.setRawHeader("Authorization", "Bearer bench");
        auto *timer = new QElapsedTimer;
        timer->start();
        QNetworkReply *reply = nam.get(request);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, timer] {
            latenciesUs.append(timer->nsecsElapsed() / 1000);
            delete timer;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                ++failed;
            reply->readAll();
            reply->deleteLater();
            if (++done == c.smallRequests)
                loop.quit();
            else
                sendOne();
        });
    };
    for (int i = 0; i < c.concurrency; ++i)
        sendOne();
    loop.exec();
    const double smallSeconds = double(small.nsecsElapsed()) / 1e9;
    std::sort(latenciesUs.begin(), latenciesUs.end());
    const auto pct = [&latenciesUs](double p) {
        return double(latenciesUs.at(qMin<qsizetype>(latenciesUs.size() - 1, qsizetype(p * latenciesUs.size()))))
            / 1000.0;
    };
    print({{u"bench"_s, u"sim_get_one"_s},
           {u"requests"_s, c.smallRequests},
           {u"concurrency"_s, c.concurrency},
           {u"failed"_s, failed},
           {u"seconds"_s, smallSeconds},
           {u"per_second"_s, qRound64(double(c.smallRequests) / smallSeconds)},
           {u"p50_ms"_s, pct(0.5)},
           {u"p95_ms"_s, pct(0.95)}});
    return finish(failed == 0 ? 0 : 1);
}
