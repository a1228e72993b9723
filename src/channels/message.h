// What a channel turns into a request: one message (or one part of a split message) and the
// installation-wide settings every payload may need (site URL, app name and logo).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace crier {

class TemplateRenderer;

struct ChatMessage {
  std::string text;     // The rendered message (Markdown or the service's dialect), one part.
  std::string subject;  // The rendered subject; most chat services do not use it.
  // Absolute link to the document (DocumentUrl), or "" for none. Channels add it only when the
  // webhook's show_document_link is on; a split message carries it on its last part only.
  std::string doc_url;
  std::string reference_doctype;
  std::string reference_name;
  std::string notification;  // The Notification that produced it ("" for test messages).
  nlohmann::json doc;        // The document, for Generic body templates (null when unknown).
  int part = 1;              // 1-based index of this part and how many there are.
  int parts = 1;
};

struct ChannelEnv {
  std::string base_url = "http://127.0.0.1:8000";  // --base-url; document links start with it.
  std::string app_name = "crier";                  // Discord's username, like Dokos' app_name.
  std::string app_logo_url;                    // Absolute; "" means base_url + kDefaultLogoPath.
  const TemplateRenderer* renderer = nullptr;  // For Generic webhooks; not owned.

  // The logo URL to send: app_logo_url, or base_url + kDefaultLogoPath.
  std::string LogoUrl() const;
};

inline constexpr const char* kDefaultLogoPath = "/assets/crier-logo.png";

}  // namespace crier
