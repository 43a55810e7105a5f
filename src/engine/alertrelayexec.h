#pragma once

#include "engine/alertrelaytarget.h"

#include <QByteArray>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

class QProcess;
class QProcessEnvironment;

namespace lockbox::engine {

// Runs a command for each event, as `/bin/sh -c COMMAND` (so that pipes, redirections and
// "$LOCKBOX_…" in its arguments work as in a terminal). Nothing of the event is ever put into the
// command's text: its JSON (RelayEvent::deliveredAt) comes on standard input and its key fields in
// LOCKBOX_* environment variables (environmentFor), which a command quotes ("$LOCKBOX_RESOURCE")
// like any other text it does not trust. The rest of the environment
// is lockboxctl's own, without LOCKBOX_CLIENT_SECRET, without any other LOCKBOX_* variable and
// without the variables named in `hiddenVariables` (the token variable, the webhook's). Exit 0:
// delivered. Any other exit, a crash, a command that does not start, or one still running after
// the timeout (killed with its process group): try again later.
class RelayExecTarget final : public RelayTarget
{
    Q_OBJECT

public:
    struct Options
    {
        QString command;
        QStringList hiddenVariables;
        int timeoutSecs = 60;
    };

    // Null, with the reason in `error`, when the command is empty.
    static std::unique_ptr<RelayExecTarget> create(const Options &options, QString *error, QObject *parent = nullptr);
    ~RelayExecTarget() override;

    QString key() const override;
    QString label() const override;
    void deliver(const RelayEvent &event, const QDateTime &now) override;

    // The variables a command gets for `event` at `now`, added to (and cleaned from) `base`.
    static QProcessEnvironment environmentFor(const RelayEvent &event, const QDateTime &now,
                                              const QProcessEnvironment &base, const QStringList &hiddenVariables);

private:
    RelayExecTarget(Options options, QObject *parent);
    void finish(const RelayDelivery &delivery);
    void killGroup();

    Options m_options;
    QPointer<QProcess> m_process;
    QTimer m_timeout;
    QByteArray m_output;
    bool m_timedOut = false;
};

} // namespace lockbox::engine
