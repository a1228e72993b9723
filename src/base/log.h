// One-line structured logs on stderr. Each call writes one whole line with a single write(2), so
// lines from concurrent threads never interleave. Callers must not pass secrets (webhook URLs,
// passwords, API secrets): redact first (see base/redact.h).
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace crier {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };

// The minimum level written; starts from CRIER_LOG_LEVEL (debug, info, warning, error, off), default
// info. Thread-safe.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();

// Writes `<ISO time> <LEVEL> <message>\n` to stderr if `level` is enabled.
void WriteLog(LogLevel level, std::string_view message);

template <typename... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (level < GetLogLevel()) return;
  WriteLog(level, fmt::format(format, std::forward<Args>(args)...));
}

#define CRIER_LOG_INFO(...) ::crier::Log(::crier::LogLevel::kInfo, __VA_ARGS__)
#define CRIER_LOG_WARNING(...) ::crier::Log(::crier::LogLevel::kWarning, __VA_ARGS__)
#define CRIER_LOG_ERROR(...) ::crier::Log(::crier::LogLevel::kError, __VA_ARGS__)
#define CRIER_LOG_DEBUG(...) ::crier::Log(::crier::LogLevel::kDebug, __VA_ARGS__)

}  // namespace crier
