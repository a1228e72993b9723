// Server-sent events formatting (WHATWG HTML, "Server-sent events", event stream format).
#include "http/sse.h"

namespace crier::http {
namespace {

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  for (char c : value) out += (c == '\r' || c == '\n') ? ' ' : c;
  out += '\n';
}

}  // namespace

std::string FormatSseEvent(const SseEvent& event) {
  std::string out;
  if (!event.event.empty()) AppendField(out, "event", event.event);
  if (!event.id.empty()) AppendField(out, "id", event.id);
  if (event.retry) out += "retry: " + std::to_string(event.retry->count()) + "\n";
  std::string_view data = event.data;
  while (true) {
    size_t eol = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, eol);
    out += '\n';
    if (eol == std::string_view::npos) break;
    size_t skip = (data[eol] == '\r' && eol + 1 < data.size() && data[eol + 1] == '\n') ? 2 : 1;
    data.remove_prefix(eol + skip);
  }
  out += '\n';
  return out;
}

std::string FormatSseComment(std::string_view text) {
  std::string out;
  AppendField(out, "", text);
  out += '\n';
  return out;
}

}  // namespace crier::http
