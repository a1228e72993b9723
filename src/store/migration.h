// A numbered schema migration, as each SQL store lists them: every store applies the ones its
// database has not seen yet, in order, at open, and refuses a database newer than itself.
#pragma once

#include <span>

#include "base/status.h"

namespace crier {

struct Migration {
  int version;              // 1, 2, 3... with no gaps.
  const char* description;  // One line, recorded with the version.
  const char* sql;
};

// kFailedPrecondition when a database at schema version `current` is newer than the last of
// `migrations` (a newer crier wrote it); OK otherwise.
Status CheckNotNewer(int current, std::span<const Migration> migrations);

}  // namespace crier
