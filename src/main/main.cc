// Entry point of the `crier` binary: finds the subcommand and runs it.
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "main/command.h"

namespace crier {
namespace {

std::map<std::string, Command, std::less<>>& Registry() {
  static auto* registry = new std::map<std::string, Command, std::less<>>();
  return *registry;
}

void PrintHelp(std::FILE* out) {
  fmt::print(out,
             "crier: turns business-document events into messages in chat tools.\n\n"
             "Usage: crier <command> [options]\n\nCommands:\n");
  for (const Command* c : Commands()) fmt::print(out, "  {:<10} {}\n", c->name, c->summary);
  fmt::print(out, "\nRun `crier <command> --help` for a command's options.\n");
}

}  // namespace

bool RegisterCommand(Command command) {
  std::string name = command.name;
  Registry().emplace(std::move(name), std::move(command));
  return true;
}

std::vector<const Command*> Commands() {
  std::vector<const Command*> out;
  for (const auto& [name, command] : Registry()) out.push_back(&command);
  return out;
}

const Command* FindCommand(std::string_view name) {
  auto it = Registry().find(name);
  return it == Registry().end() ? nullptr : &it->second;
}

}  // namespace crier

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    crier::PrintHelp(args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    fmt::print("crier {}\n", CRIER_VERSION);
    return 0;
  }
  const crier::Command* command = crier::FindCommand(args[0]);
  if (command == nullptr) {
    fmt::print(stderr, "error: unknown command '{}'; run `crier --help`\n", args[0]);
    return 2;
  }
  return command->run(std::span<const std::string_view>(args).subspan(1));
}
