// The notification engine on a fresh SQLite store with the built-ins, the demo Issue, the user
// Administrator (a System Manager), an Incoming Webhook URL "Tickets" (Mattermost) and a fake
// clock (2026-03-01 09:00 local): the
// starting point of the rules unit tests, which drive writes through DocumentService and check
// what they produced.
#pragma once

#include <string>
#include <vector>

#include "model/test_env.h"
#include "rules/rules_engine.h"

namespace crier::rules {

class RulesTestEnv {
 public:
  RulesTestEnv();

  ModelTestEnv& model() { return model_; }
  RulesEngine& engine() { return engine_; }
  FakeClock& clock() { return model_.clock(); }
  Store& store() { return model_.store(); }
  DocumentService& documents() { return model_.documents(); }
  ChannelEnv& env() { return env_; }

  Result<Json> Insert(const std::string& doctype, const Json& input, const WriteOptions& o = {}) {
    return model_.Insert(doctype, input, o);
  }
  Result<Json> Update(const std::string& doctype, const std::string& name, const Json& patch,
                      const WriteOptions& o = {}) {
    return model_.Update(doctype, name, patch, o);
  }
  Result<Json> Get(const std::string& doctype, const std::string& name) {
    return model_.Get(doctype, name);
  }
  // Inserts a Notification (enabled, on Issue unless `doc` says otherwise); fails the test if the
  // save is refused.
  Json AddNotification(Json doc);
  // Documents of `doctype` matching `filters` ([field, value] pairs), oldest first.
  std::vector<Json> List(const std::string& doctype, std::vector<Filter> filters = {});
  // The outbox, oldest first.
  std::vector<OutboxMessage> Outbox();
  // The texts queued for the chat webhook, in order.
  std::vector<std::string> ChatTexts();
  std::vector<Json> ErrorLogs() { return List("Error Log"); }

 private:
  ModelTestEnv model_;
  ChannelEnv env_;
  RulesEngine engine_;
};

}  // namespace crier::rules
