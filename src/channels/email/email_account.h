// An `Email Account` as the e-mail channel needs it: where and how to submit mail over SMTP.
// Field names are Frappe's, so that an Email Account document written for Frappe/Dokos works.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/redact.h"
#include "base/status.h"

namespace crier {

enum class SmtpSecurity {
  kNone,      // Plain SMTP (port 25); only on trusted networks.
  kStartTls,  // `use_tls`: SMTP, then STARTTLS before anything else (port 587). TLS is required.
  kImplicit,  // `use_ssl_for_outgoing` (alias `use_ssl`): TLS from the first byte (port 465).
};

struct EmailAccount {
  std::string name;         // email_account_name; safe to log.
  std::string email_id;     // The sender address.
  std::string sender_name;  // Display name in From ("" for the bare address).
  std::string smtp_server;
  int smtp_port = 0;  // 0: 465 for implicit TLS, 587 for STARTTLS, 25 otherwise.
  SmtpSecurity security = SmtpSecurity::kStartTls;
  bool authenticate = true;  // false: `no_smtp_authentication`.
  std::string login;         // login_id when login_id_is_different, else email_id.
  std::string password;      // A credential: never logged.

  int Port() const;
  // "smtp://host:port" or "smtps://host:port".
  std::string Url() const;
};

// Reads an `Email Account` document: email_account_name (or name), email_id, smtp_server,
// smtp_port, use_tls, use_ssl_for_outgoing / use_ssl, no_smtp_authentication, login_id and
// login_id_is_different, password, and optionally sender_name. kInvalidArgument naming the field
// when a required field is missing or a value is malformed; the password never appears in it.
Result<EmailAccount> EmailAccountFromDoc(const nlohmann::json& doc);

// The account's secrets (password) for scrubbing texts.
Redactor AccountRedactor(const EmailAccount& account);

}  // namespace crier
