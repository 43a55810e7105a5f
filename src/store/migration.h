#pragma once

#include <QString>
#include <QStringList>

namespace lockbox::store {

// One step of the schema's history. Steps are applied in order, each in one BEGIN IMMEDIATE
// transaction that also sets `PRAGMA user_version` to `version`, so a failed step leaves the file
// at the version before it. A step is never edited once released: a change is a new step.
struct Migration final
{
    int version = 0;        // user_version after this step; steps count 1, 2, 3, …
    QString description;    // for logs and error messages
    QStringList statements; // one SQL statement each (no values from outside: nothing to bind)
};

} // namespace lockbox::store
