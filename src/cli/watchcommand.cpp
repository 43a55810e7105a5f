#include "watchcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "engine/alertrelay.h"
#include "engine/alertrelayexec.h"
#include "engine/alertrelaywebhook.h"
#include "engine/alertsettings.h"
#include "engine/profile.h"
#include "engine/tenantdirectory.h"
#include "sync/activityimporter.h"
#include "sync/syncengine.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

constexpr int kDefaultIntervalSecs = 60;
constexpr int kDefaultExecTimeoutSecs = 60;
constexpr qsizetype kJustificationChars = 100;

// Standard output as a relay target: one line per event (one JSON object with --format json),
// through the same rule as everything lockboxctl prints. It cannot fail.
class PrintTarget final : public engine::RelayTarget
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::cli::PrintTarget)

public:
    explicit PrintTarget(bool json, QObject *parent = nullptr)
        : RelayTarget(parent)
        , m_json(json)
    {
    }

    QString key() const override { return u"stdout"_s; }
    QString label() const override { return tr("standard output"); }

    void deliver(const engine::RelayEvent &event, const QDateTime &now) override
    {
        if (m_json) {
            printOut(QString::fromUtf8(QJsonDocument(event.deliveredAt(now)).toJson(QJsonDocument::Compact)) + u'\n');
        } else {
            const QString kind = event.kind();
            const QString what = event.text(u"resourceType"_s);
            QString line;
            if (kind == u"new" || kind == u"reminder") {
                const QString left = event.timeLeftText(now);
                line = tr("%1  %2  %3  %4  expires %5%6  %7")
                           .arg(kind, event.requestId(), event.subscriptionText(), what, shortTime(event.expiresAt()),
                                left.isEmpty() ? QString() : tr(" (%1)").arg(left),
                                event.text(u"justification"_s).left(kJustificationChars));
            } else {
                line = tr("%1  %2  %3  %4  %5")
                           .arg(kind, event.requestId(), event.subscriptionText(), what, event.title());
            }
            printOut(terminalSafe(line) + u'\n');
        }
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT finished(engine::RelayDelivery()); }, Qt::QueuedConnection);
    }

private:
    bool m_json;
};

// "new 3f2c…" for messages.
QString eventText(const engine::RelayEvent &event)
{
    return event.kind() + u' ' + event.requestId();
}

} // namespace

WatchCommand::WatchCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

WatchCommand::~WatchCommand() = default;

bool WatchCommand::webhookUrls(QStringList *urls, QStringList *hiddenVariables)
{
    const QStringList given = m_options.values(u"webhook"_s);
    if (!given.isEmpty()) {
        printErr(tr("lockboxctl: note: a --webhook address on the command line can be read by other users of this "
                    "machine (in the process list); --webhook-file or --webhook-env keeps it private\n"));
    }
    *urls += given;
    for (const QString &path : m_options.values(u"webhook-file"_s)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(ExitUsage, tr("--webhook-file %1: %2").arg(path, file.errorString()));
            return false;
        }
        if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)) {
            printErr(tr("lockboxctl: note: %1 can be read by other users; the webhook address is a secret "
                        "(chmod 600 %1)\n")
                         .arg(path));
        }
        int found = 0;
        for (const QByteArray &raw : file.readAll().split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            if (line.isEmpty() || line.startsWith(u'#'))
                continue;
            urls->append(line);
            ++found;
        }
        if (found == 0) {
            fail(ExitUsage, tr("--webhook-file %1 holds no address").arg(path));
            return false;
        }
    }
    for (const QString &variable : m_options.values(u"webhook-env"_s)) {
        const QString value = qEnvironmentVariable(variable.toLocal8Bit().constData()).trimmed();
        if (value.isEmpty()) {
            fail(ExitUsage, tr("--webhook-env %1: the variable is empty or not set").arg(variable));
            return false;
        }
        urls->append(value);
        hiddenVariables->append(variable);
    }
    return true;
}

bool WatchCommand::addTargets()
{
    std::optional<engine::RelayFormat::Kind> format;
    if (m_options.isSet(u"webhook-format"_s)) {
        format = engine::RelayFormat::fromName(m_options.value(u"webhook-format"_s));
        if (!format) {
            fail(ExitUsage, tr("--webhook-format wants teams, slack or json"));
            return false;
        }
    }
    bool ok = true;
    const int execTimeout =
        m_options.isSet(u"exec-timeout"_s) ? m_options.value(u"exec-timeout"_s).toInt(&ok) : kDefaultExecTimeoutSecs;
    if (!ok || execTimeout < 1) {
        fail(ExitUsage, tr("--exec-timeout wants whole seconds, 1 or more"));
        return false;
    }

    // What a command must never see: the secrets lockboxctl itself reads from its environment.
    QStringList hidden {u"LOCKBOX_CLIENT_SECRET"_s};
    if (m_context.global().tokenEnv)
        hidden.append(*m_context.global().tokenEnv);
    if (const QString remembered = m_context.profile()->tokenEnv(); !remembered.isEmpty())
        hidden.append(remembered);
    if (const std::optional<Account> account = m_context.auth()->account(); account && !account->tokenEnv.isEmpty())
        hidden.append(account->tokenEnv);
    QStringList urls;
    if (!webhookUrls(&urls, &hidden))
        return false;

    QSet<QString> keys;
    const auto add = [this, &keys](engine::RelayTarget *target) {
        if (keys.contains(target->key())) {
            delete target; // the same target twice is one target
            return;
        }
        keys.insert(target->key());
        m_relay->addTarget(target);
    };
    add(new PrintTarget(m_context.format() == OutputFormat::Json));
    for (const QString &command : m_options.values(u"exec"_s)) {
        QString error;
        std::unique_ptr<engine::RelayExecTarget> target =
            engine::RelayExecTarget::create({command, hidden, execTimeout}, &error);
        if (!target) {
            fail(ExitUsage, error);
            return false;
        }
        add(target.release());
    }
    for (const QString &text : std::as_const(urls)) {
        const QUrl url(text, QUrl::StrictMode);
        if (const QString problem = engine::RelayWebhookTarget::problemWith(url); !problem.isEmpty()) {
            fail(ExitUsage, problem);
            return false;
        }
        engine::RelayWebhookTarget::Options options;
        options.url = url;
        options.format = format.value_or(engine::RelayFormat::guess(url));
        options.timeoutSecs = m_context.global().timeoutSec;
        add(new engine::RelayWebhookTarget(m_context.network(), options));
    }
    return true;
}

void WatchCommand::connectReports()
{
    const bool verbose = m_context.global().verbose;
    connect(m_relay, &engine::AlertRelay::problem, this,
            [](const QString &message) { printErr(tr("lockboxctl: the alert journal: %1\n").arg(message)); });
    connect(m_relay, &engine::AlertRelay::targetOutput, this, [](const QString &target, const QString &text) {
        for (const QString &line : text.split(u'\n'))
            printErr(terminalSafe(tr("lockboxctl: %1: %2").arg(target, line)) + u'\n');
    });
    connect(m_relay, &engine::AlertRelay::delivered, this,
            [verbose](const QString &target, const engine::RelayEvent &event, int attempts) {
                if (attempts > 1) {
                    printErr(terminalSafe(tr("lockboxctl: %1: delivered %2 after %n attempt(s)", nullptr, attempts)
                                              .arg(target, eventText(event)))
                             + u'\n');
                } else if (verbose) {
                    printErr(terminalSafe(tr("lockboxctl: %1: delivered %2").arg(target, eventText(event))) + u'\n');
                }
            });
    connect(m_relay, &engine::AlertRelay::deliveryFailed, this,
            [this](const QString &target, const engine::RelayEvent &event, const QString &error, bool permanent,
                   const QDateTime &next, int attempts) {
                if (permanent) {
                    printErr(terminalSafe(tr("lockboxctl: %1: gave up on %2: %3").arg(target, eventText(event), error))
                             + u'\n');
                    return;
                }
                // The first failure, then every tenth: a receiver that is down for hours does not
                // fill the log.
                if (attempts != 1 && attempts % 10 != 0)
                    return;
                const qint64 wait = std::max<qint64>(0, m_context.clock().now().secsTo(next));
                printErr(terminalSafe(tr("lockboxctl: %1: could not deliver %2 (%3, attempt %4); trying again in %5 s")
                                          .arg(target, eventText(event), error)
                                          .arg(attempts)
                                          .arg(wait))
                         + u'\n');
            });
    connect(m_relay, &engine::AlertRelay::primed, this, [verbose](int seen, int caughtUp) {
        if (verbose || seen > 0) {
            printErr(tr("lockboxctl: first run for a target: %n pending request(s) recorded as seen, not relayed "
                        "(--include-existing relays them)\n",
                        nullptr, seen));
        }
        if (caughtUp > 0)
            printErr(tr("lockboxctl: %n event(s) from while no watch ran queued for delivery\n", nullptr, caughtUp));
    });
}

void WatchCommand::run()
{
    bool ok = true;
    const int interval =
        m_options.isSet(u"interval"_s) ? m_options.value(u"interval"_s).toInt(&ok) : kDefaultIntervalSecs;
    if (!ok || interval < 1)
        return fail(ExitUsage, tr("--interval wants whole seconds, 1 or more"));
    if (!m_context.openLocal())
        return;

    // One watch per profile: two would each deliver what the journal holds.
    m_lock = std::make_unique<QLockFile>(m_context.profile()->filePath(u"lockboxctl-watch.lock"_s));
    m_lock->setStaleLockTime(0); // stale only when its process is gone (a kill -9 leaves it behind)
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString app;
        m_lock->getLockInfo(&pid, &host, &app);
        return fail(ExitUsage, tr("another 'lockboxctl watch' runs on this profile (process %1)").arg(pid));
    }

    engine::AlertRelay::Options options;
    options.includeExisting = m_options.isSet(u"include-existing"_s);
    options.portalUrl = engine::RelayEvent::portalUrlFor(m_context.armEndpoint());
    m_relay = new engine::AlertRelay(*m_context.profile(), m_context.clock(), options, this);
    if (!addTargets())
        return;
    connectReports();
    QSettings *settings = m_context.settings();
    settings->sync();
    const engine::AlertSettings alertSettings = engine::AlertSettings::load(*settings);
    m_relay->setSettings(alertSettings);
    QString error;
    if (!m_relay->open(&error))
        return fail(ExitIntegrity, tr("cannot open the alert journal: %1").arg(error));
    QStringList labels;
    for (const engine::RelayTarget *target : m_relay->targets())
        labels.append(target->label());
    printErr(terminalSafe(
                 tr("lockboxctl: watching for %1; relaying to %2").arg(alertSettings.describe(), labels.join(u", "_s)))
             + u'\n');

    m_given = m_options.values(u"subscription"_s);
    m_context.withAzure([this, interval] {
        m_relay->follow(m_context.engine());
        // Who decided a request someone else decided: the Activity Log says.
        m_relay->setActivityImporter(
            new ActivityImporter(m_context.client(), m_context.audit(), m_context.clock(), this, m_context.requests()));
        connect(m_context.engine(), &SyncEngine::subscriptionFinished, this, [](const SyncEngine::Result &r) {
            if (r.error.isError())
                printErr(tr("lockboxctl: %1: %2\n").arg(r.subscriptionId, r.error.toDisplayString()));
        });
        m_timer = new QTimer(this);
        m_timer->setInterval(interval * 1000);
        connect(m_timer, &QTimer::timeout, this, &WatchCommand::poll);
        m_timer->start();
        poll();
    });
}

void WatchCommand::poll()
{
    if (m_context.engine()->isRunning())
        return;
    // The settings are the profile's, shared with the console: a change there holds from the next poll.
    QSettings *settings = m_context.settings();
    settings->sync();
    m_relay->setSettings(engine::AlertSettings::load(*settings));
    if (!m_given.isEmpty() && m_namesListed)
        return syncNow(m_given);
    engine::tenantdirectory::listSubscriptions(
        m_context.client(), this, [this](const QList<SubscriptionInfo> &listed, const ArmError &error) {
            if (error.isError()) {
                if (error.kind == ArmError::Kind::Unauthorized || error.kind == ArmError::Kind::NoToken)
                    return fail(exitCodeFor(error),
                                tr("cannot list the subscriptions: %1").arg(error.toDisplayString()));
                printErr(tr("lockboxctl: cannot list the subscriptions: %1\n").arg(error.toDisplayString()));
                if (m_given.isEmpty())
                    return; // tried again at the next poll
            } else {
                m_subscriptionNames.clear();
                for (const SubscriptionInfo &s : listed)
                    m_subscriptionNames.insert(s.subscriptionId, s.displayName);
                m_relay->setSubscriptionNames(m_subscriptionNames);
            }
            m_namesListed = true;
            syncNow(m_given.isEmpty() ? engine::tenantdirectory::subscriptionsToSync(listed, {}) : m_given);
        });
}

void WatchCommand::syncNow(const QStringList &subscriptions)
{
    if (m_context.engine()->isRunning())
        return;
    m_relay->setSubscriptions(subscriptions);
    m_relay->beginRun();
    m_context.engine()->sync(subscriptions, SyncEngine::Mode::Auto, true);
}

} // namespace lockbox::cli
