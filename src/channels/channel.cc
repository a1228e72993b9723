// The channel registry and the shared answer path.
#include "channels/channel.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace crier {
namespace {

std::string Key(std::string_view service) {
  std::string key;
  for (char c : service) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

struct Registry {
  std::vector<std::unique_ptr<Channel>> channels;
  std::map<std::string, const Channel*, std::less<>> by_key;
};

// Filled during static initialisation (single-threaded), read-only afterwards.
Registry& TheRegistry() {
  static auto* registry = new Registry();
  return *registry;
}

}  // namespace

size_t Channel::TextOverhead(const Webhook&, const ChatMessage&, const ChannelEnv&) const {
  return 0;
}

Status Channel::Validate(const Webhook&) const {
  return Status::Ok();
}

std::string ChannelEnv::LogoUrl() const {
  if (!app_logo_url.empty()) return app_logo_url;
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + kDefaultLogoPath;
}

bool RegisterChannel(std::unique_ptr<Channel> channel) {
  Registry& r = TheRegistry();
  r.by_key[Key(channel->service())] = channel.get();
  for (std::string_view alias : channel->aliases()) r.by_key[Key(alias)] = channel.get();
  r.channels.push_back(std::move(channel));
  return true;
}

const Channel* FindChannel(std::string_view service) {
  const Registry& r = TheRegistry();
  auto it = r.by_key.find(Key(service));
  return it == r.by_key.end() ? nullptr : it->second;
}

std::vector<const Channel*> AllChannels() {
  std::vector<const Channel*> out;
  for (const auto& c : TheRegistry().channels) out.push_back(c.get());
  std::sort(out.begin(), out.end(),
            [](const Channel* a, const Channel* b) { return a->service() < b->service(); });
  return out;
}

Outcome ClassifyAnswer(const Channel& channel, const Webhook& webhook, const HttpResponse& response,
                       TimePoint now) {
  Outcome o = channel.Classify(webhook, response, now);
  o.latency = response.latency;
  o.detail = WebhookRedactor(webhook).Scrub(o.detail);
  return o;
}

}  // namespace crier
