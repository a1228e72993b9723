// Shared payload pieces.
#include "channels/payload.h"

#include <cctype>

#include "channels/text_measure.h"

namespace crier {

std::string LinkSuffix(LinkStyle style, std::string_view url) {
  std::string out;
  if (style == LinkStyle::kSlack) {
    out.append("\n<").append(url).append("|").append(kDocumentLinkLabel).append(">");
  } else {
    out.append("\n\n[").append(kDocumentLinkLabel).append("](").append(url).append(")");
  }
  return out;
}

std::string TextWithLink(const Webhook& webhook, const ChatMessage& message, LinkStyle style) {
  if (!WantsLink(webhook, message)) return message.text;
  return message.text + LinkSuffix(style, message.doc_url);
}

size_t LinkCodePoints(const Webhook& webhook, const ChatMessage& message, LinkStyle style) {
  if (!WantsLink(webhook, message)) return 0;
  return MeasureText(LinkSuffix(style, message.doc_url), TextMeasure::kCodePoints);
}

void AddSlackStyleOverrides(const Webhook& webhook, nlohmann::json& body) {
  if (!webhook.channel.empty()) body["channel"] = webhook.channel;
  if (!webhook.username.empty()) body["username"] = webhook.username;
  if (!webhook.icon_url.empty()) body["icon_url"] = webhook.icon_url;
  if (!webhook.icon_emoji.empty()) body["icon_emoji"] = webhook.icon_emoji;
}

HttpRequest JsonPost(const Webhook& webhook, const nlohmann::json& body,
                     std::string_view content_type) {
  HttpRequest req;
  req.url = webhook.url;
  req.headers = {{"Content-Type", std::string(content_type)}};
  req.body = body.dump();
  return req;
}

bool JsonFieldEquals(std::string_view body, const char* key, const nlohmann::json& value) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return false;
  auto it = json.find(key);
  return it != json.end() && *it == value;
}

std::string WithQueryParam(std::string_view url, std::string_view name, std::string_view value) {
  std::string_view fragment;
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    fragment = url.substr(hash);
    url = url.substr(0, hash);
  }
  std::string out;
  size_t q = url.find('?');
  out.append(url.substr(0, q));
  char sep = '?';
  if (q != std::string_view::npos) {
    std::string_view query = url.substr(q + 1);
    while (!query.empty()) {
      size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      std::string_view key = pair.substr(0, pair.find('='));
      if (key != name && !pair.empty()) {
        out += sep;
        out.append(pair);
        sep = '&';
      }
      if (amp == std::string_view::npos) break;
      query = query.substr(amp + 1);
    }
  }
  out += sep;
  out.append(name);
  out += '=';
  // Query values: encode everything but unreserved characters.
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  out.append(fragment);
  return out;
}

std::string ExpandThreadKey(std::string_view key, const ChatMessage& message) {
  std::string out;
  for (size_t i = 0; i < key.size();) {
    if (key.substr(i, 9) == "{doctype}") {
      out += message.reference_doctype;
      i += 9;
    } else if (key.substr(i, 6) == "{name}") {
      out += message.reference_name;
      i += 6;
    } else {
      out += key[i++];
    }
  }
  return out;
}

std::string UrlHost(std::string_view url) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) return "";
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  authority = authority.substr(0, authority.find(':'));
  std::string host;
  for (char c : authority) host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

}  // namespace crier
