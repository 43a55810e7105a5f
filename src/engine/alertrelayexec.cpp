#include "alertrelayexec.h"

#include "alertrelayevent.h"

#include "core/hiddentext.h"

#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>

#include <sys/types.h>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

constexpr qsizetype kOutputBytes = 4096; // of a command's output, passed on to the log

} // namespace

std::unique_ptr<RelayExecTarget> RelayExecTarget::create(const Options &options, QString *error, QObject *parent)
{
    if (options.command.trimmed().isEmpty()) {
        if (error)
            *error = tr("--exec needs a command");
        return nullptr;
    }
    return std::unique_ptr<RelayExecTarget>(new RelayExecTarget(options, parent));
}

RelayExecTarget::RelayExecTarget(Options options, QObject *parent)
    : RelayTarget(parent)
    , m_options(std::move(options))
{
    m_options.timeoutSecs = std::max(1, m_options.timeoutSecs);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        killGroup();
    });
}

RelayExecTarget::~RelayExecTarget()
{
    if (m_process) {
        m_process->disconnect(this);
        killGroup();
        m_process->waitForFinished(1000);
    }
}

QString RelayExecTarget::key() const
{
    return u"exec:"_s + digest(m_options.command);
}

QString RelayExecTarget::label() const
{
    // The first word only: the rest may hold what is nobody else's business.
    const QString first = m_options.command.trimmed().section(u' ', 0, 0);
    return u"exec "_s + showHidden(first);
}

QProcessEnvironment RelayExecTarget::environmentFor(const RelayEvent &event, const QDateTime &now,
                                                    const QProcessEnvironment &base, const QStringList &hiddenVariables)
{
    QProcessEnvironment env = base;
    // The relay's variables are set below; none of the parent's own (a token variable named
    // LOCKBOX_TOKEN, LOCKBOX_CLIENT_SECRET) reaches the command.
    const QStringList names = env.keys();
    for (const QString &name : names) {
        if (name.startsWith(u"LOCKBOX_"))
            env.remove(name);
    }
    for (const QString &name : hiddenVariables)
        env.remove(name);
    const auto set = [&env](const QString &name, const QString &value) { env.insert(name, showHidden(value)); };
    set(u"LOCKBOX_EVENT"_s, event.kind());
    set(u"LOCKBOX_EVENT_ID"_s, event.eventId());
    set(u"LOCKBOX_TITLE"_s, event.title());
    set(u"LOCKBOX_REQUEST_ID"_s, event.requestId());
    set(u"LOCKBOX_SUBSCRIPTION_ID"_s, event.subscriptionId());
    set(u"LOCKBOX_SUBSCRIPTION_NAME"_s, event.text(u"subscriptionName"_s));
    set(u"LOCKBOX_RESOURCE"_s, event.resource());
    set(u"LOCKBOX_RESOURCE_TYPE"_s, event.text(u"resourceType"_s));
    set(u"LOCKBOX_STATUS"_s, event.text(u"status"_s));
    set(u"LOCKBOX_EXPIRES"_s, event.text(u"expirationDateTime"_s));
    const std::optional<qint64> left = event.secondsLeft(now);
    set(u"LOCKBOX_SECONDS_LEFT"_s, left ? QString::number(*left) : QString());
    set(u"LOCKBOX_VERDICT"_s, event.text(u"verdict"_s));
    set(u"LOCKBOX_DECIDED_BY"_s, event.text(u"decidedBy"_s));
    set(u"LOCKBOX_PORTAL_URL"_s, event.text(u"portalUrl"_s));
    return env;
}

void RelayExecTarget::deliver(const RelayEvent &event, const QDateTime &now)
{
    m_output.clear();
    m_timedOut = false;
    auto *process = new QProcess(this);
    m_process = process;
    process->setProgram(u"/bin/sh"_s);
    process->setArguments({u"-c"_s, m_options.command});
    process->setProcessEnvironment(
        environmentFor(event, now, QProcessEnvironment::systemEnvironment(), m_options.hiddenVariables));
    process->setProcessChannelMode(QProcess::MergedChannels);
    // A group of its own, so that a timeout ends whatever the command started too.
    process->setChildProcessModifier([] { ::setpgid(0, 0); });
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        const QByteArray chunk = process->readAllStandardOutput();
        if (m_output.size() < kOutputBytes)
            m_output += chunk.left(kOutputBytes - m_output.size());
    });
    connect(process, &QProcess::started, this, [process, event, now] {
        process->write(QJsonDocument(event.deliveredAt(now)).toJson(QJsonDocument::Compact) + '\n');
        process->closeWriteChannel();
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // the end comes with finished()
        finish({RelayDelivery::Result::Retry, tr("cannot start /bin/sh: %1").arg(process->errorString()), -1});
    });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        process->setReadChannel(QProcess::StandardOutput);
        const QByteArray rest = process->readAllStandardOutput();
        if (m_output.size() < kOutputBytes)
            m_output += rest.left(kOutputBytes - m_output.size());
        RelayDelivery delivery;
        if (m_timedOut) {
            delivery = {RelayDelivery::Result::Retry,
                        tr("still running after %1 s: stopped").arg(m_options.timeoutSecs), -1};
        } else if (status == QProcess::CrashExit) {
            delivery = {RelayDelivery::Result::Retry, tr("ended by a signal"), -1};
        } else if (exitCode != 0) {
            delivery = {RelayDelivery::Result::Retry, tr("exit %1").arg(exitCode), -1};
        }
        finish(delivery);
    });
    m_timeout.start(m_options.timeoutSecs * 1000);
    process->start(QIODevice::ReadWrite);
}

void RelayExecTarget::finish(const RelayDelivery &delivery)
{
    m_timeout.stop();
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process.clear();
    }
    if (!m_output.isEmpty()) {
        Q_EMIT output(QString::fromUtf8(m_output).trimmed());
        m_output.clear();
    }
    Q_EMIT finished(delivery);
}

void RelayExecTarget::killGroup()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_process->processId();
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
    m_process->kill();
}

} // namespace lockbox::engine
