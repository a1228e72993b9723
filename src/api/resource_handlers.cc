// /api/resource/{DocType}[/{name}[/versions]]: list, insert, read, partial update (submit and
// cancel through docstatus), delete, and versions, each in one transaction.
#include <fmt/format.h>

#include "api/api.h"
#include "api/list_params.h"
#include "api/secrets.h"
#include "http/json_body.h"

namespace crier {
namespace {

Status Forbidden(const Principal& who, Access access, const Meta& meta) {
  return PermissionDenied(fmt::format("User {} does not have permission to {} {}", who.user,
                                      AccessName(access), meta.name));
}

WriteOptions OptionsFor(const Principal& who) {
  WriteOptions o;
  o.user = who.user;
  return o;
}

// The access a change of docstatus needs: submitting and cancelling are rights of their own.
Access AccessForUpdate(int from, int to) {
  if (from == 0 && to == 1) return Access::kSubmit;
  if (from == 1 && to == 2) return Access::kCancel;
  return Access::kWrite;
}

int RequestedDocstatus(const Json& body, int otherwise) {
  auto it = body.find("docstatus");
  if (it == body.end()) return otherwise;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string() && (*it == "0" || *it == "1" || *it == "2")) {
    return std::stoi(it->get<std::string>());
  }
  return otherwise;  // The document layer reports the bad value.
}

// Frappe's clients may wrap the document as {"data": {...}} or {"data": "<json>"}.
Result<Json> UnwrapData(const Meta& meta, Json body) {
  if (body.size() != 1 || !body.contains("data") || meta.Field("data") != nullptr) return body;
  Json inner = body["data"];
  if (inner.is_string()) {
    CRIER_ASSIGN_OR_RETURN(inner, http::ParseJsonBody(inner.get<std::string>()));
  }
  if (!inner.is_object()) return InvalidArgument("data must be a JSON object", "data");
  return inner;
}

http::Response Data(Json value, int status = 200) {
  return http::JsonResponse(status, Json{{"data", std::move(value)}});
}

}  // namespace

Result<std::shared_ptr<const Meta>> Api::ResourceMeta(const http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta,
                         documents_.GetMeta(request.PathParam("doctype")));
  if (meta->istable) {
    return InvalidArgument(fmt::format(
        "{} is a child table: read and write its rows through their parent document", meta->name));
  }
  return meta;
}

Result<http::Response> Api::ListDocuments(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  Permission p = Decide(who, *meta, Access::kRead);
  if (!p.allowed) return Forbidden(who, Access::kRead, *meta);
  CRIER_ASSIGN_OR_RETURN(ListRequest list, ParseListParams(meta->name, request.query()));
  if (p.only_own) list.extra_filters.push_back({meta->owner_field, FilterOp::kEq, who.user});
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  CRIER_ASSIGN_OR_RETURN(std::vector<Json> docs, documents_.List(*txn, list));
  Json out = Json::array();
  for (Json& d : docs) {
    MaskSecrets(*meta, /*reveal=*/false, d);
    out.push_back(std::move(d));
  }
  return Data(std::move(out));
}

Result<http::Response> Api::InsertDocument(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  Permission create = Decide(who, *meta, Access::kCreate);
  if (!create.allowed) return Forbidden(who, Access::kCreate, *meta);
  CRIER_ASSIGN_OR_RETURN(Json body, BodyObject(request, /*allow_empty=*/false));
  CRIER_ASSIGN_OR_RETURN(body, UnwrapData(*meta, std::move(body)));
  if (RequestedDocstatus(body, 0) == 1 && !Decide(who, *meta, Access::kSubmit).allowed) {
    return Forbidden(who, Access::kSubmit, *meta);
  }
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, store_.BeginWrite());
  CRIER_ASSIGN_OR_RETURN(Json doc, documents_.Insert(*txn, OptionsFor(who), meta->name, body));
  if (create.only_own && !MayAccess(who, *meta, Access::kCreate, doc)) {
    return Forbidden(who, Access::kCreate, *meta);  // Rolled back with the transaction.
  }
  CRIER_RETURN_IF_ERROR(txn->Commit());
  MaskSecrets(*meta, who.system_manager(), doc);
  return Data(std::move(doc));
}

Result<http::Response> Api::GetDocument(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  if (!Decide(who, *meta, Access::kRead).allowed) return Forbidden(who, Access::kRead, *meta);
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  CRIER_ASSIGN_OR_RETURN(Json doc, documents_.Get(*txn, meta->name, request.PathParam("name")));
  if (!MayAccess(who, *meta, Access::kRead, doc)) return Forbidden(who, Access::kRead, *meta);
  MaskSecrets(*meta, who.system_manager(), doc);
  return Data(std::move(doc));
}

Result<http::Response> Api::UpdateDocument(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  if (!Decide(who, *meta, Access::kWrite).allowed && !Decide(who, *meta, Access::kSubmit).allowed &&
      !Decide(who, *meta, Access::kCancel).allowed) {
    return Forbidden(who, Access::kWrite, *meta);
  }
  CRIER_ASSIGN_OR_RETURN(Json body, BodyObject(request, /*allow_empty=*/false));
  CRIER_ASSIGN_OR_RETURN(body, UnwrapData(*meta, std::move(body)));
  std::string name(request.PathParam("name"));
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, store_.BeginWrite());
  CRIER_ASSIGN_OR_RETURN(Json current, documents_.Get(*txn, meta->name, name));
  int from = current.value("docstatus", 0);
  Access access = AccessForUpdate(from, RequestedDocstatus(body, from));
  if (!MayAccess(who, *meta, access, current)) return Forbidden(who, access, *meta);
  CRIER_ASSIGN_OR_RETURN(Json doc,
                         documents_.Update(*txn, OptionsFor(who), meta->name, name, body));
  if (!MayAccess(who, *meta, access, doc)) return Forbidden(who, access, *meta);
  CRIER_RETURN_IF_ERROR(txn->Commit());
  MaskSecrets(*meta, who.system_manager(), doc);
  return Data(std::move(doc));
}

Result<http::Response> Api::DeleteDocument(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  if (!Decide(who, *meta, Access::kDelete).allowed) return Forbidden(who, Access::kDelete, *meta);
  std::string name(request.PathParam("name"));
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<WriteTxn> txn, store_.BeginWrite());
  CRIER_ASSIGN_OR_RETURN(Json current, documents_.Get(*txn, meta->name, name));
  if (!MayAccess(who, *meta, Access::kDelete, current)) {
    return Forbidden(who, Access::kDelete, *meta);
  }
  CRIER_RETURN_IF_ERROR(documents_.Delete(*txn, OptionsFor(who), meta->name, name));
  CRIER_RETURN_IF_ERROR(txn->Commit());
  return http::JsonResponse(202, Json{{"message", "ok"}});
}

Result<http::Response> Api::DocumentVersions(http::Request& request) {
  CRIER_ASSIGN_OR_RETURN(Principal who, Authenticate(request));
  CRIER_ASSIGN_OR_RETURN(std::shared_ptr<const Meta> meta, ResourceMeta(request));
  if (!Decide(who, *meta, Access::kRead).allowed) return Forbidden(who, Access::kRead, *meta);
  std::string name(request.PathParam("name"));
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
  CRIER_ASSIGN_OR_RETURN(std::vector<Version> versions,
                         documents_.Versions(*txn, meta->name, name));
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> current, txn->GetDoc(meta->name, name));
  const Json& latest = current ? *current : versions.front().doc;
  if (!MayAccess(who, *meta, Access::kRead, latest)) return Forbidden(who, Access::kRead, *meta);
  Json out = Json::array();
  for (Version& v : versions) {
    MaskSecrets(*meta, /*reveal=*/false, v.doc);
    out.push_back(Json{{"version", v.id},
                       {"modified", v.doc.value("modified", "")},
                       {"modified_by", v.doc.value("modified_by", "")},
                       {"doc", std::move(v.doc)}});
  }
  return Data(std::move(out));
}

}  // namespace crier
