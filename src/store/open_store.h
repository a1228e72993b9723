// Chooses and opens a store from the `--db` URL of `crier serve`.
#pragma once

#include <memory>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace crier {

// `sqlite:PATH` (the folder of PATH is created if missing). Other schemes are refused with
// kInvalidArgument naming what is supported.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url);

}  // namespace crier
