// Query-string parsing.
#include "http/query_params.h"

#include "http/url_decode.h"

namespace crier::http {

std::optional<std::string_view> QueryParams::Get(std::string_view name) const {
  for (const Item& item : items_) {
    if (item.first == name) return item.second;
  }
  return std::nullopt;
}

std::vector<std::string_view> QueryParams::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Item& item : items_) {
    if (item.first == name) out.emplace_back(item.second);
  }
  return out;
}

Result<QueryParams> ParseQueryString(std::string_view query) {
  std::vector<QueryParams::Item> items;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto name = PercentDecode(raw_name, DecodeMode::kQuery);
    if (!name.ok()) {
      return InvalidArgument("invalid query parameter name: " + name.status().message());
    }
    auto value = PercentDecode(raw_value, DecodeMode::kQuery);
    if (!value.ok()) {
      return InvalidArgument(
          "invalid value of query parameter '" + *name + "': " + value.status().message(), *name);
    }
    items.emplace_back(std::move(name).value(), std::move(value).value());
  }
  return QueryParams(std::move(items));
}

}  // namespace crier::http
