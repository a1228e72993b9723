// Server-sent events: the text format of the web UI's live updates (the bell's unread count), to
// write on a ResponseStream. Formatting is separate from the stream so it is tested as a table.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crier::http {

struct SseEvent {
  std::string event = {};  // Event type ("unread"); empty for the default "message".
  std::string data = {};   // Payload; may hold newlines (sent as several data lines).
  std::string id = {};     // Last-Event-ID the browser sends back on reconnect; empty for none.
  std::optional<std::chrono::milliseconds> retry = std::nullopt;  // Reconnect delay hint.
};

// The wire text of one event, ending with the blank line that dispatches it. CR and LF inside
// `event` and `id` (which cannot hold them) become spaces; `data` lines split on CRLF, CR or LF.
std::string FormatSseEvent(const SseEvent& event);

// A comment line (": text\n\n") that browsers ignore: a heartbeat that keeps proxies from closing
// an idle stream and lets the server notice a client that left.
std::string FormatSseComment(std::string_view text);

}  // namespace crier::http
