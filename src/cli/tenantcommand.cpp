#include "tenantcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "engine/tenantdirectory.h"

#include <QTextStream>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

TenantCommand::TenantCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void TenantCommand::run()
{
    const QString sub = m_options.description().words.value(1);
    const bool change = sub != u"status";
    // Switching Lockbox off lets Microsoft Support in without consent: never by accident, never
    // silently in a script.
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    if (change && !m_options.isSet(u"yes"_s) && !interactive)
        return fail(ExitUsage,
                    tr("'tenant %1' changes Customer Lockbox for the whole tenant: pass --yes to confirm "
                       "(standard input is not a terminal to ask on)")
                        .arg(sub));
    if (!m_context.openLocal())
        return;
    m_context.withAzure([this, sub, change, interactive] {
        const auto status = [this](const QString &tenantId) {
            engine::tenantdirectory::readTenantLockbox(
                m_context.client(), tenantId, this,
                [this, tenantId](std::optional<bool> optedIn, const ArmError &error) {
                    if (!optedIn)
                        return fail(exitCodeFor(error),
                                    tr("cannot read the tenant's Lockbox status: %1").arg(error.toDisplayString()));
                    const bool on = *optedIn;
                    if (m_context.format() == OutputFormat::Json) {
                        QJsonObject o;
                        o.insert(u"tenantId"_s, tenantId);
                        o.insert(u"lockboxEnabled"_s, on);
                        printJson(o);
                    } else if (on) {
                        printOut(tr("Customer Lockbox is enabled for tenant %1.\n").arg(terminalSafe(tenantId)));
                    } else {
                        printOut(tr("Customer Lockbox is DISABLED for tenant %1: Microsoft Support needs no consent to "
                                    "access customer data.\n")
                                     .arg(terminalSafe(tenantId)));
                    }
                    finish(ExitOk);
                });
        };
        const bool enable = sub == u"enable";
        const auto apply = [this, enable, interactive](const QString &tenantId) {
            if (!m_options.isSet(u"yes"_s) && interactive) {
                printErr(enable ? tr("This enables Customer Lockbox for every subscription of tenant %1.\n")
                                      .arg(terminalSafe(tenantId))
                                : tr("This DISABLES Customer Lockbox for tenant %1: Microsoft Support will then "
                                     "access customer data without asking anyone.\n")
                                      .arg(terminalSafe(tenantId)));
                printErr(tr("Type the tenant id to confirm: "));
                QTextStream in(stdin);
                const QString typed = in.readLine().trimmed();
                if (typed.compare(tenantId, Qt::CaseInsensitive) != 0)
                    return fail(ExitUsage, tr("not confirmed; nothing was changed"));
            }
            engine::tenantdirectory::switchTenantLockbox(
                m_context.client(), enable, this, [this, tenantId, enable](const ArmError &e, bool onlyAdmin) {
                    if (e.isError()) {
                        if (onlyAdmin)
                            return fail(ExitForbidden,
                                        tr("only a Global Administrator can enable or disable Customer Lockbox for the "
                                           "tenant (%1)")
                                            .arg(terminalSafe(e.message.isEmpty() ? e.code : e.message)));
                        return fail(exitCodeFor(e),
                                    tr("cannot %1 Customer Lockbox: %2")
                                        .arg(enable ? tr("enable") : tr("disable"), e.toDisplayString()));
                    }
                    if (m_context.format() == OutputFormat::Json) {
                        QJsonObject o;
                        o.insert(u"tenantId"_s, tenantId);
                        o.insert(u"lockboxEnabled"_s, enable);
                        printJson(o);
                    } else if (enable) {
                        printOut(tr("Customer Lockbox is now enabled for tenant %1.\n").arg(terminalSafe(tenantId)));
                    } else {
                        printOut(
                            tr("Customer Lockbox is now DISABLED for tenant %1: Microsoft Support needs no consent "
                               "to access customer data.\n")
                                .arg(terminalSafe(tenantId)));
                    }
                    finish(ExitOk);
                });
        };
        const auto withTenant = [change, status, apply](const QString &tenantId) {
            if (change)
                apply(tenantId);
            else
                status(tenantId);
        };
        if (m_options.isSet(u"tenant"_s))
            return withTenant(m_options.value(u"tenant"_s));
        if (const auto account = m_context.auth()->account();
            account && !account->tenantId.isEmpty() && !m_context.global().tokenEnv)
            return withTenant(account->tenantId);
        engine::tenantdirectory::listSubscriptions(
            m_context.client(), this,
            [this, withTenant](const QList<SubscriptionInfo> &subscriptions, const ArmError &err) {
                if (err.isError())
                    return fail(exitCodeFor(err), tr("cannot find the tenant: %1").arg(err.toDisplayString()));
                const QString tenantId = engine::tenantdirectory::tenantOf(subscriptions);
                if (tenantId.isEmpty())
                    return fail(ExitUsage, tr("no subscription names the tenant; pass --tenant ID"));
                withTenant(tenantId);
            });
    });
}

} // namespace lockbox::cli
