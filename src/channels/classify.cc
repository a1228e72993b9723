// Shared HTTP answer classification.
#include "channels/classify.h"

#include <fmt/format.h>

#include "channels/retry_after.h"

namespace crier {
namespace {

Outcome Make(Verdict verdict, Reason reason, int status) {
  Outcome o;
  o.verdict = verdict;
  o.reason = reason;
  o.http_status = status;
  return o;
}

Outcome ClassifyTransport(const HttpResponse& r) {
  Reason reason = Reason::kConnection;
  Verdict verdict = Verdict::kRetry;
  switch (r.error) {
    case TransportError::kTimeout:
      reason = Reason::kTimeout;
      break;
    case TransportError::kTls:
      reason = Reason::kTls;
      break;
    case TransportError::kInvalidUrl:
      reason = Reason::kInvalidRequest;
      verdict = Verdict::kFailed;
      break;
    default:
      break;
  }
  Outcome o = Make(verdict, reason, 0);
  o.detail = fmt::format("{}: {}", TransportErrorName(r.error), OneLine(r.error_message));
  return o;
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 425:
      return "Too Early";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::string OneLine(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ') {
      if (space || out.empty()) continue;
      space = true;
    } else {
      space = false;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() <= max_bytes) return out;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "...";
  return out;
}

std::string StatusDetail(int status, std::string_view body) {
  std::string summary = OneLine(body);
  if (summary.empty()) summary = std::string(ReasonPhrase(status));
  return fmt::format("{}: {}", status, summary);
}

Outcome InvalidRequest(std::string detail) {
  Outcome o = Make(Verdict::kFailed, Reason::kInvalidRequest, 0);
  o.detail = std::move(detail);
  return o;
}

Outcome ClassifyHttp(const HttpResponse& r, TimePoint now, bool success) {
  if (r.error != TransportError::kNone) return ClassifyTransport(r);
  const int s = r.status;
  Outcome o;
  if (success) {
    o = Make(Verdict::kDelivered, Reason::kDelivered, s);
  } else if (s == 429) {
    o = Make(Verdict::kRetry, Reason::kRateLimited, s);
  } else if (s >= 500 || s == 408 || s == 425) {
    o = Make(Verdict::kRetry, Reason::kServerError, s);
  } else if (s >= 200 && s < 300) {
    o = Make(Verdict::kFailed, Reason::kUnexpectedAnswer, s);
  } else if (s >= 300 && s < 400) {
    o = Make(Verdict::kFailed, Reason::kRedirect, s);
  } else if (s == 404 || s == 410) {
    o = Make(Verdict::kFailed, Reason::kGone, s);
  } else if (s == 401 || s == 403) {
    o = Make(Verdict::kFailed, Reason::kUnauthorized, s);
  } else if (s == 413) {
    o = Make(Verdict::kFailed, Reason::kTooLarge, s);
  } else if (s >= 400 && s < 500) {
    o = Make(Verdict::kFailed, Reason::kRejected, s);
  } else {
    o = Make(Verdict::kFailed, Reason::kUnexpectedAnswer, s);
  }
  if (o.verdict == Verdict::kRetry) o.retry_after = ServiceRetryAfter(r, now);
  o.detail = StatusDetail(s, r.body);
  o.latency = r.latency;
  return o;
}

}  // namespace crier
