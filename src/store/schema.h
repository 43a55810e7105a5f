#pragma once

#include "migration.h"

#include <QList>

namespace lockbox::store {

// The schema of lockbox.sqlite as an ordered list of migrations (see schema.cpp for the tables).
QList<Migration> schemaMigrations();
// The version the newest migration produces.
int currentSchemaVersion();

} // namespace lockbox::store
