// Several real `crier serve` processes on one database, set up through the REST API the way a
// user would: for the end-to-end tests (guide flow delivered to a Mattermost receiver, three
// nodes on one PostgreSQL database with a node killed) and the end-to-end benchmark (bench/e2e).
//
//   auto cluster = Cluster::Start(options);  // options.db_url, options.nodes = 3...
//   (*cluster)->Insert(0, "Incoming Webhook URL", {...});
//   (*cluster)->node(1).Kill();
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace crier::testing {

struct ClusterOptions {
  // "" : each node on its own SQLite file (only sensible with one node); else the shared database
  // (postgresql://...).
  std::string db_url;
  int nodes = 1;
  // Added to every node's `crier serve` command (e.g. {"--delivery-lease", "15s"}).
  std::vector<std::string> extra_args;
  std::string admin_password = "Cluster-admin-Passw0rd";
};

class Cluster {
 public:
  // Starts the nodes (node i has --node-id node<i>), waits until each serves, and
  // creates an API key for Administrator valid on every node.
  static Result<std::unique_ptr<Cluster>> Start(ClusterOptions options);

  int size() const { return static_cast<int>(nodes_.size()); }
  ServerProcess& node(int i) { return *nodes_.at(static_cast<size_t>(i)); }
  // "Authorization: token key:secret" for Administrator, accepted by any node.
  const HeaderList& auth() const { return auth_; }
  const std::string& token() const { return token_; }

  // A client of node `i` that authenticates as Administrator. One per thread.
  std::unique_ptr<HttpClient> Client(int i) const;

  // POST /api/resource/{doctype} on node `i`: the stored document, or the server's error.
  Result<nlohmann::json> Insert(int i, const std::string& doctype, const nlohmann::json& doc);

 private:
  explicit Cluster(ClusterOptions options) : options_(std::move(options)) {}

  ClusterOptions options_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  HeaderList auth_;
  std::string token_;
};

// The stored document from a POST or GET answer ({"data": {...}}), or an error naming the status
// and body.
Result<nlohmann::json> DataOf(const Result<HttpResponse>& response);

}  // namespace crier::testing
