#pragma once

#include <QByteArray>
#include <QIODevice>

namespace lockbox {

// The body of a write, readable once and never rewound.
//
// Qt 6.4's HTTP/1.1 layer silently sends a request again when the connection drops before the
// reply (QHttpNetworkConnectionChannel resends after a reset, POST included), and it does so only
// if it can rewind the upload. A decision must reach Azure at most once per attempt the decision
// service makes, so writes upload from this device (with DoNotBufferUploadDataAttribute): the
// rewind is refused, Qt fails the reply with ContentReSendError, and ArmCall reports an ambiguous
// Network error for the decision service to resolve.
class OneShotUploadDevice final : public QIODevice
{
    Q_OBJECT

public:
    explicit OneShotUploadDevice(QByteArray data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 size() const override { return m_data.size(); }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

} // namespace lockbox
