// Rendering a notification's subject and message for one document, shared by sending, previewing
// and testing so that all three show the same text.
#pragma once

#include <string>

#include "base/status.h"
#include "rules/compiled_notification.h"
#include "value/context.h"

namespace crier::rules {

struct Rendered {
  std::string subject;  // Rendered when it holds '{', else as written (Frappe's rule).
  std::string message;
};

// Renders the subject, then the message, with `context` (whose `alert` is this notification).
// kUnprocessable naming the field ("subject" or "message"), with line and column, on failure.
Result<Rendered> Render(const CompiledNotification& notification, const value::Context& context);

// Each text on its own, for the preview (which shows one even when the other fails).
Result<std::string> RenderSubject(const CompiledNotification& notification,
                                  const value::Context& context);
Result<std::string> RenderMessage(const CompiledNotification& notification,
                                  const value::Context& context);

}  // namespace crier::rules
