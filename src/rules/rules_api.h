// The notification engine's API methods (docs/api.md, "Notifications"):
//   notification.validate, notification.preview, notification.send_test, notification.send,
//   notification.documents_for_today   (System Manager)
//   events.ingest                      (create and write permission on the DocType)
//   notification_log.unread_count, notification_log.mark_read   (the caller's own bell)
#pragma once

#include "api/api.h"
#include "channels/email/email.h"
#include "delivery/http_sender.h"
#include "rules/rules_engine.h"

namespace crier::rules {

// `http` and `mail` send notification.send_test's messages; everything must outlive the Api.
void AddRulesMethods(Api& api, RulesEngine& engine, HttpSender& http, MailSender& mail);

// The parts, one file each.
void AddNotificationMethods(Api& api, RulesEngine& engine, HttpSender& http, MailSender& mail);
void AddIngestMethod(Api& api, RulesEngine& engine);
void AddNotificationLogMethods(Api& api, RulesEngine& engine);

}  // namespace crier::rules
