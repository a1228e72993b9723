// Reading a Notification document.
#include "rules/notification_spec.h"

#include <array>

namespace crier::rules {
namespace {

constexpr std::array<std::string_view, kEventCount> kEventNames = {
    "New",           "Save",           "Submit",       "Cancel", "Days After", "Days Before",
    "Minutes After", "Minutes Before", "Value Change", "Method", "Custom"};

std::string Text(const Json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number()) return it->dump();
  return {};
}

long long Integer(const Json& doc, const char* key, long long fallback) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>() ? 1 : 0;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number()) return static_cast<long long>(it->get<double>());
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (...) {
      return fallback;
    }
  }
  return fallback;
}

}  // namespace

ChannelKind ParseChannel(std::string_view text) {
  if (text == "Email") return ChannelKind::kEmail;
  if (text == "External Collaboration Tool" || text == "Slack" || text == "Webhook") {
    return ChannelKind::kChat;
  }
  if (text == "System Notification") return ChannelKind::kSystemNotification;
  return ChannelKind::kUnknown;
}

std::string_view ChannelName(ChannelKind channel) {
  switch (channel) {
    case ChannelKind::kEmail:
      return "Email";
    case ChannelKind::kChat:
      return "External Collaboration Tool";
    case ChannelKind::kSystemNotification:
      return "System Notification";
    case ChannelKind::kUnknown:
      break;
  }
  return "?";
}

std::optional<Event> ParseEvent(std::string_view text) {
  for (size_t i = 0; i < kEventNames.size(); ++i) {
    if (kEventNames[i] == text) return static_cast<Event>(i);
  }
  return std::nullopt;
}

std::string_view EventName(Event event) {
  return kEventNames[static_cast<size_t>(event)];
}

bool IsDaysEvent(Event event) {
  return event == Event::kDaysAfter || event == Event::kDaysBefore;
}

bool IsMinutesEvent(Event event) {
  return event == Event::kMinutesAfter || event == Event::kMinutesBefore;
}

bool IsScheduledEvent(Event event) {
  return IsDaysEvent(event) || IsMinutesEvent(event);
}

bool NeedsRendering(std::string_view text) {
  return text.find('{') != std::string_view::npos;
}

NotificationSpec SpecFromDoc(const Json& doc) {
  NotificationSpec s;
  if (!doc.is_object()) return s;
  s.doc = doc;
  s.name = Text(doc, "name");
  s.enabled = Integer(doc, "enabled", 1) != 0;
  s.channel_text = Text(doc, "channel");
  if (s.channel_text.empty()) s.channel_text = "Email";
  s.channel = ParseChannel(s.channel_text);
  for (const char* field :
       {"incoming_webhook_url", "notification_webhook_url", "slack_webhook_url"}) {
    std::string w = Text(doc, field);
    if (!w.empty()) {
      s.webhook = std::move(w);
      s.webhook_field = field;
      break;
    }
  }
  s.document_type = Text(doc, "document_type");
  s.event_text = Text(doc, "event");
  s.event = ParseEvent(s.event_text);
  s.method = Text(doc, "method");
  s.date_changed = Text(doc, "date_changed");
  s.datetime_changed = Text(doc, "datetime_changed");
  s.days_in_advance = Integer(doc, "days_in_advance", 0);
  s.minutes_offset = Integer(doc, "minutes_offset", 0);
  s.datetime_last_run = Text(doc, "datetime_last_run");
  s.value_changed = Text(doc, "value_changed");
  s.sender = Text(doc, "sender");
  s.send_system_notification = Integer(doc, "send_system_notification", 0) != 0;
  s.condition = Text(doc, "condition");
  s.subject = Text(doc, "subject");
  s.message = doc.contains("message") ? Text(doc, "message") : "Add your message here";
  s.set_property_after_alert = Text(doc, "set_property_after_alert");
  s.property_value = Text(doc, "property_value");
  s.undefined = Text(doc, "undefined_mode") == "debug" ? value::UndefinedKind::kDebug
                                                       : value::UndefinedKind::kDefault;
  auto rows = doc.find("recipients");
  if (rows != doc.end() && rows->is_array()) {
    for (const Json& r : *rows) {
      if (!r.is_object()) continue;
      s.recipients.push_back({Text(r, "receiver_by_document_field"), Text(r, "receiver_by_role"),
                              Text(r, "cc"), Text(r, "bcc"), Text(r, "condition")});
    }
  }
  return s;
}

}  // namespace crier::rules
