// AzureJson's ARM error bodies: {"error": {"code", "message", "target", "details", "additionalInfo"}},
// read leniently, their strings cut to a bounded length.

#include "azurejson.h"
#include "azurejson_p.h"

#include "core/hiddentext.h"

using namespace Qt::StringLiterals;

namespace lockbox {

using azurejson::Document;
using azurejson::readDocument;

namespace {

// Strings of an error body are shown to people and written to logs: a hostile server must not
// make either carry megabytes, nor steer a terminal or hide words (lockbox::showHidden).
constexpr qsizetype kMaxErrorText = 4096;

} // namespace

ArmErrorBody AzureJson::parseError(const QByteArray &body)
{
    ArmErrorBody out;
    const Document d = readDocument(body);
    if (!d.error.isEmpty() || !d.doc.isObject())
        return out;
    const QJsonObject root = d.doc.object();
    QJsonObject error = root.value("error"_L1).toObject();
    // Some front doors answer {"code":…, "message":…} without the "error" wrapper.
    if (error.isEmpty() && (root.contains("code"_L1) || root.contains("message"_L1)))
        error = root;

    const auto text = [](const QJsonValue &v) {
        QString s;
        if (v.isString())
            s = v.toString();
        else if (v.isDouble())
            s = QString::number(v.toDouble());
        return showHidden(QStringView(s).left(kMaxErrorText), LineBreaks::Kept);
    };
    out.code = text(error.value("code"_L1));
    out.message = text(error.value("message"_L1));
    out.target = text(error.value("target"_L1));

    const auto statusFrom = [&text](const QJsonObject &e) -> QString {
        const QJsonArray infos = e.value("additionalInfo"_L1).toArray();
        for (const auto &entry : infos) {
            QString status = text(entry.toObject().value("info"_L1).toObject().value("currentStatus"_L1));
            if (!status.isEmpty())
                return status;
        }
        return {};
    };
    out.currentStatus = statusFrom(error);
    if (out.currentStatus.isEmpty()) {
        const QJsonArray details = error.value("details"_L1).toArray();
        for (qsizetype i = 0; i < details.size() && out.currentStatus.isEmpty(); ++i)
            out.currentStatus = statusFrom(details.at(i).toObject());
    }
    return out;
}

} // namespace lockbox
