// Load tests need every request to differ (a unique subject per inserted document, a new name per
// GET), so request paths and bodies are written as templates where `{n}` stands for a counter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crier::load {

// A text with zero or more `{n}` placeholders, split once so that rendering is a few appends.
class BodyTemplate {
 public:
  explicit BodyTemplate(std::string_view text);

  // The text with every `{n}` replaced by `counter` in decimal.
  std::string Render(std::uint64_t counter) const;

  // True when the text holds at least one `{n}`.
  bool has_placeholder() const { return pieces_.size() > 1; }

 private:
  std::vector<std::string>
      pieces_;  // Literal text between placeholders; size() = placeholders + 1.
};

}  // namespace crier::load
