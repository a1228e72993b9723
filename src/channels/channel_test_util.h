// Shared fixtures of the per-service channel tests: a webhook, the standard message of Frappe's
// tests ("Test" about User "Test User"), and a classification shorthand.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "channels/channel.h"

namespace crier::testing {

inline const TimePoint kNow = TimePoint(std::chrono::seconds(1700000000));
inline const char* kDocUrl = "https://erp.example.com/app/user/test%40example.com";

inline Webhook HookFor(std::string service, std::string url) {
  Webhook w;
  w.name = "hook";
  w.service = std::move(service);
  w.url = std::move(url);
  return w;
}

inline ChatMessage TestMessage(std::string text = "Test") {
  ChatMessage m;
  m.text = std::move(text);
  m.doc_url = kDocUrl;
  m.reference_doctype = "User";
  m.reference_name = "test@example.com";
  return m;
}

inline nlohmann::json BodyOf(const Channel& channel, const Webhook& webhook,
                             const ChatMessage& message, const ChannelEnv& env = {}) {
  auto request = channel.BuildRequest(webhook, message, env);
  if (!request.ok()) return nullptr;
  return nlohmann::json::parse(request->body);
}

inline Outcome ClassifyStatus(const Channel& channel, const Webhook& webhook, int status,
                              std::string body, HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return ClassifyAnswer(channel, webhook, r, kNow);
}

}  // namespace crier::testing
