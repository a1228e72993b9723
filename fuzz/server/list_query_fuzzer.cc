// Fuzzes the list parameters of GET /api/resource/{DocType} as they arrive in a URL's query
// string: percent-decoding, JSON in `fields` and `filters`, order_by, paging, then filters cast
// against the demo Issue DocType. Every input must give a value or a clean error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/list_params.h"
#include "model/builtin_doctypes.h"
#include "model/list_query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crier::Meta* issue =
      new crier::Meta(crier::MetaFromDocType(crier::DemoIssueDocType()).value());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto query = crier::http::ParseQueryString(text);
  if (!query.ok()) return 0;
  auto request = crier::ParseListParams("Issue", *query);
  if (!request.ok()) return 0;
  (void)crier::ParseFields(*issue, request->fields);
  (void)crier::ParseFilters(*issue, request->filters);
  (void)crier::ParseOrderBy(*issue, request->order_by);
  return 0;
}
