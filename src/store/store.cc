// Helpers shared by every store implementation.
#include "store/store.h"

namespace crier {

Status RunInWriteTxn(Store& store, const std::function<Status(WriteTxn&)>& body) {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, store.BeginWrite());
  CRIER_RETURN_IF_ERROR(body(*txn));
  return txn->Commit();
}

}  // namespace crier
