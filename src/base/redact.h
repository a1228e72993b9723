// Webhook URLs, SMTP passwords and API secrets are credentials: anyone holding a Mattermost hook
// URL can post as it. This file is the one place that knows how to keep them out of logs, errors
// and API answers, so every layer redacts the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crier {

// The replacement written where a secret was.
inline constexpr std::string_view kRedacted = "[redacted]";

// "scheme://host[:port]/[redacted]" for a URL with a path or query beyond "/", the URL unchanged
// when it has neither (nothing secret in it), and kRedacted for text that is not an absolute URL.
// User information (user:password@) is always dropped.
std::string RedactUrl(std::string_view url);

// The parts of a URL that may be secret and that a service may echo back in an answer: the whole
// URL, its path and query, user information, every path segment and query value that looks like a
// token (see SecretLooking), both raw and percent-decoded. Longest first. Empty for non-URLs.
std::vector<std::string> UrlSecrets(std::string_view url);

// Whether a URL component looks like a credential rather than a fixed word of the service's URL
// scheme: at least 16 characters, or at least 6 with a digit, an upper-case letter or one of
// "-_=%.~". "hooks", "services", "messages", "general" do not; "T0001", too short, does not
// either (it identifies, it does not authorise).
bool SecretLooking(std::string_view component);

// Replaces every occurrence of known secrets in text. Cheap to copy; not thread-safe to mutate,
// safe to use from many threads once built.
class Redactor {
 public:
  Redactor() = default;

  // Adds one secret (ignored when shorter than 4 bytes: too common to scrub safely).
  void AddSecret(std::string_view secret);
  // Adds UrlSecrets(url).
  void AddUrl(std::string_view url);

  // `text` with every known secret replaced by kRedacted, longest secrets first, so that a secret
  // that contains another is removed whole.
  std::string Scrub(std::string_view text) const;

  // Whether `text` contains any known secret (for tests and assertions).
  bool Leaks(std::string_view text) const;

  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  std::vector<std::string> secrets_;  // Sorted longest first, no duplicates.
};

}  // namespace crier
