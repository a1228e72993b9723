// A DocType's definition as crier uses it at run time (Frappe's "meta"): fields with their types
// and flags, naming rule, submittability and permission rules, parsed once from the DocType
// document and shared read-only by every request.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/field_type.h"

namespace crier {

struct FieldMeta {
  std::string fieldname;
  std::string label;
  FieldType type = FieldType::kData;
  std::string options;  // Select: the choices, one per line; Link/Table: the target DocType.
  std::vector<std::string> select_options;
  Json default_value = nullptr;  // DocField.default as written ("Today", "__user"...), or null.
  bool reqd = false;
  bool allow_on_submit = false;  // May change while the document is submitted.
  bool unique = false;
  bool search_index = false;
  bool read_only = false;
  bool set_only_once = false;  // May not change after insert.
  bool secret = false;         // crier: masked in lists, never written to logs or errors.

  CastSpec cast_spec() const;
};

// One DocPerm row: what a role may do. With if_owner, only on the role holder's own documents.
struct PermissionRule {
  std::string role;
  bool read = false, write = false, create = false, delete_ = false, submit = false, cancel = false;
  bool if_owner = false;
};

struct Meta {
  std::string name;
  bool istable = false;  // A child DocType: only exists as rows of a Table field.
  bool is_submittable = false;
  bool read_only = false;  // Written only by crier itself, never through the API.
  bool builtin = false;    // Defined by crier (custom = 0): cannot be changed or deleted.
  std::string autoname;    // "", "hash", "prompt", "field:x", "naming_series:", or a series.
  std::string title_field;
  std::string owner_field = "owner";  // Whose document it is, for if_owner permissions.
  std::vector<FieldMeta> fields;      // In definition order, layout fields excluded.
  std::vector<PermissionRule> permissions;

  // The field by that name, or nullptr.
  const FieldMeta* Field(std::string_view fieldname) const;

 private:
  friend Result<Meta> MetaFromDocType(const Json& doctype);
  std::unordered_map<std::string, size_t> by_name_;
};

// Fields every document has (`doctype`, `name`, `docstatus`, `owner`...), and the extra ones of
// child rows (`parent`, `parentfield`, `parenttype`, `idx`): no DocType may define these.
bool IsStandardField(std::string_view fieldname);
bool IsChildStandardField(std::string_view fieldname);

// Parses and checks a DocType document: field names valid and unique, types known, Link and
// Table fields naming a target, Select defaults among the options, the autoname rule usable, the
// permissions naming a role. kInvalidArgument naming the offending field otherwise. Targets are
// not checked to exist here (the document layer does, with the store).
Result<Meta> MetaFromDocType(const Json& doctype);

}  // namespace crier
