// Splitting and rendering `{n}` templates.
#include "body_template.h"

namespace crier::load {

namespace {
constexpr std::string_view kPlaceholder = "{n}";
}  // namespace

BodyTemplate::BodyTemplate(std::string_view text) {
  while (true) {
    size_t at = text.find(kPlaceholder);
    if (at == std::string_view::npos) break;
    pieces_.emplace_back(text.substr(0, at));
    text.remove_prefix(at + kPlaceholder.size());
  }
  pieces_.emplace_back(text);
}

std::string BodyTemplate::Render(std::uint64_t counter) const {
  std::string number = std::to_string(counter);
  std::string out = pieces_[0];
  for (size_t i = 1; i < pieces_.size(); ++i) {
    out += number;
    out += pieces_[i];
  }
  return out;
}

}  // namespace crier::load
