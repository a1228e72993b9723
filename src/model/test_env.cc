// The model test environment.
#include "model/test_env.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "base/time.h"
#include "model/builtin_controllers.h"
#include "model/builtin_doctypes.h"
#include "store/open_store.h"

namespace crier {
namespace {

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "ModelTestEnv: %s: %s\n", what, s.ToString().c_str());
    std::abort();
  }
}

}  // namespace

ModelTestEnv::ModelTestEnv() : clock_(FromLocal({{2026, 3, 1}, 9, 0, 0, 0})) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "crier-model-XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data());
  auto store = OpenStore("sqlite:" + dir_ + "/crier.db");
  Check(store.status(), "open store");
  store_ = std::move(store).value();
  documents_ = std::make_unique<DocumentService>(metas_, clock_, random_);
  RegisterBuiltinControllers(*documents_);
  Check(InstallBuiltins(*store_, *documents_), "install built-ins");
}

ModelTestEnv::~ModelTestEnv() {
  documents_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
}

Result<Json> ModelTestEnv::Insert(const std::string& doctype, const Json& input,
                                  const WriteOptions& o) {
  Result<Json> out = Status(StatusCode::kInternal, "not run");
  Status s = RunInWriteTxn(*store_, [&](WriteTxn& txn) {
    out = documents_->Insert(txn, o, doctype, input);
    return out.ok() ? Status::Ok() : out.status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Json> ModelTestEnv::Update(const std::string& doctype, const std::string& name,
                                  const Json& patch, const WriteOptions& o) {
  Result<Json> out = Status(StatusCode::kInternal, "not run");
  Status s = RunInWriteTxn(*store_, [&](WriteTxn& txn) {
    out = documents_->Update(txn, o, doctype, name, patch);
    return out.ok() ? Status::Ok() : out.status();
  });
  if (!s.ok()) return s;
  return out;
}

Status ModelTestEnv::Delete(const std::string& doctype, const std::string& name,
                            const WriteOptions& o) {
  return RunInWriteTxn(*store_,
                       [&](WriteTxn& txn) { return documents_->Delete(txn, o, doctype, name); });
}

Result<Json> ModelTestEnv::Get(const std::string& doctype, const std::string& name) {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_->BeginRead());
  return documents_->Get(*txn, doctype, name);
}

}  // namespace crier
