// JSON body parsing with positioned errors and a depth bound. nlohmann's parse_error is caught
// here, at the edge, and becomes a Status.
#include "http/json_body.h"

#include <fmt/format.h>

#include <algorithm>

namespace crier::http {
namespace {

// nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error while parsing value - invalid literal; last read: '...'". Keep only the middle part;
// "last read" quotes the body.
std::string_view Describe(std::string_view what) {
  size_t column = what.find("column ");
  if (column != std::string_view::npos) {
    size_t colon = what.find(": ", column);
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  size_t last_read = what.find("; last read");
  return what.substr(0, last_read);
}

}  // namespace

int JsonNestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> ParseJsonBody(std::string_view body, int max_depth) {
  if (JsonNestingDepth(body, max_depth) > max_depth) {
    return InvalidArgument(fmt::format("JSON nested deeper than {}", max_depth));
  }
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts the characters read, the failing one included (end of input counts as one).
    // Report that character's position; a newline belongs to the line it ends.
    size_t index = std::min(e.byte == 0 ? 0 : e.byte - 1, body.size());
    std::string_view before = body.substr(0, index);
    size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
    size_t line_start = before.rfind('\n');
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    size_t column = index - line_start + 1;
    return InvalidArgument(
        fmt::format("invalid JSON at line {}, column {}: {}", line, column, Describe(e.what())));
  }
}

Response JsonResponse(int status, const nlohmann::json& value) {
  return Response::Json(status,
                        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace crier::http
