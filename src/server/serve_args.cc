// `crier serve` flags.
#include "server/serve_args.h"

#include <fmt/format.h>

#include <charconv>

#include "rules/schedule.h"

namespace crier {

std::string_view ServeUsage() {
  return "Usage: crier serve [--db URL] [--listen HOST:PORT] [--base-url URL] [--demo]\n"
         "                   [--max-body-bytes N] [--workers N]\n"
         "                   [--daily-time HH:MM] [--catch-up-days N] [--no-scheduler]\n"
         "\n"
         "  --db URL              where documents live (default sqlite:./crier-data/crier.db)\n"
         "  --listen HOST:PORT    address to serve on (default 127.0.0.1:8000)\n"
         "  --base-url URL        the address users reach crier at, for document links\n"
         "                        (default http://HOST:PORT)\n"
         "  --demo                create the demo DocType Issue\n"
         "  --max-body-bytes N    largest request body accepted, else 413 (default 1048576)\n"
         "  --workers N           threads running requests (default: 2 per core)\n"
         "  --daily-time HH:MM    when Days Before/After notifications run, system time\n"
         "                        (default 09:00)\n"
         "  --catch-up-days N     days of scheduled notifications caught up after downtime\n"
         "                        (default 7)\n"
         "  --no-scheduler        do not run Days/Minutes notifications on this node\n"
         "\n"
         "Environment: CRIER_ADMIN_PASSWORD sets the Administrator password at first start\n"
         "(otherwise one is generated and printed once). CRIER_LOG_LEVEL: debug, info, warning,\n"
         "error, off.\n";
}

Result<ServeOptions> ParseServeArgs(
    std::span<const std::string_view> args,
    const std::function<std::optional<std::string>(const char*)>& getenv) {
  ServeOptions o;
  auto value = [&](size_t& i) -> Result<std::string> {
    if (i + 1 >= args.size() || args[i + 1].substr(0, 2) == "--") {
      return InvalidArgument(fmt::format("{} needs a value", args[i]), std::string(args[i]));
    }
    return std::string(args[++i]);
  };
  auto number = [&](size_t& i, long long min, long long max) -> Result<long long> {
    std::string flag(args[i]);
    CRIER_ASSIGN_OR_RETURN(std::string text, value(i));
    long long n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || p != text.data() + text.size() || n < min || n > max) {
      return InvalidArgument(fmt::format("{} must be a number from {} to {}", flag, min, max),
                             flag);
    }
    return n;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      return Status(StatusCode::kFailedPrecondition, std::string(ServeUsage()));
    } else if (a == "--db") {
      CRIER_ASSIGN_OR_RETURN(o.db_url, value(i));
    } else if (a == "--listen") {
      CRIER_ASSIGN_OR_RETURN(o.listen, value(i));
    } else if (a == "--base-url") {
      CRIER_ASSIGN_OR_RETURN(o.base_url, value(i));
      if (o.base_url.rfind("http://", 0) != 0 && o.base_url.rfind("https://", 0) != 0) {
        return InvalidArgument("--base-url must start with http:// or https://", "--base-url");
      }
    } else if (a == "--demo") {
      o.demo = true;
    } else if (a == "--max-body-bytes") {
      CRIER_ASSIGN_OR_RETURN(long long n, number(i, 1024, 1LL << 30));
      o.max_body_bytes = static_cast<std::size_t>(n);
    } else if (a == "--workers") {
      CRIER_ASSIGN_OR_RETURN(long long n, number(i, 1, 256));
      o.worker_threads = static_cast<int>(n);
    } else if (a == "--daily-time") {
      CRIER_ASSIGN_OR_RETURN(std::string text, value(i));
      std::optional<rules::DailyTime> at = rules::ParseDailyTime(text);
      if (!at) return InvalidArgument("--daily-time must be HH:MM, 00:00 to 23:59", "--daily-time");
      o.scheduler.daily_time = *at;
    } else if (a == "--catch-up-days") {
      CRIER_ASSIGN_OR_RETURN(long long n, number(i, 1, 366));
      o.scheduler.max_catch_up_days = static_cast<int>(n);
    } else if (a == "--no-scheduler") {
      o.run_scheduler = false;
    } else {
      return InvalidArgument(fmt::format("unknown option '{}'", a), std::string(a));
    }
  }
  if (auto password = getenv("CRIER_ADMIN_PASSWORD"); password && !password->empty()) {
    o.admin_password = *password;
  }
  return o;
}

}  // namespace crier
