// http_load: the HTTP load generator that crier's server, notification and delivery benchmarks run
// as a separate process. See load_options.cc for the flags and load_client.h for the two modes.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "load_client.h"

int main(int argc, char** argv) {
  using namespace crier::load;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  auto parsed = ParseLoadOptions(args);
  if (!parsed.ok()) {
    if (parsed.status().code() == crier::StatusCode::kFailedPrecondition) {
      fmt::print("{}", parsed.status().message());
      return 0;
    }
    fmt::print(stderr, "http_load: {}\n{}", parsed.status().message(), LoadUsage());
    return 2;
  }
  LoadOptions options = std::move(parsed).value();
  if (!options.body_file.empty()) {
    std::ifstream in(options.body_file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "http_load: --body-file: cannot read {}\n", options.body_file);
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    options.body = text.str();
  }
  RunOutcome outcome = RunLoad(options);
  LatencySummary summary = Summarize(outcome);
  std::string title = DescribeMode(options);
  if (options.json) {
    fmt::print("{}\n", FormatJson(title, summary));
  } else {
    fmt::print("{}", FormatText(title, summary));
  }
  return summary.ok > 0 ? 0 : 1;
}
