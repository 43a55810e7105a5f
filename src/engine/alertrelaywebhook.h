#pragma once

#include "engine/alertrelayformat.h"
#include "engine/alertrelaytarget.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace lockbox::engine {

// Posts each event to an incoming webhook (Teams, Slack, or anything that takes JSON). The URL is
// a secret (whoever has it can post to the channel): it is never shown, logged or stored; the
// key is its digest and the label its origin. No redirect is followed and no token is sent.
//
// 2xx: delivered. 408, 429, 5xx and network failures: try again (Retry-After, in seconds or as a
// date, is passed on). Any other answer, redirects included: failed for good.
class RelayWebhookTarget final : public RelayTarget
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl url;
        RelayFormat::Kind format = RelayFormat::Kind::Json;
        int timeoutSecs = 30;
    };

    // Why `url` cannot be a webhook (https, or plain http to this machine only, with no user name),
    // or an empty string. Names the URL by its origin only.
    static QString problemWith(const QUrl &url);

    // `network` must outlive this.
    RelayWebhookTarget(QNetworkAccessManager *network, Options options, QObject *parent = nullptr);
    ~RelayWebhookTarget() override;

    QString key() const override;
    QString label() const override;
    RelayFormat::Kind format() const { return m_options.format; }
    void deliver(const RelayEvent &event, const QDateTime &now) override;

private:
    void onFinished(QNetworkReply *reply, const QDateTime &sentAt);
    static RelayDelivery deliveryOf(QNetworkReply *reply, const QDateTime &sentAt, int timeoutSecs);

    QNetworkAccessManager *m_network;
    Options m_options;
    QPointer<QNetworkReply> m_reply;
};

} // namespace lockbox::engine
