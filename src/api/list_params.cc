// URL parameters to a ListRequest.
#include "api/list_params.h"

#include <fmt/format.h>

#include <charconv>

namespace crier {
namespace {

// A JSON parameter; a bare word that is not JSON (`fields=name`) is taken as that string.
Result<Json> JsonParam(std::string_view name, std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) return j;
  if (!text.empty() && text.front() != '[' && text.front() != '{') return Json(std::string(text));
  return InvalidArgument(fmt::format("{} is not valid JSON", name), std::string(name));
}

Result<std::int64_t> IntParam(std::string_view name, std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0) {
    return InvalidArgument(fmt::format("{} must be a whole number, at least 0", name),
                           std::string(name));
  }
  return v;
}

}  // namespace

Result<ListRequest> ParseListParams(std::string_view doctype, const http::QueryParams& query) {
  ListRequest req;
  req.doctype = std::string(doctype);
  if (auto v = query.Get("fields")) {
    CRIER_ASSIGN_OR_RETURN(req.fields, JsonParam("fields", *v));
    if (req.fields.is_string() && req.fields != "*") req.fields = Json::array({req.fields});
  }
  if (auto v = query.Get("filters")) {
    CRIER_ASSIGN_OR_RETURN(req.filters, JsonParam("filters", *v));
    if (req.filters.is_string()) {
      return InvalidArgument("filters must be a JSON list or object", "filters");
    }
  }
  if (auto v = query.Get("order_by")) req.order_by = std::string(*v);
  for (const char* name : {"limit_start", "start"}) {
    if (auto v = query.Get(name)) {
      CRIER_ASSIGN_OR_RETURN(req.limit_start, IntParam(name, *v));
      break;
    }
  }
  for (const char* name : {"limit_page_length", "limit", "page_length"}) {
    if (auto v = query.Get(name)) {
      CRIER_ASSIGN_OR_RETURN(req.limit_page_length, IntParam(name, *v));
      break;
    }
  }
  return req;
}

}  // namespace crier
