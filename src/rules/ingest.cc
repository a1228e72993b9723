// The pure parts of events.ingest.
#include "rules/ingest.h"

#include <algorithm>

namespace crier::rules {
namespace {

using Json = nlohmann::json;

bool SilentlyDropped(const std::string& key) {
  return key.empty() || key[0] == '_' || key == "doctype" || IsStandardField(key) ||
         IsChildStandardField(key);
}

void AddIgnored(std::vector<std::string>& list, std::string key) {
  if (std::find(list.begin(), list.end(), key) == list.end()) list.push_back(std::move(key));
}

}  // namespace

const std::vector<std::string_view>& IngestibleHooks() {
  static const std::vector<std::string_view> hooks = {
      "after_insert",          "on_update", "on_submit", "on_cancel", "on_trash", "on_change",
      "on_update_after_submit"};
  return hooks;
}

bool IsIngestibleHook(std::string_view event) {
  const auto& hooks = IngestibleHooks();
  return std::find(hooks.begin(), hooks.end(), event) != hooks.end();
}

IngestedDoc FilterIngested(const Meta& meta, const Json& doc,
                           const std::function<const Meta*(std::string_view)>& child_meta) {
  IngestedDoc out;
  if (!doc.is_object()) return out;
  for (const auto& [key, value] : doc.items()) {
    const FieldMeta* f = meta.Field(key);
    if (f == nullptr) {
      if (!SilentlyDropped(key)) AddIgnored(out.ignored, key);
      continue;
    }
    if (f->type != FieldType::kTable || !value.is_array()) {
      out.fields[key] = value;
      continue;
    }
    const Meta* child = child_meta(f->options);
    Json rows = Json::array();
    for (const Json& row : value) {
      if (!row.is_object() || child == nullptr) continue;
      Json kept = Json::object();
      for (const auto& [k, v] : row.items()) {
        if (k == "name" || child->Field(k) != nullptr) {
          kept[k] = v;
        } else if (!SilentlyDropped(k)) {
          AddIgnored(out.ignored, key + "." + k);
        }
      }
      rows.push_back(std::move(kept));
    }
    out.fields[key] = std::move(rows);
  }
  return out;
}

int TargetDocstatus(std::string_view event, const Json& doc, std::optional<int> stored) {
  auto it = doc.find("docstatus");
  if (it != doc.end() && it->is_number_integer()) return it->get<int>();
  if (event == "on_submit") return 1;
  if (event == "on_cancel") return 2;
  return stored.value_or(0);
}

}  // namespace crier::rules
