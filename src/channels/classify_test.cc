#include "channels/classify.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

const TimePoint kNow = TimePoint(std::chrono::seconds(1700000000));

HttpResponse Answer(int status, std::string body = "", HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

HttpResponse Broken(TransportError error, std::string message) {
  HttpResponse r;
  r.error = error;
  r.error_message = std::move(message);
  return r;
}

TEST(ClassifyHttpTest, StatusTable) {
  struct Case {
    int status;
    bool success;
    Verdict verdict;
    Reason reason;
  } cases[] = {
      {200, true, Verdict::kDelivered, Reason::kDelivered},
      {200, false, Verdict::kFailed, Reason::kUnexpectedAnswer},
      {204, false, Verdict::kFailed, Reason::kUnexpectedAnswer},
      {301, false, Verdict::kFailed, Reason::kRedirect},
      {302, false, Verdict::kFailed, Reason::kRedirect},
      {400, false, Verdict::kFailed, Reason::kRejected},
      {401, false, Verdict::kFailed, Reason::kUnauthorized},
      {403, false, Verdict::kFailed, Reason::kUnauthorized},
      {404, false, Verdict::kFailed, Reason::kGone},
      {408, false, Verdict::kRetry, Reason::kServerError},
      {410, false, Verdict::kFailed, Reason::kGone},
      {413, false, Verdict::kFailed, Reason::kTooLarge},
      {422, false, Verdict::kFailed, Reason::kRejected},
      {425, false, Verdict::kRetry, Reason::kServerError},
      {429, false, Verdict::kRetry, Reason::kRateLimited},
      {500, false, Verdict::kRetry, Reason::kServerError},
      {502, false, Verdict::kRetry, Reason::kServerError},
      {503, false, Verdict::kRetry, Reason::kServerError},
      {504, false, Verdict::kRetry, Reason::kServerError},
      {100, false, Verdict::kFailed, Reason::kUnexpectedAnswer},
  };
  for (const Case& c : cases) {
    Outcome o = ClassifyHttp(Answer(c.status), kNow, c.success);
    EXPECT_EQ(o.verdict, c.verdict) << c.status;
    EXPECT_EQ(o.reason, c.reason) << c.status;
    EXPECT_EQ(o.http_status, c.status);
  }
}

TEST(ClassifyHttpTest, TransportErrorsRetryExceptABadUrl) {
  struct Case {
    TransportError error;
    Verdict verdict;
    Reason reason;
  } cases[] = {
      {TransportError::kTimeout, Verdict::kRetry, Reason::kTimeout},
      {TransportError::kConnect, Verdict::kRetry, Reason::kConnection},
      {TransportError::kConnection, Verdict::kRetry, Reason::kConnection},
      {TransportError::kTls, Verdict::kRetry, Reason::kTls},
      {TransportError::kOther, Verdict::kRetry, Reason::kConnection},
      {TransportError::kInvalidUrl, Verdict::kFailed, Reason::kInvalidRequest},
  };
  for (const Case& c : cases) {
    // Even a "success" flag cannot turn a transport error into a delivery.
    Outcome o = ClassifyHttp(Broken(c.error, "boom"), kNow, true);
    EXPECT_EQ(o.verdict, c.verdict) << TransportErrorName(c.error);
    EXPECT_EQ(o.reason, c.reason);
    EXPECT_EQ(o.http_status, 0);
  }
  EXPECT_EQ(
      ClassifyHttp(Broken(TransportError::kTimeout, "Operation timed out"), kNow, false).detail,
      "timeout: Operation timed out");
}

TEST(ClassifyHttpTest, RetryAfterOnlyForRetries) {
  Outcome throttled = ClassifyHttp(Answer(429, "", {{"retry-after", "3"}}), kNow, false);
  EXPECT_EQ(throttled.retry_after, std::chrono::seconds(3));
  Outcome unavailable = ClassifyHttp(Answer(503, "", {{"retry-after", "30"}}), kNow, false);
  EXPECT_EQ(unavailable.retry_after, std::chrono::seconds(30));
  Outcome rejected = ClassifyHttp(Answer(400, "", {{"retry-after", "3"}}), kNow, false);
  EXPECT_EQ(rejected.retry_after, std::nullopt);
}

TEST(ClassifyHttpTest, DetailIsStatusAndBodyOnOneLineOrTheReasonPhrase) {
  EXPECT_EQ(ClassifyHttp(Answer(404), kNow, false).detail, "404: Not Found");
  EXPECT_EQ(ClassifyHttp(Answer(502, "Bad Gateway"), kNow, false).detail, "502: Bad Gateway");
  EXPECT_EQ(ClassifyHttp(Answer(400, "line one\nline  two\n"), kNow, false).detail,
            "400: line one line two");
  std::string long_body(1000, 'x');
  EXPECT_EQ(ClassifyHttp(Answer(500, long_body), kNow, false).detail,
            "500: " + std::string(200, 'x') + "...");
}

TEST(OneLineTest, CutsAtAUtf8Boundary) {
  std::string text = std::string(199, 'a') + "é";  // é is two bytes: 199..200.
  EXPECT_EQ(OneLine(text, 200), std::string(199, 'a') + "...");
}

}  // namespace
}  // namespace crier
