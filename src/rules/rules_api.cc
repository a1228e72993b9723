// Registration of the notification engine's API methods.
#include "rules/rules_api.h"

namespace crier::rules {

void AddRulesMethods(Api& api, RulesEngine& engine, HttpSender& http, MailSender& mail) {
  AddNotificationMethods(api, engine, http, mail);
  AddIngestMethod(api, engine);
  AddNotificationLogMethods(api, engine);
}

}  // namespace crier::rules
