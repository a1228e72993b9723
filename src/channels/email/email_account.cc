// Reading Email Account documents.
#include "channels/email/email_account.h"

#include <fmt/format.h>

namespace crier {
namespace {

using nlohmann::json;

std::string Str(const json& doc, const char* field) {
  auto it = doc.find(field);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<bool> Check(const json& doc, const char* field) {
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<long long>() != 0;
  if (it->is_string() && (*it == "0" || *it == "1" || *it == "")) return *it == "1";
  return InvalidArgument(fmt::format("{} must be 0 or 1", field), field);
}

bool PlausibleAddress(std::string_view address) {
  size_t at = address.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos;
}

}  // namespace

int EmailAccount::Port() const {
  if (smtp_port > 0) return smtp_port;
  switch (security) {
    case SmtpSecurity::kImplicit:
      return 465;
    case SmtpSecurity::kStartTls:
      return 587;
    case SmtpSecurity::kNone:
      return 25;
  }
  return 25;
}

std::string EmailAccount::Url() const {
  return fmt::format("{}://{}:{}", security == SmtpSecurity::kImplicit ? "smtps" : "smtp",
                     smtp_server, Port());
}

Result<EmailAccount> EmailAccountFromDoc(const json& doc) {
  if (!doc.is_object()) return InvalidArgument("an Email Account must be a JSON object");
  EmailAccount a;
  a.name = Str(doc, "email_account_name");
  if (a.name.empty()) a.name = Str(doc, "name");
  a.email_id = Str(doc, "email_id");
  if (!PlausibleAddress(a.email_id)) {
    return InvalidArgument("email_id must be an e-mail address", "email_id");
  }
  a.sender_name = Str(doc, "sender_name");
  if (a.sender_name.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("sender_name must be one line", "sender_name");
  }
  a.smtp_server = Str(doc, "smtp_server");
  if (a.smtp_server.empty() || a.smtp_server.find_first_of(" /:@\r\n") != std::string::npos) {
    return InvalidArgument("smtp_server must be a host name", "smtp_server");
  }
  auto port = doc.find("smtp_port");
  if (port != doc.end() && !port->is_null() &&
      !(port->is_string() && port->get<std::string>().empty())) {
    long long p = 0;
    if (port->is_number_integer()) {
      p = port->get<long long>();
    } else if (port->is_string()) {
      try {
        p = std::stoll(port->get<std::string>());
      } catch (...) {
        p = -1;
      }
    } else {
      p = -1;
    }
    if (p <= 0 || p > 65535) return InvalidArgument("smtp_port must be 1..65535", "smtp_port");
    a.smtp_port = static_cast<int>(p);
  }
  CRIER_ASSIGN_OR_RETURN(bool use_tls, Check(doc, "use_tls"));
  CRIER_ASSIGN_OR_RETURN(bool use_ssl, Check(doc, "use_ssl_for_outgoing"));
  if (!use_ssl) {
    CRIER_ASSIGN_OR_RETURN(use_ssl, Check(doc, "use_ssl"));
  }
  if (use_tls && use_ssl) {
    return InvalidArgument("use_tls (STARTTLS) and use_ssl (implicit TLS) exclude each other",
                           "use_tls");
  }
  a.security = use_ssl   ? SmtpSecurity::kImplicit
               : use_tls ? SmtpSecurity::kStartTls
                         : SmtpSecurity::kNone;
  CRIER_ASSIGN_OR_RETURN(bool no_auth, Check(doc, "no_smtp_authentication"));
  a.authenticate = !no_auth;
  CRIER_ASSIGN_OR_RETURN(bool login_differs, Check(doc, "login_id_is_different"));
  a.login = login_differs ? Str(doc, "login_id") : a.email_id;
  a.password = Str(doc, "password");
  if (a.authenticate && (a.login.empty() || a.password.empty())) {
    return InvalidArgument(
        "SMTP authentication needs a login and a password (or set no_smtp_authentication)",
        a.login.empty() ? "login_id" : "password");
  }
  return a;
}

Redactor AccountRedactor(const EmailAccount& account) {
  Redactor r;
  r.AddSecret(account.password);
  return r;
}

}  // namespace crier
