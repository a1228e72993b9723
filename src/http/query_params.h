// The decoded query string of a request. Frappe's list API passes JSON in query values
// (`?fields=["name","subject"]&filters=[["status","=","Open"]]`), and some clients repeat keys, so
// values are kept in order with repeats rather than in a map.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace crier::http {

class QueryParams {
 public:
  using Item = std::pair<std::string, std::string>;

  QueryParams() = default;
  explicit QueryParams(std::vector<Item> items) : items_(std::move(items)) {}

  // The first value of `name`, or nullopt. A key without '=' (`?debug`) has the empty value.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value of `name`, in order of appearance.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<Item>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Item> items_;
};

// Parses the part of a URL after '?', without the '?'. Pairs are separated by '&'; empty pairs are
// skipped; names and values are percent-decoded with '+' as space (see url_decode.h). A malformed
// escape or invalid UTF-8 is an error that names the parameter; nothing is partly returned.
Result<QueryParams> ParseQueryString(std::string_view query);

}  // namespace crier::http
