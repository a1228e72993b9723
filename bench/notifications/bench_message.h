// The message the notification benchmarks' matching notifications produce for one Issue, as the
// engine renders it (the template is in engine_insert.cc and setup_notifications.py): what the
// floor levels store without running the engine.
#pragma once

#include <fmt/format.h>

#include <string>

#include "channels/document_url.h"
#include "channels/message.h"

namespace crier::bench {

// Notification number `notification` ("bench 000"...) on the Issue `name` whose subject is
// `subject`, linked from `base_url`.
inline ChatMessage RenderedMessage(const std::string& base_url, const std::string& name,
                                   const std::string& subject, int notification) {
  ChatMessage m;
  m.subject = "Nouveau ticket " + name;
  m.text = fmt::format(
      "*Nouveau ticket*\n\nNouvelle demande n° {}.\n\n*Détails*\n\n• Client : ACME\n"
      "• Sujet : {}\n• Message : An issue created by the load test",
      name, subject);
  m.doc_url = DocumentUrl(base_url, "Issue", name);
  m.reference_doctype = "Issue";
  m.reference_name = name;
  m.notification = fmt::format("bench {:03}", notification);
  return m;
}

}  // namespace crier::bench
