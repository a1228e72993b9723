// The libcurl multi loop.
#include "delivery/curl_http_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace crier {

struct CurlHttpSender::Transfer {
  HttpRequest request;
  Done done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  size_t max_body = 0;
  char error[CURL_ERROR_SIZE] = {};
};

namespace {

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<CurlHttpSender::Transfer*>(user);
  size_t n = size * count;
  std::string& body = t->response.body;
  if (body.size() < t->max_body) body.append(data, std::min(n, t->max_body - body.size()));
  return n;  // Keep reading (and discard) past the limit: the status still counts.
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<CurlHttpSender::Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear();  // A new response (after 100 Continue): start over.
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->response.headers.emplace_back(std::move(name), std::string(value));
  return n;
}

TransportError MapError(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportError::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::kTimeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::kConnect;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
      return TransportError::kConnection;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportError::kTls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransportError::kInvalidUrl;
    default:
      return TransportError::kOther;
  }
}

bool GlobalInit() {
  static const bool ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

long Millis(Micros d) {
  return static_cast<long>(std::max<long long>(1, d.count() / 1000));
}

HttpResponse Stopped() {
  HttpResponse r;
  r.error = TransportError::kOther;
  r.error_message = "sender stopped";
  return r;
}

}  // namespace

Result<std::unique_ptr<CurlHttpSender>> CurlHttpSender::Create(CurlSenderOptions options) {
  if (!GlobalInit()) return Internal("libcurl could not be initialised");
  std::unique_ptr<CurlHttpSender> sender(new CurlHttpSender(std::move(options)));
  if (sender->multi_ == nullptr) return Internal("libcurl could not create a multi handle");
  sender->thread_ = std::thread([s = sender.get()] { s->Run(); });
  return sender;
}

CurlHttpSender::CurlHttpSender(CurlSenderOptions options) : options_(std::move(options)) {
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return;
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections_per_host);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(std::max<size_t>(options_.max_in_flight, 16)));
  multi_ = multi;
}

CurlHttpSender::~CurlHttpSender() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  if (multi_ != nullptr) curl_multi_wakeup(static_cast<CURLM*>(multi_));
  if (thread_.joinable()) thread_.join();
  // The thread is gone: everything below is ours alone.
  for (auto& t : active_) {
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), t->easy);
    curl_easy_cleanup(t->easy);
    curl_slist_free_all(t->headers);
    t->done(Stopped());
  }
  for (auto& t : queue_) t->done(Stopped());
  for (void* easy : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(easy));
  if (multi_ != nullptr) curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void CurlHttpSender::Send(HttpRequest request, Done done) {
  auto t = std::make_unique<Transfer>();
  t->request = std::move(request);
  t->done = std::move(done);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(t));
      ++pending_;
    }
  }
  if (t != nullptr) {  // Stopping: refuse now rather than never answer.
    t->done(Stopped());
    return;
  }
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

size_t CurlHttpSender::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_;
}

void CurlHttpSender::StartQueued() {
  std::vector<std::unique_ptr<Transfer>> starting;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!queue_.empty() && active_.size() + starting.size() < options_.max_in_flight) {
      starting.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  for (auto& t : starting) {
    CURL* easy = nullptr;
    if (!idle_handles_.empty()) {
      easy = static_cast<CURL*>(idle_handles_.back());
      idle_handles_.pop_back();
      curl_easy_reset(easy);
    } else {
      easy = curl_easy_init();
    }
    t->easy = easy;
    t->max_body = options_.max_answer_bytes;
    const HttpRequest& r = t->request;
    curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, Millis(options_.connect_timeout));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, Millis(options_.total_timeout));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                     options_.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    // Waiting to learn whether a connection multiplexes only pays where HTTP/2 is possible
    // (TLS with ALPN); on cleartext it would queue requests behind a slow first answer.
    bool tls = r.url.size() >= 8 &&
               (r.url.compare(0, 8, "https://") == 0 || r.url.compare(0, 8, "HTTPS://") == 0);
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, options_.http2 && tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    if (r.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
    } else if (r.method == "GET") {
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    if (r.method != "GET") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
    for (const auto& [name, value] : r.headers) {
      std::string line = name + ": " + value;
      t->headers = curl_slist_append(t->headers, line.c_str());
    }
    // No "Expect: 100-continue" round trip for larger bodies.
    t->headers = curl_slist_append(t->headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
    CURLMcode added = curl_multi_add_handle(static_cast<CURLM*>(multi_), easy);
    Transfer* raw = t.get();
    active_.push_back(std::move(t));
    if (added != CURLM_OK) Finish(raw, CURLE_FAILED_INIT);
  }
}

void CurlHttpSender::Finish(Transfer* t, int curl_code) {
  auto code = static_cast<CURLcode>(curl_code);
  CURL* easy = t->easy;
  curl_multi_remove_handle(static_cast<CURLM*>(multi_), easy);
  HttpResponse& r = t->response;
  r.error = MapError(code);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    long version = 0;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    r.http_version = version == CURL_HTTP_VERSION_2_0 ? 2 : version == CURL_HTTP_VERSION_3 ? 3 : 1;
  } else {
    r.status = 0;
    r.headers.clear();
    r.body.clear();
    r.error_message = t->error[0] != '\0' ? t->error : curl_easy_strerror(code);
  }
  curl_off_t total_us = 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
  r.latency = Micros(total_us);
  curl_slist_free_all(t->headers);
  t->headers = nullptr;
  idle_handles_.push_back(easy);

  auto it = std::find_if(active_.begin(), active_.end(),
                         [t](const std::unique_ptr<Transfer>& a) { return a.get() == t; });
  std::unique_ptr<Transfer> owned = std::move(*it);
  active_.erase(it);
  {
    std::lock_guard<std::mutex> lock(mu_);
    --pending_;
  }
  owned->done(std::move(owned->response));
}

void CurlHttpSender::Run() {
  CURLM* multi = static_cast<CURLM*>(multi_);
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    StartQueued();
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      Finish(t, msg->data.result);
    }
    // Finishing may have freed room for queued requests: start them before sleeping.
    bool more = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      more = !queue_.empty() && active_.size() < options_.max_in_flight;
    }
    if (!more) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
}

}  // namespace crier
