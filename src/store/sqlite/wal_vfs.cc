// The WAL-gathering VFS (wal_vfs.h). Files other than WALs are opened by the default VFS straight
// into the memory SQLite gives us, so they run its own methods with no indirection. A WAL file is
// wrapped. SQLite writes a WAL as its 32-byte header, then for each frame a 24-byte frame header
// and the page right after it; writes of that shape that continue the one before are gathered in
// memory, and what is gathered is written together before any other operation on the file (read,
// size, truncate, sync, close, file control, a write of another shape or elsewhere) and as soon as
// SQLite writes a frame header carrying a commit mark (bytes 4 to 7: the database size after the
// commit, non-zero only in a commit frame). The commit frame's page, like any write of another
// shape, then goes straight to the operating system: a commit is two writes, however many pages it
// changed. So by the time SQLite makes a commit visible in the WAL index, every byte it wrote to
// the WAL up to and including the commit frame is in the file, exactly as without the VFS, and a
// copy of the files taken then recovers the commit: only frames not yet committed (a transaction's
// first pages, or pages spilled from a full cache) ever wait in memory. Failures to write are
// returned by the call that issued the write, and a failed commit rolls back as it would have.
#include "store/sqlite/wal_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <type_traits>

namespace crier::sqlite {
namespace {

constexpr const char* kVfsName = "crier-wal";
constexpr int kWalHeaderSize = 32;
constexpr int kFrameHeaderSize = 24;
// Beyond this, gathered writes go out at once: a transaction spilling many pages keeps its memory
// bounded.
constexpr size_t kMaxGathered = 1 << 20;
constexpr size_t kMaxWrite = 96 << 10;

std::atomic<std::uint64_t> requested_writes{0};
std::atomic<std::uint64_t> issued_writes{0};

sqlite3_vfs* Root(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}

// A WAL file: the default VFS's file follows this struct in the same allocation.
struct WalFile {
  sqlite3_file base;  // First: SQLite sees a WalFile as a sqlite3_file.
  sqlite3_io_methods methods;
  sqlite3_file* real;
  std::string gathered;  // Bytes not yet written, for offsets [start, start + size).
  sqlite3_int64 start = 0;
  bool expect_page = false;  // The last write gathered was a frame's header.
};
// SQLite hands a WalFile back as the sqlite3_file it holds first.
static_assert(std::is_standard_layout_v<WalFile>);

WalFile* Wal(sqlite3_file* file) {
  return reinterpret_cast<WalFile*>(file);
}

int Issue(WalFile& f, const void* data, int amount, sqlite3_int64 offset) {
  issued_writes.fetch_add(1, std::memory_order_relaxed);
  return f.real->pMethods->xWrite(f.real, data, amount, offset);
}

// Writes what is gathered, in pieces the default VFS takes whole (it writes at most 128 KiB - 1
// bytes per call and reports a longer write as a full disk). The bytes are dropped whatever the
// outcome: SQLite rolls back on an error, and what it writes next replaces them.
int Flush(WalFile& f) {
  int rc = SQLITE_OK;
  for (size_t done = 0; done < f.gathered.size() && rc == SQLITE_OK; done += kMaxWrite) {
    const size_t piece = std::min(kMaxWrite, f.gathered.size() - done);
    rc = Issue(f, f.gathered.data() + done, static_cast<int>(piece),
               f.start + static_cast<sqlite3_int64>(done));
  }
  f.gathered.clear();  // Keeps its capacity for the next commit.
  return rc;
}

// True for a frame header whose bytes 4 to 7 (the database size after the commit) are not zero.
bool IsCommitHeader(const void* data) {
  const auto* p = static_cast<const unsigned char*>(data);
  return (p[4] | p[5] | p[6] | p[7]) != 0;
}

// Gathers writes of the WAL's shape (see the top of this file); any other write (a page rewritten
// in place, or a SQLite that wrote its frames otherwise) goes straight through after them.
int WalWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile& f = *Wal(file);
  requested_writes.fetch_add(1, std::memory_order_relaxed);
  const auto end = f.start + static_cast<sqlite3_int64>(f.gathered.size());
  const bool page = f.expect_page && !f.gathered.empty() && offset == end;
  f.expect_page = false;
  const bool header = amount == kFrameHeaderSize || (amount == kWalHeaderSize && offset == 0);
  if (!f.gathered.empty() && (offset != end || !(header || page))) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  }
  if (!(header || page)) return Issue(f, data, amount, offset);
  if (f.gathered.empty()) f.start = offset;
  f.gathered.append(static_cast<const char*>(data), static_cast<size_t>(amount));
  if (amount == kFrameHeaderSize) {
    // A commit frame's header goes out with everything before it; its page follows straight.
    if (IsCommitHeader(data)) return Flush(f);
    f.expect_page = true;
  }
  return f.gathered.size() >= kMaxGathered ? Flush(f) : SQLITE_OK;
}

int WalClose(sqlite3_file* file) {
  WalFile& f = *Wal(file);
  int rc = Flush(f);
  int closed = f.real->pMethods ? f.real->pMethods->xClose(f.real) : SQLITE_OK;
  f.~WalFile();
  return rc != SQLITE_OK ? rc : closed;
}

// The other methods write what is gathered, then do what the default VFS does.
int WalRead(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xRead(f.real, data, amount, offset);
}

int WalTruncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xTruncate(f.real, size);
}

int WalSync(sqlite3_file* file, int flags) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xSync(f.real, flags);
}

int WalFileSize(sqlite3_file* file, sqlite3_int64* size) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xFileSize(f.real, size);
}

int WalFileControl(sqlite3_file* file, int op, void* arg) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xFileControl(f.real, op, arg);
}

int WalLock(sqlite3_file* file, int level) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xLock(real, level);
}

int WalUnlock(sqlite3_file* file, int level) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xUnlock(real, level);
}

int WalCheckReservedLock(sqlite3_file* file, int* out) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xCheckReservedLock(real, out);
}

int WalSectorSize(sqlite3_file* file) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xSectorSize(real);
}

int WalDeviceCharacteristics(sqlite3_file* file) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xDeviceCharacteristics(real);
}

int WalShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xShmMap(real, region, size, extend, out);
}

int WalShmLock(sqlite3_file* file, int offset, int n, int flags) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xShmLock(real, offset, n, flags);
}

void WalShmBarrier(sqlite3_file* file) {
  sqlite3_file* real = Wal(file)->real;
  real->pMethods->xShmBarrier(real);
}

int WalShmUnmap(sqlite3_file* file, int delete_flag) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xShmUnmap(real, delete_flag);
}

int WalFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  WalFile& f = *Wal(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f.real->pMethods->xFetch(f.real, offset, amount, out);
}

int WalUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  sqlite3_file* real = Wal(file)->real;
  return real->pMethods->xUnfetch(real, offset, page);
}

// The methods a WAL file presents: ours, of the default file's version (optional methods only
// where it has them).
sqlite3_io_methods WalMethods(const sqlite3_io_methods& real) {
  sqlite3_io_methods m{};
  m.iVersion = real.iVersion < 3 ? real.iVersion : 3;
  m.xClose = WalClose;
  m.xRead = WalRead;
  m.xWrite = WalWrite;
  m.xTruncate = WalTruncate;
  m.xSync = WalSync;
  m.xFileSize = WalFileSize;
  m.xLock = WalLock;
  m.xUnlock = WalUnlock;
  m.xCheckReservedLock = WalCheckReservedLock;
  m.xFileControl = WalFileControl;
  m.xSectorSize = WalSectorSize;
  m.xDeviceCharacteristics = WalDeviceCharacteristics;
  if (m.iVersion >= 2) {
    m.xShmMap = real.xShmMap ? WalShmMap : nullptr;
    m.xShmLock = real.xShmLock ? WalShmLock : nullptr;
    m.xShmBarrier = real.xShmBarrier ? WalShmBarrier : nullptr;
    m.xShmUnmap = real.xShmUnmap ? WalShmUnmap : nullptr;
  }
  if (m.iVersion >= 3) {
    m.xFetch = real.xFetch ? WalFetch : nullptr;
    m.xUnfetch = real.xUnfetch ? WalUnfetch : nullptr;
  }
  return m;
}

// Where the default VFS's file starts inside a WalFile's allocation.
constexpr size_t RealOffset() {
  return (sizeof(WalFile) + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) *
         alignof(std::max_align_t);
}

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  sqlite3_vfs* root = Root(vfs);
  if ((flags & SQLITE_OPEN_WAL) == 0) return root->xOpen(root, name, file, flags, out_flags);
  auto* real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + RealOffset());
  std::memset(real, 0, static_cast<size_t>(root->szOsFile));
  int rc = root->xOpen(root, name, real, flags, out_flags);
  if (rc != SQLITE_OK || real->pMethods == nullptr) {
    // SQLite calls xClose only when pMethods is set; the default VFS has cleaned up after itself.
    file->pMethods = nullptr;
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  auto* wal = new (file) WalFile{};
  wal->real = real;
  wal->methods = WalMethods(*real->pMethods);
  wal->base.pMethods = &wal->methods;
  return SQLITE_OK;
}

// The rest is the default VFS's, called with the default VFS (its methods read their own state).
int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Root(vfs)->xDelete(Root(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Root(vfs)->xAccess(Root(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Root(vfs)->xFullPathname(Root(vfs), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return Root(vfs)->xDlOpen(Root(vfs), name);
}
void DlError(sqlite3_vfs* vfs, int size, char* out) {
  Root(vfs)->xDlError(Root(vfs), size, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return Root(vfs)->xDlSym(Root(vfs), handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) {
  Root(vfs)->xDlClose(Root(vfs), handle);
}
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return Root(vfs)->xRandomness(Root(vfs), size, out);
}
int Sleep(sqlite3_vfs* vfs, int micros) {
  return Root(vfs)->xSleep(Root(vfs), micros);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Root(vfs)->xCurrentTime(Root(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Root(vfs)->xGetLastError(Root(vfs), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Root(vfs)->xCurrentTimeInt64(Root(vfs), out);
}

sqlite3_vfs MakeVfs(sqlite3_vfs* root) {
  sqlite3_vfs v{};
  v.iVersion = 2;  // Up to xCurrentTimeInt64: the system-call overrides stay the default VFS's.
  v.szOsFile = static_cast<int>(
      std::max<size_t>(static_cast<size_t>(root->szOsFile), RealOffset() + root->szOsFile));
  v.mxPathname = root->mxPathname;
  v.zName = kVfsName;
  v.pAppData = root;
  v.xOpen = Open;
  v.xDelete = Delete;
  v.xAccess = Access;
  v.xFullPathname = FullPathname;
  v.xDlOpen = DlOpen;
  v.xDlError = DlError;
  v.xDlSym = DlSym;
  v.xDlClose = DlClose;
  v.xRandomness = Randomness;
  v.xSleep = Sleep;
  v.xCurrentTime = CurrentTime;
  v.xGetLastError = GetLastError;
  v.xCurrentTimeInt64 = root->iVersion >= 2 ? CurrentTimeInt64 : nullptr;
  return v;
}

}  // namespace

const char* WalVfsName() {
  static std::once_flag once;
  static sqlite3_vfs vfs;
  std::call_once(once, [] {
    sqlite3_initialize();
    vfs = MakeVfs(sqlite3_vfs_find(nullptr));
    sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
  });
  return kVfsName;
}

WalWriteCounts WalVfsCounts() {
  return {requested_writes.load(std::memory_order_relaxed),
          issued_writes.load(std::memory_order_relaxed)};
}

}  // namespace crier::sqlite
