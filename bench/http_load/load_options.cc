// Flag parsing for http_load.
#include "load_options.h"

#include <fmt/format.h>

#include <charconv>

namespace crier::load {
namespace {

constexpr std::string_view kUsage = R"(usage: http_load --url http://HOST:PORT/PATH [options]
Drives an HTTP server over keep-alive connections and prints requests/s and latency percentiles.
  --url URL             target; the path may hold {n}, replaced by a request counter
  --method M            GET (default), or POST when --body/--body-file is given
  --body TEXT           request body template; {n} is replaced by a request counter
  --body-file FILE      read the body template from FILE
  --content-type T      body content type (default application/json)
  --header 'N: V'       extra header, repeatable
  --auth 'token K:S'    shorthand for --header 'Authorization: token K:S'
  --cookie 'sid=...'    shorthand for --header 'Cookie: sid=...'
  --connections N       keep-alive connections (default 16)
  --threads N           client threads (default 1)
  --duration S          measured seconds (default 10)
  --warmup S            seconds sent before measuring, not counted (default 1)
  --rate R              open loop: start R requests/s on schedule and measure latency from the
                        scheduled time (no coordinated omission); default closed loop, as fast as
                        the server answers
  --timeout S           per-request timeout, counted as an error (default 10)
  --expect-status N     only status N counts as success (default: any 2xx)
  --json                print one JSON object instead of text
)";

Status BadFlag(std::string_view flag, std::string_view why) {
  return InvalidArgument(fmt::format("{}: {}", flag, why), std::string(flag));
}

Result<double> ParsePositive(std::string_view flag, std::string_view text, bool allow_zero) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return BadFlag(flag, fmt::format("'{}' is not a number", text));
  }
  if (value < 0 || (!allow_zero && value == 0)) {
    return BadFlag(flag, fmt::format("'{}' must be {}", text, allow_zero ? ">= 0" : "> 0"));
  }
  return value;
}

Result<int> ParseCount(std::string_view flag, std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return BadFlag(flag, fmt::format("'{}' is not a positive integer", text));
  }
  return value;
}

Status ParseUrl(std::string_view url, LoadOptions& options) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return BadFlag("--url", "only http://HOST:PORT/PATH URLs are supported");
  }
  url.remove_prefix(kScheme.size());
  size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  options.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    options.host = std::string(authority);
  } else {
    options.host = std::string(authority.substr(0, colon));
    options.port = std::string(authority.substr(colon + 1));
    if (options.port.empty()) return BadFlag("--url", "empty port");
  }
  if (options.host.empty()) return BadFlag("--url", "missing host");
  return Status::Ok();
}

}  // namespace

std::string_view LoadUsage() {
  return kUsage;
}

Result<LoadOptions> ParseLoadOptions(std::span<const std::string_view> args) {
  LoadOptions options;
  bool have_url = false;
  bool have_method = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    if (flag == "--help" || flag == "-h") {
      return Status(StatusCode::kFailedPrecondition, std::string(kUsage));
    }
    if (flag == "--json") {
      options.json = true;
      continue;
    }
    if (i + 1 >= args.size()) return BadFlag(flag, "missing value");
    std::string_view value = args[++i];
    if (flag == "--url") {
      CRIER_RETURN_IF_ERROR(ParseUrl(value, options));
      have_url = true;
    } else if (flag == "--method") {
      options.method = std::string(value);
      have_method = true;
    } else if (flag == "--body") {
      options.body = std::string(value);
    } else if (flag == "--body-file") {
      options.body_file = std::string(value);
    } else if (flag == "--content-type") {
      options.content_type = std::string(value);
    } else if (flag == "--header") {
      if (value.find(':') == std::string_view::npos) return BadFlag(flag, "expected 'Name: value'");
      options.headers.emplace_back(value);
    } else if (flag == "--auth") {
      options.headers.push_back(fmt::format("Authorization: {}", value));
    } else if (flag == "--cookie") {
      options.headers.push_back(fmt::format("Cookie: {}", value));
    } else if (flag == "--connections") {
      CRIER_ASSIGN_OR_RETURN(options.connections, ParseCount(flag, value));
    } else if (flag == "--threads") {
      CRIER_ASSIGN_OR_RETURN(options.threads, ParseCount(flag, value));
    } else if (flag == "--duration") {
      CRIER_ASSIGN_OR_RETURN(options.duration_s, ParsePositive(flag, value, false));
    } else if (flag == "--warmup") {
      CRIER_ASSIGN_OR_RETURN(options.warmup_s, ParsePositive(flag, value, true));
    } else if (flag == "--rate") {
      CRIER_ASSIGN_OR_RETURN(options.rate, ParsePositive(flag, value, false));
    } else if (flag == "--timeout") {
      CRIER_ASSIGN_OR_RETURN(options.timeout_s, ParsePositive(flag, value, false));
    } else if (flag == "--expect-status") {
      CRIER_ASSIGN_OR_RETURN(options.expect_status, ParseCount(flag, value));
    } else {
      return BadFlag(flag, "unknown flag");
    }
  }
  if (!have_url) return BadFlag("--url", "required");
  if (!have_method && (!options.body.empty() || !options.body_file.empty())) {
    options.method = "POST";
  }
  if (options.threads > options.connections) {
    return BadFlag("--threads", "must not exceed --connections");
  }
  return options;
}

std::string DescribeMode(const LoadOptions& options) {
  std::string mode =
      options.rate > 0 ? fmt::format("open-loop {:g}/s", options.rate) : std::string("closed-loop");
  return fmt::format("{} {} {}, {} connections, {} thread{}, {:g} s", mode, options.method,
                     options.target, options.connections, options.threads,
                     options.threads == 1 ? "" : "s", options.duration_s);
}

}  // namespace crier::load
