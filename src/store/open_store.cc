// The `--db` URL dispatcher.
#include "store/open_store.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "store/postgres/conn_info.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace crier {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.substr(0, kSqlite.size()) == kSqlite) {
    std::string path(url.substr(kSqlite.size()));
    if (path.empty())
      return InvalidArgument("--db sqlite: needs a file path, e.g. sqlite:./crier.db");
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Status(StatusCode::kUnavailable,
                      fmt::format("cannot create folder {}: {}", parent.string(), ec.message()));
      }
    }
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store,
                           SqliteStore::Open(SqliteStore::Options{path}));
    return std::unique_ptr<Store>(std::move(store));
  }
  if (pg::IsPostgresUrl(url)) {
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<PostgresStore> store,
                           PostgresStore::Open(PostgresStore::Options{std::string(url)}));
    return std::unique_ptr<Store>(std::move(store));
  }
  return InvalidArgument(fmt::format(
      "unsupported --db URL '{}': use sqlite:PATH or postgresql://user:password@host:port/database",
      RedactStoreUrl(url)));
}

std::string RedactStoreUrl(std::string_view url) {
  if (url.starts_with("sqlite:")) return std::string(url);
  if (pg::IsPostgresUrl(url)) {
    Result<pg::ConnInfo> info = pg::ParseConnInfo(url);
    return info.ok() ? info->redacted : std::string(url.substr(0, url.find(':') + 1));
  }
  return std::string(
      url.substr(0, url.find(':') == std::string_view::npos ? url.size() : url.find(':') + 1));
}

}  // namespace crier
