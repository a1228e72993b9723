// The seed guide (../shared/seed/mattermost-dokos-guide.md, French) as test data: its Incoming
// Webhook URL (section 2) and its notification on Issue (sections 3 and 4.3, the message exactly
// as the guide writes it), and the text that message renders to for a given Issue.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace crier::testing {

// Section 4.3, as the guide writes it.
inline constexpr const char* kGuideMessage =
    "*Nouveau ticket*\n\nNouvelle demande n° {{ doc.name }}.\n\n*Détails*\n\n"
    "• Client : {{ doc.customer }}\n• Sujet : {{ doc.subject }}\n"
    "• Message : {{ doc.description }}";

// Section 2: the webhook "Tickets Mattermost" at `url`, with the empty optional fields the web
// form sends.
inline nlohmann::json GuideWebhook(const std::string& url) {
  return {{"webhook_name", "Tickets Mattermost"},
          {"service", "Mattermost"},
          {"webhook_url", url},
          {"headers", ""},
          {"body_template", ""},
          {"rate_limit", ""}};
}

// Sections 3 and 4: "Nouveau ticket", on new Issues whose status is Open, to that webhook.
inline nlohmann::json GuideNotification() {
  return {{"name", "Nouveau ticket"},
          {"enabled", 1},
          {"channel", "External Collaboration Tool"},
          {"incoming_webhook_url", "Tickets Mattermost"},
          {"subject", "Nouveau ticket {{ doc.name }}"},
          {"document_type", "Issue"},
          {"event", "New"},
          {"condition", "doc.status==\"Open\""},
          {"message", kGuideMessage}};
}

// kGuideMessage rendered for `issue` (a stored Issue).
inline std::string GuideText(const nlohmann::json& issue) {
  return "*Nouveau ticket*\n\nNouvelle demande n° " + issue["name"].get<std::string>() +
         ".\n\n*Détails*\n\n• Client : " + issue["customer"].get<std::string>() +
         "\n• Sujet : " + issue["subject"].get<std::string>() +
         "\n• Message : " + issue["description"].get<std::string>();
}

}  // namespace crier::testing
