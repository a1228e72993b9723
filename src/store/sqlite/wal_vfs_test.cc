// The WAL-gathering VFS: a commit reaches the operating system in two writes, and whatever SQLite
// has committed is in the files at that moment (a copy of them, as a crash would leave them,
// recovers it), including transactions that spilled pages, rewrote them and rolled back; a commit
// whose writes fail is rolled back.
#include "store/sqlite/wal_vfs.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"

namespace crier::sqlite {
namespace {

namespace fs = std::filesystem;

class WalVfsTest : public ::testing::Test {
 protected:
  WalVfsTest() {
    std::string tmpl = (fs::temp_directory_path() / "crier-walvfs-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
  }
  ~WalVfsTest() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  static std::unique_ptr<Connection> Open(const std::string& path, bool read_only = false) {
    auto conn = Connection::Open(path, read_only);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  // A new database at `path` with the table the tests write, `t (id, body)`.
  static std::unique_ptr<Connection> OpenWithTable(const std::string& path) {
    auto conn = Open(path);
    if (conn && !conn->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").ok()) {
      ADD_FAILURE() << "CREATE TABLE t failed";
      return nullptr;
    }
    return conn;
  }

  static void Exec(Connection& conn, const std::string& sql) {
    Status s = conn.Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.ToString();
  }

  static std::int64_t Scalar(Connection& conn, const std::string& sql) {
    auto st = conn.Prepare(sql);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok()) return -1;
    auto row = st->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? st->ColumnInt(0) : -1;
  }

  static std::string Text(Connection& conn, const std::string& sql) {
    auto st = conn.Prepare(sql);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok()) return "";
    auto row = st->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? st->ColumnText(0) : "";
  }

  // The database file and its WAL as a crash of the process would leave them (no shared-memory
  // index: SQLite rebuilds it from the WAL, checking every frame's checksum), copied to `name`.
  std::string CopyAsCrashed(const std::string& from, const std::string& name) {
    const std::string to = Path(name);
    fs::copy_file(from, to);
    fs::copy_file(from + "-wal", to + "-wal");
    return to;
  }

  std::string dir_;
};

// The VFS's contract, written to directly as SQLite would: frames wait in memory until a commit
// header, and a write of any other shape is never held back (a SQLite that wrote its WAL otherwise
// would get the default VFS's behaviour).
TEST_F(WalVfsTest, OnlyUncommittedFramesWaitAndOtherWritesGoStraightThrough) {
  sqlite3_vfs* vfs = sqlite3_vfs_find(WalVfsName());
  ASSERT_NE(vfs, nullptr);
  const std::string path = Path("direct.db-wal");
  std::ofstream(Path("direct.db")).flush();  // The default VFS gives a WAL its database's mode.
  std::vector<char> memory(static_cast<size_t>(vfs->szOsFile));
  auto* file = reinterpret_cast<sqlite3_file*>(memory.data());
  int out_flags = 0;
  ASSERT_EQ(vfs->xOpen(vfs, path.c_str(), file,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_WAL, &out_flags),
            SQLITE_OK);
  auto write = [&](const std::string& bytes, sqlite3_int64 offset) {
    return file->pMethods->xWrite(file, bytes.data(), static_cast<int>(bytes.size()), offset);
  };
  auto on_disk = [&] { return fs::file_size(path); };
  const std::string frame_header(24, '\0');
  std::string commit_header(24, '\0');
  commit_header[7] = 2;  // The database's size after the commit: 2 pages.
  const std::string page(4096, 'p');

  ASSERT_EQ(write(std::string(32, 'h'), 0), SQLITE_OK);
  ASSERT_EQ(write(frame_header, 32), SQLITE_OK);
  ASSERT_EQ(write(page, 56), SQLITE_OK);
  EXPECT_EQ(on_disk(), 0u);  // One frame, not committed: in memory.
  ASSERT_EQ(write(commit_header, 4152), SQLITE_OK);
  EXPECT_EQ(on_disk(), 4176u);  // Up to and including the commit header.
  ASSERT_EQ(write(page, 4176), SQLITE_OK);
  EXPECT_EQ(on_disk(), 8272u);  // The commit frame's page, at once.

  // A whole frame in one write is not the shape SQLite writes: it goes through as it comes, and
  // what was gathered before it goes first.
  ASSERT_EQ(write(frame_header, 8272), SQLITE_OK);
  ASSERT_EQ(write(page, 8296), SQLITE_OK);
  EXPECT_EQ(on_disk(), 8272u);
  ASSERT_EQ(write(frame_header + page, 12392), SQLITE_OK);
  EXPECT_EQ(on_disk(), 16512u);
  // So does a page written alone (SQLite rewriting a frame in place).
  ASSERT_EQ(write(frame_header, 16512), SQLITE_OK);
  ASSERT_EQ(write(page, 56), SQLITE_OK);
  EXPECT_EQ(on_disk(), 16536u);

  // A read sees what was gathered.
  ASSERT_EQ(write(frame_header, 16536), SQLITE_OK);
  char first = 0;
  ASSERT_EQ(file->pMethods->xRead(file, &first, 1, 16536), SQLITE_OK);
  EXPECT_EQ(on_disk(), 16560u);
  EXPECT_EQ(file->pMethods->xClose(file), SQLITE_OK);
}

TEST_F(WalVfsTest, ACommitReachesTheSystemInTwoWrites) {
  auto conn = OpenWithTable(Path("a.db"));
  ASSERT_NE(conn, nullptr);
  const WalWriteCounts before = WalVfsCounts();
  // About 12 pages: SQLite writes each as a frame header and a page.
  Exec(*conn,
       "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
       "INSERT INTO t (body) SELECT printf('%.1000c', 'x') FROM n; COMMIT");
  const WalWriteCounts after = WalVfsCounts();
  EXPECT_GE(after.requested - before.requested, 20u);
  // Everything up to the commit frame's header, then that frame's page.
  EXPECT_EQ(after.issued - before.issued, 2u);

  auto reader = Open(Path("a.db"), /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Scalar(*reader, "SELECT COUNT(*) FROM t"), 40);
}

TEST_F(WalVfsTest, WhatIsCommittedIsInTheFilesAtOnce) {
  const std::string path = Path("b.db");
  auto conn = OpenWithTable(path);
  ASSERT_NE(conn, nullptr);
  // A cache of 10 pages: the large transaction below spills pages to the WAL before it commits,
  // and then changes some of them again (SQLite rewrites those frames and their checksums).
  Exec(*conn, "PRAGMA cache_size=10");
  Exec(*conn,
       "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
       "INSERT INTO t (body) SELECT printf('%.900c', 'a') FROM n; "
       "UPDATE t SET body = printf('%.900c', 'b') WHERE id % 3 = 0; COMMIT");
  // The writer is still open and nothing was checkpointed: only the WAL holds the commits.
  {
    auto recovered = Open(CopyAsCrashed(path, "b1.db"));
    ASSERT_NE(recovered, nullptr);
    EXPECT_EQ(Text(*recovered, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(Scalar(*recovered, "SELECT COUNT(*) FROM t"), 400);
    EXPECT_EQ(Scalar(*recovered, "SELECT COUNT(*) FROM t WHERE body LIKE 'b%'"), 133);
  }

  // A spilled transaction rolled back: its frames are in the WAL but never count.
  Exec(*conn,
       "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
       "INSERT INTO t (body) SELECT printf('%.900c', 'z') FROM n; ROLLBACK");
  for (int i = 0; i < 20; ++i) {
    Exec(*conn, "UPDATE t SET body = 'small " + std::to_string(i) +
                    "' WHERE id = " + std::to_string(i + 1));
  }
  auto recovered = Open(CopyAsCrashed(path, "b2.db"));
  ASSERT_NE(recovered, nullptr);
  EXPECT_EQ(Text(*recovered, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Scalar(*recovered, "SELECT COUNT(*) FROM t"), 400);
  EXPECT_EQ(Scalar(*recovered, "SELECT COUNT(*) FROM t WHERE body LIKE 'z%'"), 0);
  EXPECT_EQ(Text(*recovered, "SELECT body FROM t WHERE id = 20"), "small 19");
}

// The disk refuses the commit's writes (a file size limit stands in for a full disk): the commit
// fails, nothing of it is seen, and the database goes on from what was committed before.
TEST_F(WalVfsTest, ACommitWhoseWritesFailIsRolledBack) {
  const std::string path = Path("d.db");
  auto conn = OpenWithTable(path);
  ASSERT_NE(conn, nullptr);
  Exec(*conn, "INSERT INTO t (body) VALUES ('kept')");

  struct rlimit before {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = before;
  limit.rlim_cur = static_cast<rlim_t>(fs::file_size(path + "-wal"));
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  Status failed = conn->Exec(
      "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
      "INSERT INTO t (body) SELECT printf('%.1000c', 'x') FROM n; COMMIT");
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &before), 0);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_FALSE(failed.ok());
  (void)conn->Exec("ROLLBACK");  // In case SQLite kept the transaction open.

  EXPECT_EQ(Scalar(*conn, "SELECT COUNT(*) FROM t"), 1);
  Exec(*conn, "INSERT INTO t (body) VALUES ('after')");
  auto reader = Open(path, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(Scalar(*reader, "SELECT COUNT(*) FROM t"), 2);
  auto recovered = Open(CopyAsCrashed(path, "d-copy.db"));
  ASSERT_NE(recovered, nullptr);
  EXPECT_EQ(Text(*recovered, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Text(*recovered, "SELECT group_concat(body, ',') FROM t"), "kept,after");
}

TEST_F(WalVfsTest, ReadersSeeEachCommitAsItHappens) {
  const std::string path = Path("c.db");
  auto writer = OpenWithTable(path);
  ASSERT_NE(writer, nullptr);
  auto reader = Open(path, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  for (int i = 1; i <= 50; ++i) {
    Exec(*writer, "INSERT INTO t (body) VALUES (printf('%.3000c', 'r'))");
    ASSERT_EQ(Scalar(*reader, "SELECT COUNT(*) FROM t"), i);
  }
  EXPECT_EQ(Text(*reader, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace crier::sqlite
