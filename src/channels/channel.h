// A chat service as crier sends to it: the request for one message, the size limit that decides
// splitting, the default pacing, and the classification of the service's answers. One
// implementation per service, each in its own folder (channels/<service>/), registering itself
// under the `Incoming Webhook URL.service` values it serves. Channels are stateless and
// thread-safe; they never do I/O.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "channels/http_message.h"
#include "channels/message.h"
#include "channels/outcome.h"
#include "channels/rate_limit_spec.h"
#include "channels/webhook.h"

namespace crier {

// How a service counts a message's size.
enum class TextMeasure {
  kCodePoints,  // Unicode code points (Mattermost "runes", Slack/Discord "characters").
  kUtf8Bytes,   // Bytes of UTF-8 (ntfy).
  kJsonBytes,   // Bytes once escaped into a JSON string (Teams' card size limit).
};

struct TextLimit {
  size_t max = 0;  // 0: no limit, never split.
  TextMeasure measure = TextMeasure::kCodePoints;
};

class Channel {
 public:
  virtual ~Channel() = default;

  // The canonical `Incoming Webhook URL.service` value ("Rocket.Chat").
  virtual std::string_view service() const = 0;
  // Other values that select this channel ("Teams" for "Microsoft Teams"). Matching ignores case
  // and everything but letters and digits, as Dokos does.
  virtual std::vector<std::string_view> aliases() const { return {}; }

  // The most a message's text may hold, including what TextOverhead says the channel adds.
  virtual TextLimit text_limit(const Webhook& webhook) const = 0;
  // Units of text_limit() taken by what the channel adds to the text for this message (a
  // document link appended to the text, a JSON envelope), so that splitting leaves room for it.
  virtual size_t TextOverhead(const Webhook& webhook, const ChatMessage& message,
                              const ChannelEnv& env) const;

  // The pacing that keeps one webhook under the service's documented limits.
  virtual RateLimitSpec default_rate_limit(const Webhook& webhook) const = 0;

  // Checks the webhook's overrides against what the service accepts (called by WebhookFromDoc).
  // kInvalidArgument naming the field.
  virtual Status Validate(const Webhook& webhook) const;

  // The request that posts `message` (one part: the text already fits text_limit()). Fails only
  // when the webhook's own configuration cannot produce a request (a Generic template error).
  virtual Result<HttpRequest> BuildRequest(const Webhook& webhook, const ChatMessage& message,
                                           const ChannelEnv& env) const = 0;

  // Classifies the service's answer (usually ClassifyHttp plus the service's own success check
  // and special answers). Need not redact: ClassifyAnswer does.
  virtual Outcome Classify(const Webhook& webhook, const HttpResponse& response,
                           TimePoint now) const = 0;
};

// Registers a channel for its service() and aliases(); called at static-initialisation time by
// CRIER_REGISTER_CHANNEL in each service's .cc. Returns true.
bool RegisterChannel(std::unique_ptr<Channel> channel);

// The channel serving `service` (case and punctuation ignored), or nullptr.
const Channel* FindChannel(std::string_view service);

// Every registered channel, sorted by service().
std::vector<const Channel*> AllChannels();

// The one path from an answer to an Outcome: the channel's classification, the latency, and the
// detail scrubbed of every secret of the webhook.
Outcome ClassifyAnswer(const Channel& channel, const Webhook& webhook, const HttpResponse& response,
                       TimePoint now);

}  // namespace crier

#define CRIER_REGISTER_CHANNEL(ident, type)            \
  static const bool crier_channel_registered_##ident = \
      ::crier::RegisterChannel(std::make_unique<type>())
