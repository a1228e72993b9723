// Rendering subjects and messages.
#include "rules/rendered.h"

namespace crier::rules {

Result<std::string> RenderSubject(const CompiledNotification& notification,
                                  const value::Context& context) {
  if (!notification.subject()) return notification.spec().subject;
  auto out = notification.subject()->Render(context);
  if (!out.ok()) return FromEngine("subject", "Subject", out.error()).ToStatus();
  return std::move(out).value();
}

Result<std::string> RenderMessage(const CompiledNotification& notification,
                                  const value::Context& context) {
  if (!notification.message()) {
    return Status(StatusCode::kUnprocessable, "Message: the template does not compile", "message");
  }
  auto out = notification.message()->Render(context);
  if (!out.ok()) return FromEngine("message", "Message", out.error()).ToStatus();
  return std::move(out).value();
}

Result<Rendered> Render(const CompiledNotification& notification, const value::Context& context) {
  Rendered r;
  CRIER_ASSIGN_OR_RETURN(r.subject, RenderSubject(notification, context));
  CRIER_ASSIGN_OR_RETURN(r.message, RenderMessage(notification, context));
  return r;
}

}  // namespace crier::rules
