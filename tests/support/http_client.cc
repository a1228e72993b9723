// HttpClient on libcurl's easy interface.
#include "support/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cctype>
#include <mutex>

namespace crier::testing {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

struct Transfer {
  HttpResponse response;
  const std::function<bool(std::string_view)>* on_data = nullptr;
  bool stopped_by_caller = false;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // A new status line (after 100 Continue): start over.
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    t->response.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                     std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * count);
  if (t->on_data != nullptr) {
    if (!(*t->on_data)(chunk)) {
      t->stopped_by_caller = true;
      return 0;  // Makes curl abort the transfer.
    }
    return size * count;
  }
  t->response.body.append(chunk);
  return size * count;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::HeaderValues(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) out.push_back(v);
  }
  return out;
}

Result<nlohmann::json> HttpResponse::Json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return InvalidArgument(fmt::format("response body is not JSON: {:.200}", body));
  }
  return parsed;
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)) {
  GlobalInit();
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");  // In-memory cookie jar.
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_ = curl;
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void HttpClient::SetDefaultHeader(std::string name, std::string value) {
  std::erase_if(default_headers_, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
  default_headers_.emplace_back(std::move(name), std::move(value));
}

Result<HttpResponse> HttpClient::Send(std::string_view method, std::string_view path,
                                      std::string_view body, const HeaderList& headers) {
  return Perform(method, path, body, headers, nullptr);
}

Result<HttpResponse> HttpClient::PostJson(std::string_view path, const nlohmann::json& json,
                                          const HeaderList& headers) {
  HeaderList all = headers;
  all.emplace_back("Content-Type", "application/json");
  return Perform("POST", path, json.dump(), all, nullptr);
}

Result<HttpResponse> HttpClient::PutJson(std::string_view path, const nlohmann::json& json,
                                         const HeaderList& headers) {
  HeaderList all = headers;
  all.emplace_back("Content-Type", "application/json");
  return Perform("PUT", path, json.dump(), all, nullptr);
}

Result<HttpResponse> HttpClient::Stream(std::string_view path,
                                        const std::function<bool(std::string_view)>& on_data,
                                        const HeaderList& headers) {
  return Perform("GET", path, {}, headers, &on_data);
}

Result<HttpResponse> HttpClient::Perform(std::string_view method, std::string_view path,
                                         std::string_view body, const HeaderList& headers,
                                         const std::function<bool(std::string_view)>* on_data) {
  CURL* curl = static_cast<CURL*>(curl_);
  Transfer transfer;
  transfer.on_data = on_data;
  std::string url = base_url_ + std::string(path);
  std::string method_text(method);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
  } else {
    // POSTFIELDS with an explicit size sends the body as is, even if it holds NUL bytes.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  }
  curl_slist* list = nullptr;
  // No "Expect: 100-continue" pause before bodies: tests want one round trip per request.
  list = curl_slist_append(list, "Expect:");
  auto add = [&](const HeaderList& hs) {
    for (const auto& [n, v] : hs) {
      std::string line = v.empty() ? n + ";" : n + ": " + v;
      list = curl_slist_append(list, line.c_str());
    }
  };
  add(default_headers_);
  add(headers);
  if (body.empty() && method != "GET" && method != "HEAD") {
    list = curl_slist_append(list, "Content-Type:");  // No form content type for empty bodies.
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
  curl_slist_free_all(list);
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && transfer.stopped_by_caller)) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("{} {}: {}", method, path, curl_easy_strerror(code)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

std::optional<std::string> HttpClient::Cookie(std::string_view name) const {
  curl_slist* cookies = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(curl_), CURLINFO_COOKIELIST, &cookies);
  std::optional<std::string> found;
  // Netscape format: domain, include-subdomains, path, secure, expiry, name, value (tabs).
  for (curl_slist* c = cookies; c != nullptr; c = c->next) {
    std::string_view line(c->data);
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1) {
      fields.push_back(line.substr(start, tab - start));
    }
    fields.push_back(line.substr(start));
    if (fields.size() >= 7 && fields[5] == name) {
      found = std::string(fields[6]);
      break;
    }
  }
  curl_slist_free_all(cookies);
  return found;
}

void HttpClient::ClearCookies() {
  curl_easy_setopt(static_cast<CURL*>(curl_), CURLOPT_COOKIELIST, "ALL");
}

}  // namespace crier::testing
