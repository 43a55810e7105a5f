#pragma once

#include "faultinjector.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::sim {

struct ClientCredential final
{
    QString clientId;
    QString secret;
};

// Everything the simulator can be told on its command line. Defaults are those of `lockbox-sim`.
struct SimOptions final
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    quint64 seed = 1;
    int subscriptions = 3;
    int requestsPerSubscription = 50;
    double pendingFraction = 0.2;
    double arrivalIntervalSec = 0; // 0 = no arrivals; real seconds, jittered ±50 %
    int pageSize = 100;
    int latencyMs = 0;
    double faultRate = 0;
    QList<FaultKind> faultKinds; // empty = every kind
    int rateLimit = 0;           // ARM requests a second per caller; 0 = unlimited
    QString staticToken;         // valid for every subscription
    // Who the static token stands for: the caller the Activity Log names for its decisions.
    QString staticTokenUser = QStringLiteral("static-token");
    QList<ClientCredential> clients;
    double clockSpeed = 1.0;
    QString tlsCertFile;
    QString tlsKeyFile;
    QDateTime startTime;           // simulator clock start; invalid = now
    int tokenLifetimeSec = 3600;   // access tokens (real time)
    int deviceCodeIntervalSec = 5; // polling interval the device-code endpoint asks for
    int deviceCodeLifetimeSec = 900;
    int transitionMs = 1500;     // Approving/Denying → Approved/Denied (real time)
    int hangMs = 600000;         // how long a "hang" fault keeps the connection silent
    double quirkFraction = 0.15; // share of records served in older or odd (but real) shapes

    // Parses a lockbox-sim command line (arguments[0] is the program). On error returns nothing
    // and sets `error` to a message naming the option and what it wants.
    static std::optional<SimOptions> fromArguments(const QStringList &arguments, QString *error,
                                                   QString *helpText = nullptr);
};

} // namespace lockbox::sim
