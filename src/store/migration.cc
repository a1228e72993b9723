// The check shared by the migration runners.
#include "store/migration.h"

#include <fmt/format.h>

namespace crier {

Status CheckNotNewer(int current, std::span<const Migration> migrations) {
  int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("the database has schema version {}, newer than this crier's {}",
                              current, known));
  }
  return Status::Ok();
}

}  // namespace crier
