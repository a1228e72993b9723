// A SQLite VFS that hands a commit's WAL frames to the operating system in two writes instead of
// two per page. SQLite writes each WAL frame as two writes (its 24-byte header, then the page), so
// a commit changing 12 pages costs 24 pwrite(2) calls, each of which also looks up, locks and
// dirties the same kernel page-cache pages again; an insert queuing 10 messages spent about a
// fifth of its time in them (docs/storage.md, "WAL writes"). The VFS wraps the default one
// ("unix") and changes only how WAL files are written: the files are ordinary SQLite files that
// any tool opens.
#pragma once

#include <cstdint>

namespace crier::sqlite {

// The VFS's name for sqlite3_open_v2, registered (not as the default) on first call. Thread-safe.
const char* WalVfsName();

// What the VFS did since the process started, over every WAL file it wrote: for tests and
// benchmarks.
struct WalWriteCounts {
  std::uint64_t requested = 0;  // Writes SQLite asked for.
  std::uint64_t issued = 0;     // Writes passed on to the operating system.
};
WalWriteCounts WalVfsCounts();

}  // namespace crier::sqlite
