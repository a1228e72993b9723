// "Test this notification" (Dokos' send_test_notification, the seed guide's section 5), done
// right: for a chosen document, skipping event and condition, the message is sent for real and
// synchronously (chat webhooks through SendNow, e-mail through the MailSender), outside any
// transaction, and the answer is each target's real outcome: never a success that did not
// happen. Then, in one transaction, the system notification is created and the property set, as
// the notification would do.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "channels/email/email.h"
#include "delivery/http_sender.h"
#include "rules/runner.h"
#include "store/store.h"

namespace crier::rules {

struct SendTestInputs {
  Store& store;
  NotificationRunner& runner;  // Its documents, env and clock are used too.
  HttpSender& http;
  MailSender& mail;
  const nlohmann::json& notification;  // The stored Notification document.
  std::string document;                // A name of the notification's DocType.
  WriteOptions options;                // Who is testing.
};

// {"deliveries": [{"target", "channel", "delivered", ...}], "property_set", "error_logs"}: one
// entry per target, the channel's first. For a webhook: SendResult::ToJson() plus target,
// channel and service; for e-mail: the SMTP outcome and the recipients; for the bell: the
// Notification Logs created. Errors: kNotFound for a missing document, the compile or render
// error (422, with field, line and column) when the notification cannot produce its message.
Result<nlohmann::json> SendTest(const SendTestInputs& in);

}  // namespace crier::rules
