// The e-mail channel: an EmailMessage submitted over SMTP with an Email Account's settings (TLS
// from the start, STARTTLS, or plain; with or without authentication), through libcurl. SMTP
// replies are classified like HTTP answers: 4xx is transient (retry), 5xx permanent, connection
// and TLS failures transient.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "base/clock.h"
#include "channels/email/email_account.h"
#include "channels/email/mime.h"
#include "channels/outcome.h"

namespace crier {

// How an SMTP submission ended, as far as the classification needs.
struct SmtpResult {
  enum class Failure { kNone, kConnect, kTimeout, kTls, kAuth, kReply, kInvalid, kOther };
  Failure failure = Failure::kNone;
  int reply_code = 0;   // The server's last reply code, 0 when none.
  std::string message;  // The transport's words (may name the server; never the password).
};

// SMTP's classification (RFC 5321 4.2.1): success delivered; 4xx retry (server_error); 5xx failed
// (535/534/530 unauthorized, 552 too_large, others rejected); no reply: connect and other
// failures retry (connection), timeouts retry (timeout), TLS failures retry (tls), refused
// authentication fails (unauthorized), a message that cannot be built fails (invalid_request).
Outcome ClassifySmtp(const SmtpResult& result);

// Sends e-mail. Implementations are thread-safe; Send blocks until the server's final answer.
class MailSender {
 public:
  virtual ~MailSender() = default;
  virtual Outcome Send(const EmailAccount& account, const EmailMessage& message) = 0;
};

struct SmtpOptions {
  Micros connect_timeout = std::chrono::seconds(10);
  Micros total_timeout = std::chrono::seconds(60);
  std::string ca_file;  // PEM bundle to trust instead of the system's ("" for the system's).
  std::string helo_name = "crier";  // The name given in EHLO.
};

// MailSender over libcurl's SMTP: the message is built with BuildMime (Date from `clock`, ids from
// `unique_id`), TLS certificates are verified, and the password never appears in an outcome.
class SmtpMailSender final : public MailSender {
 public:
  SmtpMailSender(SmtpOptions options, const Clock& clock, std::function<std::string()> unique_id);
  Outcome Send(const EmailAccount& account, const EmailMessage& message) override;

 private:
  const SmtpOptions options_;
  const Clock& clock_;
  std::function<std::string()> unique_id_;
};

}  // namespace crier
