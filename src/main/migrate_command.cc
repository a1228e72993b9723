// `crier migrate --from sqlite:PATH --to postgresql://...`: copies everything a store holds into a
// new, empty database in one transaction, then counts what each side holds, table by table, and
// fails when any count differs (docs/scaling.md).
#include <fmt/format.h>

#include <filesystem>
#include <string>

#include "main/cli_common.h"
#include "main/command.h"
#include "store/copy_store.h"
#include "store/open_store.h"

namespace crier {
namespace {

constexpr char kUsage[] =
    "crier migrate --from sqlite:PATH --to postgresql://user:password@host:port/database";

int Usage(std::string_view problem) {
  fmt::print(stderr, "error: {}\nusage: {}\n", problem, kUsage);
  return 2;
}

Result<std::unique_ptr<Store>> OpenSource(std::string_view url) {
  // OpenStore would create a missing SQLite file: a typo must not migrate an empty database.
  if (url.starts_with("sqlite:") && !std::filesystem::exists(url.substr(7))) {
    return NotFound(fmt::format("--from: no database at {}", url.substr(7)));
  }
  return OpenStore(url);
}

void PrintCounts(const std::vector<CountComparison>& counts) {
  fmt::print("{:<40} {:>10} {:>10}\n", "table", "source", "target");
  for (const CountComparison& c : counts) {
    fmt::print("{:<40} {:>10} {:>10}{}\n", c.table, c.source, c.target,
               c.source == c.target ? "" : "  MISMATCH");
  }
}

int RunMigrate(std::span<const std::string_view> args) {
  std::string_view from, to;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      fmt::print("usage: {}\n", kUsage);
      return 0;
    }
    if ((a == "--from" || a == "--to") && i + 1 < args.size()) {
      (a == "--from" ? from : to) = args[++i];
    } else {
      return Usage(fmt::format("unexpected argument '{}'", RedactStoreUrl(a)));
    }
  }
  if (from.empty() || to.empty()) return Usage("both --from and --to are needed");
  const std::string source_name = RedactStoreUrl(from), target_name = RedactStoreUrl(to);

  Result<std::unique_ptr<Store>> source = OpenSource(from);
  if (!source.ok()) return cli::Fail(source.status().message());
  Result<std::unique_ptr<Store>> target = OpenStore(to);
  if (!target.ok()) return cli::Fail(target.status().message());

  fmt::print("crier migrate: copying {} into {}\n", source_name, target_name);
  std::fflush(stdout);
  if (Status s = CopyStore(**source, **target); !s.ok()) {
    return cli::Fail(fmt::format("nothing was copied: {}", s.message()));
  }
  Result<std::vector<CountComparison>> counts = CompareStores(**source, **target);
  if (!counts.ok()) return cli::Fail("copied, but counting failed: " + counts.status().message());
  PrintCounts(*counts);
  std::string mismatched;
  for (const CountComparison& c : *counts) {
    if (c.source != c.target) mismatched += (mismatched.empty() ? "" : ", ") + c.table;
  }
  if (!mismatched.empty()) {
    return cli::Fail(
        fmt::format("the copy in {} differs from the source: {}", target_name, mismatched));
  }
  fmt::print("crier migrate: every count matches\n");
  return 0;
}

}  // namespace

CRIER_REGISTER_COMMAND(migrate, Command{"migrate", kUsage,
                                        "copy a SQLite database into a new PostgreSQL database",
                                        RunMigrate});

}  // namespace crier
