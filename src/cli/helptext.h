#pragma once

#include <QString>
#include <QStringList>

namespace lockbox::cli {

// lockboxctl's help, made from the command catalogue: the general usage when `topic` is empty or
// names no command, else the page of every command whose words start with `topic` ("tenant":
// status, enable and disable; "queue withdraw": that one).
QString helpText(const QStringList &topic = {});

} // namespace lockbox::cli
