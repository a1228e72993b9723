// SMTP submission with libcurl.
#include "channels/email/email.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "channels/classify.h"

namespace crier {
namespace {

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t n = std::min(size * count, u->data.size() - u->offset);
  std::memcpy(buffer, u->data.data() + u->offset, n);
  u->offset += n;
  return n;
}

SmtpResult::Failure FailureOf(CURLcode code) {
  using F = SmtpResult::Failure;
  switch (code) {
    case CURLE_OK:
      return F::kNone;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return F::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return F::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_USE_SSL_FAILED:
      return F::kTls;
    case CURLE_LOGIN_DENIED:
      return F::kAuth;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return F::kInvalid;
    default:
      return F::kReply;
  }
}

long Millis(Micros d) {
  return static_cast<long>(std::max<long long>(1, d.count() / 1000));
}

}  // namespace

Outcome ClassifySmtp(const SmtpResult& r) {
  using F = SmtpResult::Failure;
  Outcome o;
  o.http_status = r.reply_code;
  o.detail = r.reply_code > 0 ? fmt::format("{}: {}", r.reply_code, OneLine(r.message))
                              : OneLine(r.message);
  if (r.failure == F::kNone) {
    o.verdict = Verdict::kDelivered;
    o.reason = Reason::kDelivered;
    return o;
  }
  const int code = r.reply_code;
  if (code >= 400 && code < 500) {
    o.verdict = Verdict::kRetry;
    o.reason = Reason::kServerError;
  } else if (code >= 500 && code < 600) {
    o.verdict = Verdict::kFailed;
    o.reason = code == 530 || code == 534 || code == 535 ? Reason::kUnauthorized
               : code == 552                             ? Reason::kTooLarge
                                                         : Reason::kRejected;
  } else {
    switch (r.failure) {
      case F::kTimeout:
        o.verdict = Verdict::kRetry;
        o.reason = Reason::kTimeout;
        break;
      case F::kTls:
        o.verdict = Verdict::kRetry;
        o.reason = Reason::kTls;
        break;
      case F::kAuth:
        o.verdict = Verdict::kFailed;
        o.reason = Reason::kUnauthorized;
        break;
      case F::kInvalid:
        o.verdict = Verdict::kFailed;
        o.reason = Reason::kInvalidRequest;
        break;
      default:
        o.verdict = Verdict::kRetry;
        o.reason = Reason::kConnection;
        break;
    }
  }
  return o;
}

SmtpMailSender::SmtpMailSender(SmtpOptions options, const Clock& clock,
                               std::function<std::string()> unique_id)
    : options_(std::move(options)), clock_(clock), unique_id_(std::move(unique_id)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

Outcome SmtpMailSender::Send(const EmailAccount& account, const EmailMessage& message) {
  auto mime = BuildMime(message, clock_.Now(), unique_id_());
  if (!mime.ok()) {
    return ClassifySmtp({SmtpResult::Failure::kInvalid, 0, mime.status().message()});
  }
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return ClassifySmtp({SmtpResult::Failure::kOther, 0, "curl init failed"});
  char error[CURL_ERROR_SIZE] = {};
  std::string url = account.Url() + "/" + options_.helo_name;
  Upload upload{*mime, 0};
  curl_slist* rcpt = nullptr;
  for (const std::string& r : Recipients(message))
    rcpt = curl_slist_append(rcpt, ("<" + r + ">").c_str());
  std::string from = "<" + message.from_address + ">";

  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, Millis(options_.connect_timeout));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, Millis(options_.total_timeout));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (account.security == SmtpSecurity::kStartTls) {
    curl_easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (account.authenticate) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, account.login.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, account.password.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mime->size()));
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);

  CURLcode code = curl_easy_perform(easy);
  long reply = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &reply);
  curl_off_t total_us = 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(easy);

  SmtpResult result;
  result.failure = FailureOf(code);
  // A failure's last reply is the refusal; after success it is the final 250.
  result.reply_code = static_cast<int>(reply);
  if (code != CURLE_OK && (reply < 400 || reply >= 600)) result.reply_code = 0;
  result.message = code == CURLE_OK ? "accepted" : (error[0] ? error : curl_easy_strerror(code));
  Outcome o = ClassifySmtp(result);
  o.latency = Micros(total_us);
  o.detail = AccountRedactor(account).Scrub(o.detail);
  return o;
}

}  // namespace crier
