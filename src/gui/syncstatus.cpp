#include "syncstatus.h"

#include "enginehost.h"
#include "requestpresentation.h"
#include "traycontroller.h"

#include "core/clock.h"
#include "engine/engine.h"

#include <QFontMetrics>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// `text` made to fit `width`: cut after the last whole word that fits, then "…"; only a first word
// too long for the width on its own is cut inside.
QString elideAtWord(const QString &text, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    const QString ellipsis = u"…"_s;
    const int room = width - metrics.horizontalAdvance(ellipsis);
    QString best;
    for (qsizetype space = text.indexOf(u' '); space > 0; space = text.indexOf(u' ', space + 1)) {
        QString candidate = text.left(space);
        while (!candidate.isEmpty() && (candidate.back().isSpace() || u",;:·—-"_s.contains(candidate.back())))
            candidate.chop(1);
        if (metrics.horizontalAdvance(candidate) > room)
            break;
        if (!candidate.isEmpty())
            best = candidate;
    }
    if (best.isEmpty())
        return metrics.elidedText(text, Qt::ElideRight, width);
    return best + ellipsis;
}

} // namespace

// A one-line label that takes the room left to it, never more, and shows as much of its text as
// fits, cut at a word.
class ElidedLabel final : public QLabel
{
public:
    explicit ElidedLabel(QWidget *parent)
        : QLabel(parent)
    {
        setTextFormat(Qt::PlainText);
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }

    void setFullText(const QString &text)
    {
        m_full = text;
        elide();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        elide();
    }

private:
    void elide() { setText(elideAtWord(m_full, fontMetrics(), contentsRect().width())); }

    QString m_full;
};

SyncStatus::SyncStatus(EngineHost *engine, QStatusBar *bar, const TrayController *tray, const Clock &clock,
                       QObject *parent)
    : QObject(parent)
    , m_bar(bar)
    , m_tray(tray)
    , m_clock(clock)
    , m_syncLabel(new QLabel(bar))
    , m_errorLabel(new ElidedLabel(bar))
    , m_queueLabel(new QLabel(bar))
{
    m_syncLabel->setObjectName(u"syncStatus"_s);
    m_syncLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setObjectName(u"syncError"_s);
    m_queueLabel->setObjectName(u"queueStatus"_s);
    m_queueLabel->setTextFormat(Qt::PlainText);
    // The error takes what the sync line leaves, up to the permanent widgets (the queue, the
    // account), and is elided to it: it can neither push them away nor run under them.
    m_bar->addWidget(m_syncLabel);
    m_bar->addWidget(m_errorLabel, 1);
    m_bar->addPermanentWidget(m_queueLabel);
    engine::Engine *w = engine->worker();
    connect(w, &engine::Engine::subscriptionsChanged, this, &SyncStatus::onSubscriptions);
    connect(w, &engine::Engine::syncRunning, this, &SyncStatus::onSyncRunning);
    connect(w, &engine::Engine::syncFinished, this, &SyncStatus::onSyncFinished);
}

SyncStatus::~SyncStatus() = default;

void SyncStatus::setLoaded(bool loaded)
{
    m_loaded = loaded;
    refresh();
}

void SyncStatus::setQueuedCount(int count)
{
    m_queued = count;
    refresh();
}

void SyncStatus::showOffline()
{
    m_syncLabel->setText(tr("Offline"));
}

QString SyncStatus::subscriptionName(const QString &subscriptionId) const
{
    const QString name = m_names.value(subscriptionId);
    return name.isEmpty() ? subscriptionId : name;
}

QList<std::pair<QString, QString>> SyncStatus::subscriptionsByName() const
{
    QList<std::pair<QString, QString>> items;
    for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions))
        items.append({subscriptionName(s.subscriptionId), s.subscriptionId});
    std::sort(items.begin(), items.end(),
              [](const auto &a, const auto &b) { return a.first.localeAwareCompare(b.first) < 0; });
    return items;
}

void SyncStatus::onSubscriptions(const QList<engine::SubscriptionStatus> &subscriptions)
{
    // The engine sends every subscription it watches each time (a sign-in as someone else starts
    // from none); names once learnt are kept for the cached rows.
    bool namesChanged = false;
    m_subscriptions.clear();
    QHash<QString, std::pair<QDateTime, QDateTime>> syncedAt;
    for (const engine::SubscriptionStatus &s : subscriptions) {
        m_subscriptions.insert(s.subscriptionId, s);
        // The engine stamps a success on the system clock; the window tells times on its own
        // (the demo's runs faster): a new success is stamped here when it arrives.
        if (s.lastSuccess.isValid()) {
            const auto known = m_syncedAt.constFind(s.subscriptionId);
            syncedAt.insert(s.subscriptionId,
                            known != m_syncedAt.cend() && known->first == s.lastSuccess
                                ? *known
                                : std::pair {s.lastSuccess, m_clock.now()});
        }
        if (!s.displayName.isEmpty() && m_names.value(s.subscriptionId) != s.displayName) {
            m_names.insert(s.subscriptionId, s.displayName);
            namesChanged = true;
        }
    }
    m_syncedAt = std::move(syncedAt);
    Q_EMIT subscriptionsChanged(namesChanged);
    refresh();
}

void SyncStatus::onSyncRunning(bool running)
{
    m_syncing = running;
    refresh();
}

void SyncStatus::onSyncFinished(int changedRows, const QStringList &errors)
{
    Q_UNUSED(changedRows)
    m_syncing = false;
    // Told until a later run ends without one. Server text: one plain line here, all of it (as
    // typed, escaped) in the tooltip.
    if (errors.isEmpty()) {
        m_errorLabel->setFullText(QString());
        m_errorLabel->setToolTip(QString());
    } else {
        const QString headline = tr("Some subscriptions could not be synced:");
        m_errorLabel->setFullText(headline + u' ' + RequestPresentation::singleLine(errors.first()));
        m_errorLabel->setToolTip(RequestPresentation::plainToolTip(headline + u'\n' + errors.join(u'\n')));
    }
    refresh();
}

void SyncStatus::refresh()
{
    QString text;
    if (m_syncing) {
        const int n = int(m_subscriptions.size());
        text = tr("Syncing %n subscription(s)…", nullptr, n);
    } else {
        QDateTime last;
        int failing = 0;
        for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions)) {
            const QDateTime at = m_syncedAt.value(s.subscriptionId).second;
            if (at.isValid() && (!last.isValid() || at > last))
                last = at;
            if (!s.lastError.isEmpty())
                ++failing;
        }
        if (!m_loaded)
            text = tr("Loading the cache…");
        else if (!last.isValid() && failing > 0)
            text = tr("Offline: no subscription could be synced");
        else if (!last.isValid())
            text = tr("Not synced yet");
        else
            text = tr("Last sync %1").arg(QLocale().toString(last.toLocalTime(), QLocale::ShortFormat));
        if (failing > 0 && last.isValid()) {
            text += u" · "_s + tr("%n subscription(s) failing", nullptr, failing);
        }
    }
    if (m_tray->isPaused())
        text += u" · "_s
            + tr("alerts paused until %1")
                  .arg(QLocale().toString(m_tray->pausedUntil().toLocalTime(), QLocale::ShortFormat));
    else if (m_tray->isQuiet())
        text += u" · "_s
            + tr("quiet hours until %1")
                  .arg(QLocale().toString(m_tray->quietUntil().toLocalTime().time(), QLocale::ShortFormat));
    m_syncLabel->setText(text);
    QStringList tips;
    for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions)) {
        QString line = subscriptionName(s.subscriptionId) + u": "_s;
        const QDateTime at = m_syncedAt.value(s.subscriptionId).second;
        if (s.syncing)
            line += tr("syncing");
        else if (!s.lastError.isEmpty())
            line += s.lastError;
        else if (at.isValid())
            line += QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
        else
            line += tr("never synced");
        tips.append(line);
    }
    // Names and errors come from the server: shown as typed, never as markup.
    m_syncLabel->setToolTip(RequestPresentation::plainToolTip(tips.join(u'\n')));
    if (m_queued == 0)
        m_queueLabel->clear();
    else
        m_queueLabel->setText(tr("%n decision(s) queued", nullptr, m_queued));
}

} // namespace lockbox::gui
