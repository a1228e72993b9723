// The standard and third-party headers nearly every crier file includes, precompiled once per
// target (CRIER_PCH) so that the compiler parses them once instead of in every file: nlohmann/json
// alone is most of the parsing time of a small file. Only headers that never change belong here.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>
