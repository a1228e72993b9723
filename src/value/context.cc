// Context storage: a flat list of variables (contexts have a handful), looked up by hash.
#include "value/context.h"

#include "value/json.h"
#include "value/ops.h"

namespace crier::value {

Context::Context() : arena_(std::make_unique<Arena>()) {}
Context::Context(Context&&) noexcept = default;
Context& Context::operator=(Context&&) noexcept = default;
Context::~Context() = default;

void Context::Set(std::string_view name, Value v) {
  uint64_t h = HashString(name);
  for (Var& var : vars_) {
    if (var.hash == h && var.name == name) {
      var.value = v;
      return;
    }
  }
  vars_.push_back(Var{arena_->CopyString(name), h, v});
}

const Value* Context::Find(std::string_view name) const {
  uint64_t h = HashString(name);
  for (const Var& var : vars_) {
    if (var.hash == h && var.name == name) return &var.value;
  }
  return nullptr;
}

std::vector<std::string_view> Context::Names() const {
  std::vector<std::string_view> out;
  for (const Var& var : vars_) out.push_back(var.name);
  return out;
}

Status Context::LoadJson(std::string_view json_text, DictMode mode, bool freeze) {
  FromJsonOptions options;
  options.object_mode = mode;
  options.freeze = freeze;
  auto parsed = ParseJson(*arena_, json_text, options);
  if (!parsed.ok()) return InvalidArgument("context: " + parsed.error().message);
  if (!parsed->is_dict()) return InvalidArgument("context: the JSON document must be an object");
  for (const DictEntry& e : parsed->dict()->entries) Set(e.key.str(), e.value);
  return Status::Ok();
}

void Context::SetNow(const DateTime& now) {
  now_ = NowInfo::From(now);
}

}  // namespace crier::value
