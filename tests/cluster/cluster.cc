// Cluster: several `crier serve` processes on one database.
#include "cluster.h"

#include <fmt/format.h>

namespace crier::testing {

Result<nlohmann::json> DataOf(const Result<HttpResponse>& response) {
  if (!response.ok()) return response.status();
  if (response->status != 200) {
    return Status(StatusCode::kInternal,
                  fmt::format("HTTP {}: {}", response->status, response->body.substr(0, 500)));
  }
  CRIER_ASSIGN_OR_RETURN(nlohmann::json body, response->Json());
  if (body.contains("data")) return body["data"];
  return body.value("message", nlohmann::json());
}

Result<std::unique_ptr<Cluster>> Cluster::Start(ClusterOptions options) {
  std::unique_ptr<Cluster> c(new Cluster(std::move(options)));
  const ClusterOptions& o = c->options_;
  // One after the other, from this thread: a child dies with the thread that started it
  // (PR_SET_PDEATHSIG). Nodes started at the same moment are multi_node_start_test's business.
  for (int i = 0; i < o.nodes; ++i) {
    std::vector<std::string> command = {
        CrierBinary(), "serve",     "--listen",
        "{listen}",    "--db",      o.db_url.empty() ? "sqlite:{data_dir}/crier.db" : o.db_url,
        "--demo",      "--node-id", fmt::format("node{}", i)};
    command.insert(command.end(), o.extra_args.begin(), o.extra_args.end());
    ServerProcessOptions p;
    p.command = std::move(command);
    p.env = {{"CRIER_ADMIN_PASSWORD", o.admin_password}, {"CRIER_LOG_LEVEL", "warning"}};
    p.start_timeout = std::chrono::seconds(60);
    CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ServerProcess> node, ServerProcess::Start(std::move(p)));
    c->nodes_.push_back(std::move(node));
  }

  HttpClient admin(c->nodes_[0]->base_url());
  auto login = DataOf(
      admin.PostJson("/api/method/login", {{"usr", "Administrator"}, {"pwd", o.admin_password}}));
  if (!login.ok()) {
    return Status(StatusCode::kInternal,
                  "could not log in as Administrator on node 0: " + login.status().ToString());
  }
  CRIER_ASSIGN_OR_RETURN(
      nlohmann::json keys,
      DataOf(admin.PostJson("/api/method/user.generate_keys", nlohmann::json::object())));
  c->token_ = fmt::format("token {}:{}", keys["api_key"].get<std::string>(),
                          keys["api_secret"].get<std::string>());
  c->auth_ = {{"Authorization", c->token_}};
  return c;
}

std::unique_ptr<HttpClient> Cluster::Client(int i) const {
  auto client = std::make_unique<HttpClient>(nodes_.at(static_cast<size_t>(i))->base_url());
  client->SetDefaultHeader("Authorization", token_);
  return client;
}

Result<nlohmann::json> Cluster::Insert(int i, const std::string& doctype,
                                       const nlohmann::json& doc) {
  std::string path = "/api/resource/";
  for (char ch : doctype) path += ch == ' ' ? std::string("%20") : std::string(1, ch);
  return DataOf(Client(i)->PostJson(path, doc));
}

}  // namespace crier::testing
