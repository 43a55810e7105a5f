#include "simoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

std::optional<SimOptions> SimOptions::fromArguments(const QStringList &arguments, QString *error, QString *helpText)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A faithful simulator of Azure Customer Lockbox (Azure Resource Manager's Microsoft.CustomerLockbox "
        "provider, the subscriptions list and the Activity Log) and of Microsoft Entra ID's sign-in endpoints. "
        "Prints its base URL on the first line of standard output."_s);
    parser.addHelpOption();
    parser.addVersionOption();

    const QCommandLineOption host(u"host"_s, u"Address to listen on (default 127.0.0.1)."_s, u"address"_s,
                                  u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"TCP port; 0 picks a free one (default 0)."_s, u"port"_s, u"0"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the generated data (default 1)."_s, u"n"_s, u"1"_s);
    const QCommandLineOption subscriptions(u"subscriptions"_s, u"Number of subscriptions (default 3)."_s, u"n"_s,
                                           u"3"_s);
    const QCommandLineOption requests(u"requests"_s, u"Requests per subscription (default 50)."_s, u"n"_s, u"50"_s);
    const QCommandLineOption pending(u"pending-fraction"_s,
                                     u"Share of requests that are Pending, 0 to 1 (default 0.2)."_s, u"f"_s, u"0.2"_s);
    const QCommandLineOption arrival(u"arrival-interval"_s,
                                     u"A new Pending request about every S real seconds; 0 = none (default 0)."_s,
                                     u"s"_s, u"0"_s);
    const QCommandLineOption pageSize(u"page-size"_s, u"Items per page of every list (default 100)."_s, u"n"_s,
                                      u"100"_s);
    const QCommandLineOption latency(u"latency"_s, u"Delay before every reply, in ms (default 0)."_s, u"ms"_s, u"0"_s);
    const QCommandLineOption faultRate(u"fault-rate"_s, u"Probability of a fault per request, 0 to 1 (default 0)."_s,
                                       u"f"_s, u"0"_s);
    const QCommandLineOption faults(
        u"faults"_s,
        u"Comma-separated fault kinds (default all): 500,502,503,504,429,reset-before,reset-after,hang,truncate,"
        "html,badjson,slow."_s,
        u"list"_s);
    const QCommandLineOption rateLimit(u"rate-limit"_s,
                                       u"ARM requests a second per caller before 429 + Retry-After; 0 = unlimited "
                                       "(default 0)."_s,
                                       u"n"_s, u"0"_s);
    const QCommandLineOption staticToken(u"static-token"_s,
                                         u"A bearer token valid for every subscription (for scripts)."_s, u"token"_s);
    const QCommandLineOption client(
        u"client"_s, u"A service principal for the client-credentials grant; may be repeated."_s, u"id:secret"_s);
    const QCommandLineOption clockSpeed(
        u"clock-speed"_s, u"How much faster than real time the simulator clock runs (default 1)."_s, u"x"_s, u"1"_s);
    const QCommandLineOption startTime(u"start-time"_s,
                                       u"Simulator clock start, ISO 8601 UTC (default now); fixes the data for a "
                                       "seed."_s,
                                       u"time"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"PEM certificate: serve HTTPS."_s, u"file"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"PEM private key of --tls-cert."_s, u"file"_s);
    const QCommandLineOption tokenLifetime(
        u"token-lifetime"_s, u"Lifetime of issued access tokens in seconds (default 3600)."_s, u"s"_s, u"3600"_s);
    const QCommandLineOption deviceInterval(u"device-code-interval"_s,
                                            u"Polling interval the device-code flow asks for, seconds (default 5)."_s,
                                            u"s"_s, u"5"_s);
    const QCommandLineOption deviceLifetime(u"device-code-lifetime"_s,
                                            u"Seconds before a device code expires (default 900)."_s, u"s"_s, u"900"_s);
    const QCommandLineOption transition(
        u"transition-ms"_s, u"Real ms from Approving/Denying to Approved/Denied (default 1500)."_s, u"ms"_s, u"1500"_s);
    const QCommandLineOption hang(u"hang-ms"_s, u"How long a 'hang' fault holds a connection (default 600000)."_s,
                                  u"ms"_s, u"600000"_s);
    const QCommandLineOption quirks(u"quirk-fraction"_s,
                                    u"Share of records served in older or odd real-world shapes (default 0.15)."_s,
                                    u"f"_s, u"0.15"_s);
    parser.addOptions({host,          port,           seed,           subscriptions, requests, pending,
                       arrival,       pageSize,       latency,        faultRate,     faults,   rateLimit,
                       staticToken,   client,         clockSpeed,     startTime,     tlsCert,  tlsKey,
                       tokenLifetime, deviceInterval, deviceLifetime, transition,    hang,     quirks});

    if (helpText)
        *helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(u"help"_s) || parser.isSet(u"version"_s)) {
        // The caller shows help or version; report it as a parse with no options.
        *error = parser.isSet(u"help"_s) ? u"help"_s : u"version"_s;
        return std::nullopt;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = u"unexpected argument '%1'; options start with --"_s.arg(parser.positionalArguments().first());
        return std::nullopt;
    }

    SimOptions o;
    bool ok = true;
    const auto integer = [&](const QCommandLineOption &opt, int min, int max, int &out) {
        if (!ok)
            return;
        bool good = false;
        const int v = parser.value(opt).toInt(&good);
        if (!good || v < min || v > max) {
            *error = u"--%1 wants a whole number from %2 to %3, not '%4'"_s.arg(
                opt.names().first(), QString::number(min), QString::number(max), parser.value(opt));
            ok = false;
            return;
        }
        out = v;
    };
    const auto real = [&](const QCommandLineOption &opt, double min, double max, double &out) {
        if (!ok)
            return;
        bool good = false;
        const double v = parser.value(opt).toDouble(&good);
        if (!good || v < min || v > max) {
            *error = u"--%1 wants a number from %2 to %3, not '%4'"_s.arg(opt.names().first(), QString::number(min),
                                                                          QString::number(max), parser.value(opt));
            ok = false;
            return;
        }
        out = v;
    };

    o.host = parser.value(host);
    int portValue = 0;
    integer(port, 0, 65535, portValue);
    o.port = quint16(portValue);
    {
        bool good = false;
        o.seed = parser.value(seed).toULongLong(&good);
        if (!good && ok) {
            *error = u"--seed wants a whole number, not '%1'"_s.arg(parser.value(seed));
            ok = false;
        }
    }
    integer(subscriptions, 0, 100000, o.subscriptions);
    integer(requests, 0, 1000000, o.requestsPerSubscription);
    real(pending, 0, 1, o.pendingFraction);
    real(arrival, 0, 86400, o.arrivalIntervalSec);
    integer(pageSize, 1, 100000, o.pageSize);
    integer(latency, 0, 600000, o.latencyMs);
    real(faultRate, 0, 1, o.faultRate);
    integer(rateLimit, 0, 1000000, o.rateLimit);
    real(clockSpeed, 0.001, 1e7, o.clockSpeed);
    integer(tokenLifetime, -86400, 86400 * 90, o.tokenLifetimeSec);
    integer(deviceInterval, 0, 3600, o.deviceCodeIntervalSec);
    integer(deviceLifetime, 0, 86400, o.deviceCodeLifetimeSec);
    integer(transition, 0, 3600000, o.transitionMs);
    integer(hang, 0, 86400000, o.hangMs);
    real(quirks, 0, 1, o.quirkFraction);
    if (!ok)
        return std::nullopt;

    if (parser.isSet(faults)) {
        const QStringList names = parser.value(faults).split(u',', Qt::SkipEmptyParts);
        for (const QString &name : names) {
            const auto kind = faultKindFromName(name);
            if (!kind) {
                *error = u"--faults: unknown kind '%1'; known: 500,502,503,504,429,reset-before,reset-after,hang,"
                         "truncate,html,badjson,slow"_s.arg(name.trimmed());
                return std::nullopt;
            }
            if (!o.faultKinds.contains(*kind))
                o.faultKinds.append(*kind);
        }
    }
    o.staticToken = parser.value(staticToken);
    const QStringList clients = parser.values(client);
    for (const QString &c : clients) {
        const qsizetype colon = c.indexOf(u':');
        if (colon <= 0 || colon == c.size() - 1) {
            *error = u"--client wants ID:SECRET, not '%1'"_s.arg(c.left(colon > 0 ? colon : c.size()));
            return std::nullopt;
        }
        o.clients.append({c.left(colon), c.mid(colon + 1)});
    }
    if (parser.isSet(startTime)) {
        o.startTime = QDateTime::fromString(parser.value(startTime), Qt::ISODateWithMs);
        if (!o.startTime.isValid()) {
            *error = u"--start-time wants an ISO 8601 date-time such as 2026-01-31T09:00:00Z, not '%1'"_s.arg(
                parser.value(startTime));
            return std::nullopt;
        }
        o.startTime = o.startTime.toUTC();
    }
    o.tlsCertFile = parser.value(tlsCert);
    o.tlsKeyFile = parser.value(tlsKey);
    if (o.tlsCertFile.isEmpty() != o.tlsKeyFile.isEmpty()) {
        *error = u"--tls-cert and --tls-key go together"_s;
        return std::nullopt;
    }
    return o;
}

} // namespace lockbox::sim
