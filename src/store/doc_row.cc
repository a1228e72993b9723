// Standard columns out of a document's JSON.
#include "store/doc_row.h"

namespace crier {
namespace {

std::string StringField(const Json& doc, const char* key) {
  auto it = doc.find(key);
  if (it == doc.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

Result<DocRow> ToDocRow(const Json& doc) {
  if (!doc.is_object() || StringField(doc, "doctype").empty() || StringField(doc, "name").empty()) {
    return InvalidArgument("a document needs a doctype and a name");
  }
  DocRow row;
  row.doctype = StringField(doc, "doctype");
  row.name = StringField(doc, "name");
  auto status = doc.find("docstatus");
  row.docstatus = status != doc.end() && status->is_number_integer() ? status->get<int>() : 0;
  row.owner = StringField(doc, "owner");
  row.creation = StringField(doc, "creation");
  row.modified = StringField(doc, "modified");
  row.modified_by = StringField(doc, "modified_by");
  row.data = DumpJson(doc);
  return row;
}

Result<Json> ParseStoredDoc(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Internal("a stored document is not valid JSON");
  return j;
}

std::string DumpJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace crier
