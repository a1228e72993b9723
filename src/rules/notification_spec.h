// A Notification document read into plain typed values: which channel (with Frappe's and Dokos'
// aliases resolved), which event and its companion fields, the texts to compile, the recipients.
// Pure: reading a stored document never fails; checks that need the DocType or the store live in
// the validator (notification_validator.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace crier::rules {

using Json = nlohmann::json;

// Where a notification's message goes. Frappe's "Slack" and Frappe 2026's "Webhook" are the
// External Collaboration Tool of Dokos; "SMS" is not supported by crier.
enum class ChannelKind { kEmail, kChat, kSystemNotification, kUnknown };

// "Email"; "External Collaboration Tool", "Slack", "Webhook"; "System Notification". Exact
// spelling, as Frappe stores it; kUnknown for anything else.
ChannelKind ParseChannel(std::string_view text);
std::string_view ChannelName(ChannelKind channel);  // The canonical (Dokos) spelling.

enum class Event {
  kNew,
  kSave,
  kSubmit,
  kCancel,
  kDaysAfter,
  kDaysBefore,
  kMinutesAfter,
  kMinutesBefore,
  kValueChange,
  kMethod,
  kCustom,
};
inline constexpr int kEventCount = 11;

// Frappe's option text ("Days Before"...); nullopt for "" and anything unknown.
std::optional<Event> ParseEvent(std::string_view text);
std::string_view EventName(Event event);
bool IsDaysEvent(Event event);     // Days Before / Days After.
bool IsMinutesEvent(Event event);  // Minutes Before / Minutes After.
bool IsScheduledEvent(Event event);

// One `Notification Recipient` row.
struct RecipientRow {
  std::string receiver_by_document_field;  // "owner", "field", or "field,child_table".
  std::string receiver_by_role;
  std::string cc;   // One address per line or comma; Jinja when it holds '{'.
  std::string bcc;  // Same as cc.
  std::string condition;
};

struct NotificationSpec {
  std::string name;
  bool enabled = true;
  std::string channel_text;  // As stored.
  ChannelKind channel = ChannelKind::kEmail;
  // The Incoming Webhook URL: incoming_webhook_url, else notification_webhook_url, else
  // slack_webhook_url (the same link under its Dokos, Frappe 2026 and Frappe names).
  std::string webhook;
  // Which of the three fields gave `webhook` ("incoming_webhook_url" when none did), for errors.
  std::string webhook_field = "incoming_webhook_url";
  std::string document_type;
  std::string event_text;  // As stored.
  std::optional<Event> event;
  std::string method;
  std::string date_changed;
  std::string datetime_changed;
  long long days_in_advance = 0;
  long long minutes_offset = 0;
  std::string datetime_last_run;
  std::string value_changed;
  std::string sender;  // Email Account name ("" for the default outgoing one).
  bool send_system_notification = false;
  std::string condition;
  std::string subject;
  std::string message;
  std::string set_property_after_alert;
  std::string property_value;
  std::vector<RecipientRow> recipients;
  value::UndefinedKind undefined = value::UndefinedKind::kDefault;  // undefined_mode
  Json doc;  // The whole Notification, the templates' `alert`.
};

// Reads a Notification document (stored, or posted by a client and already cast). Missing and
// null fields take Frappe's defaults.
NotificationSpec SpecFromDoc(const Json& doc);

// The subject as it is sent: rendered only when it contains '{' (Frappe's rule, also for cc/bcc).
bool NeedsRendering(std::string_view text);

}  // namespace crier::rules
