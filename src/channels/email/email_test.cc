// The e-mail channel against a real SMTP server (Debian's aiosmtpd, started by the test on a free
// loopback port; tests/smtp/smtp_server.py), which parses what it receives with Python's email
// package as the reference reader.
#include "channels/email/email.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "subprocess.h"
#include "tls_files.h"

namespace crier {
namespace {

using nlohmann::json;

TEST(ClassifySmtpTest, Table) {
  using F = SmtpResult::Failure;
  struct Case {
    SmtpResult result;
    Verdict verdict;
    Reason reason;
  } cases[] = {
      {{F::kNone, 250, "accepted"}, Verdict::kDelivered, Reason::kDelivered},
      {{F::kReply, 421, "service not available"}, Verdict::kRetry, Reason::kServerError},
      {{F::kReply, 451, "try again"}, Verdict::kRetry, Reason::kServerError},
      {{F::kReply, 452, "insufficient storage"}, Verdict::kRetry, Reason::kServerError},
      {{F::kReply, 550, "no such user"}, Verdict::kFailed, Reason::kRejected},
      {{F::kReply, 554, "transaction failed"}, Verdict::kFailed, Reason::kRejected},
      {{F::kReply, 552, "too big"}, Verdict::kFailed, Reason::kTooLarge},
      {{F::kAuth, 535, "bad credentials"}, Verdict::kFailed, Reason::kUnauthorized},
      {{F::kAuth, 0, "login denied"}, Verdict::kFailed, Reason::kUnauthorized},
      {{F::kConnect, 0, "refused"}, Verdict::kRetry, Reason::kConnection},
      {{F::kTimeout, 0, "timed out"}, Verdict::kRetry, Reason::kTimeout},
      {{F::kTls, 0, "certificate"}, Verdict::kRetry, Reason::kTls},
      {{F::kInvalid, 0, "bad message"}, Verdict::kFailed, Reason::kInvalidRequest},
  };
  for (const Case& c : cases) {
    Outcome o = ClassifySmtp(c.result);
    EXPECT_EQ(o.verdict, c.verdict) << c.result.message;
    EXPECT_EQ(o.reason, c.reason) << c.result.message;
  }
}

std::string PythonWithAiosmtpd() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    std::string cmd = std::string(python) + " -c 'import aiosmtpd' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return python;
  }
  return "";
}

class SmtpServer {
 public:
  SmtpServer(const std::string& mode, const testing::TlsFiles* tls, const std::string& user = "",
             const std::string& password = "") {
    std::string python = PythonWithAiosmtpd();
    const char* source = std::getenv("CRIER_SOURCE_DIR");
    if (python.empty() || source == nullptr) return;
    char tmpl[] = "/tmp/crier-smtp-XXXXXX";
    dir_ = mkdtemp(tmpl);
    log_ = dir_ + "/server.log";
    std::vector<std::string> argv = {python, std::string(source) + "/tests/smtp/smtp_server.py",
                                     dir_, "--mode", mode};
    if (tls != nullptr) argv.insert(argv.end(), {"--cert", tls->cert(), "--key", tls->key()});
    if (!user.empty()) argv.insert(argv.end(), {"--user", user, "--password", password});
    process_ = testing::Subprocess::Start(argv, log_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (process_ != nullptr && std::chrono::steady_clock::now() < deadline) {
      std::string log = testing::ReadFile(log_);
      if (size_t at = log.find("port ");
          at != std::string::npos && log.find('\n', at) != log.npos) {
        port_ = std::stoi(log.substr(at + 5));
        return;
      }
      if (!process_->Running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // Polling the server's start.
    }
    process_.reset();
  }
  ~SmtpServer() {
    process_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  bool ok() const { return port_ != 0; }
  int port() const { return port_; }
  std::string log() const { return testing::ReadFile(log_); }

  // The messages received so far, in order.
  std::vector<json> Messages() const {
    std::vector<json> out;
    for (int i = 1;; ++i) {
      std::string text = testing::ReadFile(dir_ + "/" + std::to_string(i) + ".json");
      if (text.empty()) break;
      out.push_back(json::parse(text));
    }
    return out;
  }

 private:
  std::string dir_, log_;
  int port_ = 0;
  std::unique_ptr<testing::Subprocess> process_;
};

class EmailTest : public ::testing::Test {
 protected:
  EmailAccount Account(int port, SmtpSecurity security, bool auth) {
    EmailAccount a;
    a.name = "Notifications";
    a.email_id = "noreply@example.com";
    a.sender_name = "Crier Notifications";
    a.smtp_server = "localhost";
    a.smtp_port = port;
    a.security = security;
    a.authenticate = auth;
    a.login = "crier";
    a.password = "s3cret-pa55";
    return a;
  }

  EmailMessage Message() {
    EmailMessage m;
    m.from_name = "Crier Notifications";
    m.from_address = "noreply@example.com";
    m.to = {"ada@example.com", "bob@example.com"};
    m.cc = {"carol@example.com"};
    m.bcc = {"audit@example.com"};
    m.subject = "Réunion: état ✓";
    m.markdown =
        "Issue **ISS-0001** ~~closed~~ reopened\n.hidden dot line\n\n| a | b |\n|---|---|\n| 1 | 2 "
        "|\n\nSee https://erp.example.com/app/issue/ISS-0001\n" +
        std::string(1500, 'x') + "\n";
    return m;
  }

  Outcome Send(const EmailAccount& account, const EmailMessage& message,
               const std::string& ca_file) {
    SmtpOptions options;
    options.ca_file = ca_file;
    options.total_timeout = std::chrono::seconds(20);
    SmtpMailSender sender(options, clock_, [] { return std::string("f00dfeed"); });
    return sender.Send(account, message);
  }

  testing::TlsFiles tls_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1795510800))};
};

#define REQUIRE_SERVER(server)                                                              \
  if (!(server).ok()) {                                                                     \
    GTEST_SKIP() << "python3-aiosmtpd (Debian, test profile) is missing or did not start: " \
                 << (server).log();                                                         \
  }

TEST_F(EmailTest, PlainSmtpDeliversAWellFormedMessage) {
  SmtpServer server("plain", nullptr);
  REQUIRE_SERVER(server);
  Outcome o = Send(Account(server.port(), SmtpSecurity::kNone, false), Message(), "");
  ASSERT_EQ(o.verdict, Verdict::kDelivered) << o.detail;
  auto messages = server.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const json& m = messages[0];
  EXPECT_EQ(m["mail_from"], "noreply@example.com");
  EXPECT_EQ(m["rcpt_tos"],
            json({"ada@example.com", "bob@example.com", "carol@example.com", "audit@example.com"}));
  EXPECT_EQ(m["headers"]["Subject"], "Réunion: état ✓");
  EXPECT_EQ(m["headers"]["From"], "Crier Notifications <noreply@example.com>");
  EXPECT_EQ(m["headers"]["To"], "ada@example.com, bob@example.com");
  EXPECT_FALSE(m["headers"].contains("Bcc"));
  EXPECT_EQ(m["headers"]["Date"], "Tue, 24 Nov 2026 09:00:00 +0000");
  EXPECT_EQ(m["content_type"], "multipart/alternative");
  EXPECT_TRUE(m["defects"].empty()) << m["defects"];
  EXPECT_EQ(m["long_lines"], 0);
  // Text parts travel with CRLF line ends (RFC 5322); compare with LF.
  auto lf = [](std::string s) {
    for (size_t at; (at = s.find("\r\n")) != std::string::npos;) s.erase(at, 1);
    return s;
  };
  std::string text = lf(m["text"]);
  std::string html = lf(m["html"]);
  EXPECT_NE(text.find("Issue **ISS-0001** ~~closed~~ reopened\n.hidden dot line"),
            std::string::npos)
      << json(text.substr(0, 80)).dump();
  EXPECT_NE(text.find(std::string(1500, 'x')), std::string::npos);
  EXPECT_NE(html.find("<strong>ISS-0001</strong>"), std::string::npos) << html;
  EXPECT_NE(html.find("<del>closed</del>"), std::string::npos);
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://erp.example.com/app/issue/ISS-0001\">"),
            std::string::npos);
}

TEST_F(EmailTest, StartTlsWithAuthentication) {
  SmtpServer server("starttls", &tls_, "crier", "s3cret-pa55");
  REQUIRE_SERVER(server);
  Outcome o = Send(Account(server.port(), SmtpSecurity::kStartTls, true), Message(), tls_.cert());
  ASSERT_EQ(o.verdict, Verdict::kDelivered) << o.detail;
  auto messages = server.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], true);
  EXPECT_EQ(messages[0]["auth"], "crier");
}

TEST_F(EmailTest, ImplicitTlsWithAuthentication) {
  SmtpServer server("ssl", &tls_, "crier", "s3cret-pa55");
  REQUIRE_SERVER(server);
  Outcome o = Send(Account(server.port(), SmtpSecurity::kImplicit, true), Message(), tls_.cert());
  ASSERT_EQ(o.verdict, Verdict::kDelivered) << o.detail;
  ASSERT_EQ(server.Messages().size(), 1u);
  EXPECT_EQ(server.Messages()[0]["tls"], true);
}

TEST_F(EmailTest, WrongPasswordFailsForGoodWithoutShowingIt) {
  SmtpServer server("starttls", &tls_, "crier", "the-right-one");
  REQUIRE_SERVER(server);
  Outcome o = Send(Account(server.port(), SmtpSecurity::kStartTls, true), Message(), tls_.cert());
  EXPECT_EQ(o.verdict, Verdict::kFailed) << o.detail;
  EXPECT_EQ(o.reason, Reason::kUnauthorized) << o.detail;
  EXPECT_EQ(o.detail.find("s3cret-pa55"), std::string::npos);
  EXPECT_TRUE(server.Messages().empty());
}

TEST_F(EmailTest, UntrustedCertificateAndMissingStartTlsAreTlsFailures) {
  SmtpServer tls_server("starttls", &tls_, "crier", "s3cret-pa55");
  REQUIRE_SERVER(tls_server);
  Outcome untrusted =
      Send(Account(tls_server.port(), SmtpSecurity::kStartTls, true), Message(), "");
  EXPECT_EQ(untrusted.verdict, Verdict::kRetry) << untrusted.detail;
  EXPECT_EQ(untrusted.reason, Reason::kTls) << untrusted.detail;

  SmtpServer plain("plain", nullptr);
  REQUIRE_SERVER(plain);
  // The account requires STARTTLS; the server does not offer it: nothing is sent in clear.
  Outcome no_tls = Send(Account(plain.port(), SmtpSecurity::kStartTls, false), Message(), "");
  EXPECT_EQ(no_tls.reason, Reason::kTls) << no_tls.detail;
  EXPECT_TRUE(plain.Messages().empty());
}

TEST_F(EmailTest, RefusedRecipientsAreClassifiedByReplyCode) {
  SmtpServer server("plain", nullptr);
  REQUIRE_SERVER(server);
  EmailMessage rejected = Message();
  rejected.to = {"reject@example.com"};
  rejected.cc.clear();
  rejected.bcc.clear();
  Outcome o = Send(Account(server.port(), SmtpSecurity::kNone, false), rejected, "");
  EXPECT_EQ(o.verdict, Verdict::kFailed) << o.detail;
  EXPECT_EQ(o.reason, Reason::kRejected);
  EXPECT_EQ(o.http_status, 550);

  EmailMessage later = rejected;
  later.to = {"tempfail@example.com"};
  o = Send(Account(server.port(), SmtpSecurity::kNone, false), later, "");
  EXPECT_EQ(o.verdict, Verdict::kRetry) << o.detail;
  EXPECT_EQ(o.http_status, 451);
  EXPECT_TRUE(server.Messages().empty());
}

TEST_F(EmailTest, NoServerIsAConnectionRetry) {
  uint16_t port = testing::FreeLoopbackPort();
  Outcome o = Send(Account(port, SmtpSecurity::kNone, false), Message(), "");
  EXPECT_EQ(o.verdict, Verdict::kRetry) << o.detail;
  EXPECT_EQ(o.reason, Reason::kConnection);
}

}  // namespace
}  // namespace crier
