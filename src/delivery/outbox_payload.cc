// Outbox payloads, both ways.
#include "delivery/outbox_payload.h"

#include <fmt/format.h>

#include "delivery/enqueue.h"

namespace crier {
namespace {

Status Bad(const OutboxMessage& row, const char* key, const char* what) {
  return InvalidArgument(fmt::format("outbox row {}: payload key \"{}\" {}", row.id, key, what),
                         key);
}

Result<std::string> Text(const OutboxMessage& row, const Json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Bad(row, key, "is missing");
    return std::string();
  }
  if (!it->is_string()) return Bad(row, key, "must be a string");
  return it->get<std::string>();
}

Result<std::vector<std::string>> Texts(const OutboxMessage& row, const Json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) return Bad(row, key, "must be a list of strings");
  for (const Json& v : *it) {
    if (!v.is_string()) return Bad(row, key, "must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<int> Count(const OutboxMessage& row, const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 1;
  if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > 1'000'000) {
    return Bad(row, key, "must be a positive integer");
  }
  return it->get<int>();
}

}  // namespace

Json ChatPayload(const std::string& webhook, const ChatMessage& part, bool keep_doc) {
  Json payload = {{"webhook", webhook},
                  {"text", part.text},
                  {"subject", part.subject},
                  {"doc_url", part.doc_url},
                  {"reference_doctype", part.reference_doctype},
                  {"reference_name", part.reference_name},
                  {"notification", part.notification},
                  {"part", part.part},
                  {"parts", part.parts}};
  if (keep_doc && !part.doc.is_null()) payload["doc"] = part.doc;
  return payload;
}

Json EmailPayload(const std::string& account, const EmailDelivery& email) {
  return {{"account", account},
          {"recipients", email.recipients},
          {"cc", email.cc},
          {"bcc", email.bcc},
          {"subject", email.subject},
          {"message", email.message},
          {"reference_doctype", email.reference_doctype},
          {"reference_name", email.reference_name},
          {"notification", email.notification}};
}

Result<QueuedMessage> ReadPayload(const OutboxMessage& row) {
  Json j = Json::parse(row.payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument(fmt::format("outbox row {}: the payload is not a JSON object", row.id),
                           "payload");
  }
  QueuedMessage m;
  if (row.channel == kEmailChannel) {
    m.email = true;
    EmailDelivery& e = m.mail;
    CRIER_ASSIGN_OR_RETURN(m.target, Text(row, j, "account", true));
    e.account = m.target;
    CRIER_ASSIGN_OR_RETURN(e.recipients, Texts(row, j, "recipients"));
    CRIER_ASSIGN_OR_RETURN(e.cc, Texts(row, j, "cc"));
    CRIER_ASSIGN_OR_RETURN(e.bcc, Texts(row, j, "bcc"));
    CRIER_ASSIGN_OR_RETURN(e.subject, Text(row, j, "subject", false));
    CRIER_ASSIGN_OR_RETURN(e.message, Text(row, j, "message", false));
    CRIER_ASSIGN_OR_RETURN(e.reference_doctype, Text(row, j, "reference_doctype", false));
    CRIER_ASSIGN_OR_RETURN(e.reference_name, Text(row, j, "reference_name", false));
    CRIER_ASSIGN_OR_RETURN(e.notification, Text(row, j, "notification", false));
    return m;
  }
  if (row.channel != kChatChannel) {
    return InvalidArgument(
        fmt::format("outbox row {}: unknown channel \"{}\"", row.id, row.channel), "channel");
  }
  ChatMessage& c = m.chat;
  CRIER_ASSIGN_OR_RETURN(m.target, Text(row, j, "webhook", true));
  CRIER_ASSIGN_OR_RETURN(c.text, Text(row, j, "text", true));
  CRIER_ASSIGN_OR_RETURN(c.subject, Text(row, j, "subject", false));
  CRIER_ASSIGN_OR_RETURN(c.doc_url, Text(row, j, "doc_url", false));
  CRIER_ASSIGN_OR_RETURN(c.reference_doctype, Text(row, j, "reference_doctype", false));
  CRIER_ASSIGN_OR_RETURN(c.reference_name, Text(row, j, "reference_name", false));
  CRIER_ASSIGN_OR_RETURN(c.notification, Text(row, j, "notification", false));
  CRIER_ASSIGN_OR_RETURN(c.part, Count(row, j, "part"));
  CRIER_ASSIGN_OR_RETURN(c.parts, Count(row, j, "parts"));
  if (auto it = j.find("doc"); it != j.end()) c.doc = std::move(*it);
  return m;
}

}  // namespace crier
