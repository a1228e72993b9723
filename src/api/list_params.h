// Frappe's list query parameters as they arrive in a URL (`?fields=["name"]&filters=[...]
// &order_by=modified desc&limit_start=0&limit_page_length=20`): JSON in text values, numbers as
// text. Parsing is pure and names the parameter that is wrong.
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/query_params.h"
#include "model/document_service.h"

namespace crier {

// `limit` and `page_length` are accepted for limit_page_length, `start` for limit_start, as
// Frappe's clients send them. Unknown parameters are ignored, as Frappe does.
Result<ListRequest> ParseListParams(std::string_view doctype, const http::QueryParams& query);

}  // namespace crier
