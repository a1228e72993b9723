// The `crier` binary's subcommands. Each lives in its own `<name>_command.cc` in this folder and
// registers itself with CRIER_REGISTER_COMMAND, so adding a command never edits main.cc.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crier {

struct Command {
  std::string name;
  std::string usage;    // One line: "crier render [--context FILE.json] ... TEMPLATE_FILE|-"
  std::string summary;  // One sentence for `crier --help`.
  // Runs with the arguments after the command name; returns the process exit status.
  std::function<int(std::span<const std::string_view> args)> run;
};

// Registers a command at static-initialisation time. Returns true so it can initialise a static.
bool RegisterCommand(Command command);

// All registered commands, sorted by name.
std::vector<const Command*> Commands();
const Command* FindCommand(std::string_view name);

}  // namespace crier

#define CRIER_REGISTER_COMMAND(ident, ...) \
  static const bool crier_command_registered_##ident = ::crier::RegisterCommand(__VA_ARGS__)
