// http_load's command line: what to send, to where, and how hard. Parsing is a pure function so the
// flags are tested as a table; the program itself only reads files and opens sockets.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace crier::load {

struct LoadOptions {
  std::string host;  // From --url http://HOST:PORT/PATH.
  std::string port = "80";
  std::string target = "/";    // Path and query; may hold `{n}` (see body_template.h).
  std::string method = "GET";  // POST by default when a body is given.
  std::string body;            // --body TEXT; may hold `{n}`.
  std::string body_file;       // --body-file FILE (read by the program, replaces `body`).
  std::string content_type = "application/json";
  std::vector<std::string> headers;  // Extra "Name: value" lines (--header, --cookie, --auth).
  int connections = 16;              // Keep-alive connections, spread over `threads`.
  int threads = 1;                   // Client event-loop threads (1 or 2 on this machine).
  double duration_s = 10;            // Measured window.
  double warmup_s = 1;               // Requests started before this are sent but not counted.
  double rate = 0;                   // Requests/s in open-loop mode; 0 means closed loop.
  double timeout_s = 10;             // A request not answered in this time counts as an error.
  int expect_status = 0;             // 0: any 2xx is success; else exactly this status.
  bool json = false;                 // Print one JSON line instead of text.
};

// The usage text printed by --help and after a bad flag.
std::string_view LoadUsage();

// Parses the arguments after the program name. Errors name the flag and what is wrong with it.
// `--help` yields a kFailedPrecondition status whose message is the usage.
Result<LoadOptions> ParseLoadOptions(std::span<const std::string_view> args);

// "closed-loop, 16 connections, 1 thread, 10 s" or "open-loop 1000/s, ...": the run's title.
std::string DescribeMode(const LoadOptions& options);

}  // namespace crier::load
