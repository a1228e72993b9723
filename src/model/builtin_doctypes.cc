// The built-in DocType definitions, written as the JSON documents they are stored as (the shape of
// Frappe's doctype JSON files), and their installation at start.
#include "model/builtin_doctypes.h"

#include <fmt/format.h>

#include <string>

#include "model/field_type.h"

namespace crier {
namespace {

// "@FIELDTYPES@" stands for the list of field type names (model/field_type.h).
constexpr const char* kBuiltinDocTypes = R"json(
[
{
  "name": "DocField",
  "module": "Core",
  "istable": 1,
  "custom": 0,
  "fields": [
    {"fieldname": "fieldname", "fieldtype": "Data", "label": "Fieldname", "reqd": 1},
    {"fieldname": "label", "fieldtype": "Data", "label": "Label"},
    {"fieldname": "fieldtype", "fieldtype": "Select", "label": "Fieldtype", "options": "@FIELDTYPES@", "default": "Data"},
    {"fieldname": "options", "fieldtype": "Small Text", "label": "Options"},
    {"fieldname": "reqd", "fieldtype": "Check", "label": "Mandatory"},
    {"fieldname": "default", "fieldtype": "Small Text", "label": "Default"},
    {"fieldname": "allow_on_submit", "fieldtype": "Check", "label": "Allow On Submit"},
    {"fieldname": "unique", "fieldtype": "Check", "label": "Unique"},
    {"fieldname": "search_index", "fieldtype": "Check", "label": "Search Index"},
    {"fieldname": "read_only", "fieldtype": "Check", "label": "Read Only"},
    {"fieldname": "hidden", "fieldtype": "Check", "label": "Hidden"},
    {"fieldname": "set_only_once", "fieldtype": "Check", "label": "Set Only Once"},
    {"fieldname": "secret", "fieldtype": "Check", "label": "Secret", "description": "crier: masked in lists, never logged"},
    {"fieldname": "in_list_view", "fieldtype": "Check", "label": "In List View"},
    {"fieldname": "description", "fieldtype": "Small Text", "label": "Description"}
  ]
},
{
  "name": "DocPerm",
  "module": "Core",
  "istable": 1,
  "custom": 0,
  "fields": [
    {"fieldname": "role", "fieldtype": "Link", "label": "Role", "options": "Role", "reqd": 1},
    {"fieldname": "read", "fieldtype": "Check", "label": "Read"},
    {"fieldname": "write", "fieldtype": "Check", "label": "Write"},
    {"fieldname": "create", "fieldtype": "Check", "label": "Create"},
    {"fieldname": "delete", "fieldtype": "Check", "label": "Delete"},
    {"fieldname": "submit", "fieldtype": "Check", "label": "Submit"},
    {"fieldname": "cancel", "fieldtype": "Check", "label": "Cancel"},
    {"fieldname": "if_owner", "fieldtype": "Check", "label": "Only If Owner"}
  ]
},
{
  "name": "DocType",
  "module": "Core",
  "custom": 0,
  "autoname": "prompt",
  "fields": [
    {"fieldname": "module", "fieldtype": "Data", "label": "Module"},
    {"fieldname": "description", "fieldtype": "Small Text", "label": "Description"},
    {"fieldname": "istable", "fieldtype": "Check", "label": "Is Child Table"},
    {"fieldname": "is_submittable", "fieldtype": "Check", "label": "Is Submittable"},
    {"fieldname": "read_only", "fieldtype": "Check", "label": "Read Only"},
    {"fieldname": "custom", "fieldtype": "Check", "label": "Custom", "default": "1"},
    {"fieldname": "autoname", "fieldtype": "Data", "label": "Auto Name"},
    {"fieldname": "title_field", "fieldtype": "Data", "label": "Title Field"},
    {"fieldname": "owner_field", "fieldtype": "Data", "label": "Owner Field", "description": "crier: the field naming the user a document belongs to, for if_owner permissions (default owner)"},
    {"fieldname": "track_changes", "fieldtype": "Check", "label": "Track Changes", "default": "1"},
    {"fieldname": "fields", "fieldtype": "Table", "label": "Fields", "options": "DocField"},
    {"fieldname": "permissions", "fieldtype": "Table", "label": "Permissions", "options": "DocPerm"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1},
    {"role": "All", "read": 1}
  ]
},
{
  "name": "Role",
  "module": "Core",
  "custom": 0,
  "autoname": "field:role_name",
  "fields": [
    {"fieldname": "role_name", "fieldtype": "Data", "label": "Role Name", "reqd": 1, "unique": 1},
    {"fieldname": "disabled", "fieldtype": "Check", "label": "Disabled"},
    {"fieldname": "desk_access", "fieldtype": "Check", "label": "Desk Access", "default": "1"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1},
    {"role": "All", "read": 1}
  ]
},
{
  "name": "Has Role",
  "module": "Core",
  "istable": 1,
  "custom": 0,
  "fields": [
    {"fieldname": "role", "fieldtype": "Link", "label": "Role", "options": "Role", "reqd": 1}
  ]
},
{
  "name": "User",
  "module": "Core",
  "custom": 0,
  "autoname": "field:email",
  "title_field": "full_name",
  "fields": [
    {"fieldname": "email", "fieldtype": "Data", "label": "Email", "options": "Email", "reqd": 1, "unique": 1},
    {"fieldname": "first_name", "fieldtype": "Data", "label": "First Name", "reqd": 1},
    {"fieldname": "last_name", "fieldtype": "Data", "label": "Last Name"},
    {"fieldname": "full_name", "fieldtype": "Data", "label": "Full Name", "read_only": 1},
    {"fieldname": "enabled", "fieldtype": "Check", "label": "Enabled", "default": "1"},
    {"fieldname": "user_type", "fieldtype": "Select", "label": "User Type", "options": "System User\nWebsite User", "default": "System User"},
    {"fieldname": "language", "fieldtype": "Data", "label": "Language"},
    {"fieldname": "time_zone", "fieldtype": "Data", "label": "Time Zone"},
    {"fieldname": "roles", "fieldtype": "Table", "label": "Roles", "options": "Has Role"},
    {"fieldname": "new_password", "fieldtype": "Password", "label": "Set New Password", "description": "Write-only: hashed with argon2id and never stored in the document"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}
  ]
},
{
  "name": "Incoming Webhook URL",
  "module": "Integrations",
  "custom": 0,
  "autoname": "field:webhook_name",
  "title_field": "service",
  "fields": [
    {"fieldname": "webhook_name", "fieldtype": "Data", "label": "Name", "reqd": 1, "unique": 1},
    {"fieldname": "service", "fieldtype": "Select", "label": "Service", "options": "Mattermost\nSlack\nGoogle Chat\nRocket.Chat\nDiscord\nMicrosoft Teams\nZulip\nntfy\nMatrix\nGeneric", "default": "Mattermost", "reqd": 1},
    {"fieldname": "webhook_url", "fieldtype": "Small Text", "label": "Webhook URL", "reqd": 1, "secret": 1},
    {"fieldname": "show_document_link", "fieldtype": "Check", "label": "Show link to document", "default": "1"},
    {"fieldname": "enabled", "fieldtype": "Check", "label": "Enabled", "default": "1"},
    {"fieldname": "channel", "fieldtype": "Data", "label": "Channel", "description": "Mattermost/Slack: post to this channel instead of the webhook's"},
    {"fieldname": "username", "fieldtype": "Data", "label": "Username", "description": "Mattermost/Slack: override the poster's name"},
    {"fieldname": "icon_url", "fieldtype": "Data", "label": "Icon URL"},
    {"fieldname": "icon_emoji", "fieldtype": "Data", "label": "Icon Emoji"},
    {"fieldname": "priority", "fieldtype": "Select", "label": "Priority", "options": "\nstandard\nimportant\nurgent", "description": "Mattermost message priority"},
    {"fieldname": "thread_key", "fieldtype": "Data", "label": "Thread Key", "description": "Google Chat thread key"},
    {"fieldname": "teams_format", "fieldtype": "Select", "label": "Teams Format", "options": "Workflows\nMessageCard", "default": "Workflows", "description": "Microsoft Teams: Workflows adaptive card or legacy connector MessageCard"},
    {"fieldname": "body_template", "fieldtype": "Code", "label": "Body Template", "description": "Generic: Jinja template of the JSON body"},
    {"fieldname": "headers", "fieldtype": "Code", "label": "Headers", "description": "Generic: extra headers, one 'Name: value' per line (or a JSON object)"},
    {"fieldname": "rate_limit", "fieldtype": "Data", "label": "Rate Limit", "description": "Messages per window, e.g. 5/2s or 4/1s,60/30s; empty uses the service's default"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}
  ]
},
{
  "name": "Notification Recipient",
  "module": "Email",
  "istable": 1,
  "custom": 0,
  "fields": [
    {"fieldname": "receiver_by_document_field", "fieldtype": "Select", "label": "Receiver By Document Field"},
    {"fieldname": "receiver_by_role", "fieldtype": "Link", "label": "Receiver By Role", "options": "Role"},
    {"fieldname": "cc", "fieldtype": "Code", "label": "CC"},
    {"fieldname": "bcc", "fieldtype": "Code", "label": "BCC"},
    {"fieldname": "condition", "fieldtype": "Data", "label": "Condition"}
  ]
},
{
  "name": "Notification",
  "module": "Email",
  "custom": 0,
  "autoname": "prompt",
  "title_field": "subject",
  "fields": [
    {"fieldname": "enabled", "fieldtype": "Check", "label": "Enabled", "default": "1"},
    {"fieldname": "is_standard", "fieldtype": "Check", "label": "Is Standard"},
    {"fieldname": "module", "fieldtype": "Data", "label": "Module"},
    {"fieldname": "channel", "fieldtype": "Select", "label": "Channel", "options": "Email\nExternal Collaboration Tool\nSlack\nWebhook\nSystem Notification", "default": "Email", "reqd": 1, "set_only_once": 1},
    {"fieldname": "incoming_webhook_url", "fieldtype": "Link", "label": "Collaboration Tool Incoming Webhook URL", "options": "Incoming Webhook URL"},
    {"fieldname": "slack_webhook_url", "fieldtype": "Link", "label": "Slack Channel", "options": "Incoming Webhook URL"},
    {"fieldname": "notification_webhook_url", "fieldtype": "Link", "label": "Notification Webhook URL", "options": "Incoming Webhook URL"},
    {"fieldname": "subject", "fieldtype": "Data", "label": "Subject"},
    {"fieldname": "document_type", "fieldtype": "Link", "label": "Document Type", "options": "DocType", "reqd": 1, "search_index": 1},
    {"fieldname": "event", "fieldtype": "Select", "label": "Send Alert On", "options": "\nNew\nSave\nSubmit\nCancel\nDays After\nDays Before\nMinutes After\nMinutes Before\nValue Change\nMethod\nCustom", "reqd": 1},
    {"fieldname": "method", "fieldtype": "Data", "label": "Trigger Method"},
    {"fieldname": "date_changed", "fieldtype": "Select", "label": "Reference Date"},
    {"fieldname": "datetime_changed", "fieldtype": "Select", "label": "Reference Datetime"},
    {"fieldname": "days_in_advance", "fieldtype": "Int", "label": "Days Before or After"},
    {"fieldname": "minutes_offset", "fieldtype": "Int", "label": "Minutes Offset"},
    {"fieldname": "datetime_last_run", "fieldtype": "Datetime", "label": "Last Run", "read_only": 1},
    {"fieldname": "value_changed", "fieldtype": "Select", "label": "Value Changed"},
    {"fieldname": "sender", "fieldtype": "Link", "label": "Sender", "options": "Email Account"},
    {"fieldname": "sender_email", "fieldtype": "Data", "label": "Sender Email", "read_only": 1},
    {"fieldname": "send_system_notification", "fieldtype": "Check", "label": "Send System Notification"},
    {"fieldname": "condition_type", "fieldtype": "Select", "label": "Condition Type", "options": "Python\nFilters", "default": "Python"},
    {"fieldname": "condition", "fieldtype": "Code", "label": "Condition"},
    {"fieldname": "filters", "fieldtype": "Code", "label": "Filters"},
    {"fieldname": "set_property_after_alert", "fieldtype": "Select", "label": "Set Property After Alert"},
    {"fieldname": "property_value", "fieldtype": "Data", "label": "Value To Be Set"},
    {"fieldname": "send_to_all_assignees", "fieldtype": "Check", "label": "Send To All Assignees"},
    {"fieldname": "recipients", "fieldtype": "Table", "label": "Recipients", "options": "Notification Recipient"},
    {"fieldname": "message_type", "fieldtype": "Select", "label": "Message Type", "options": "Markdown\nHTML\nPlain Text", "default": "Markdown"},
    {"fieldname": "message", "fieldtype": "Code", "label": "Message", "default": "Add your message here"},
    {"fieldname": "attach_print", "fieldtype": "Check", "label": "Attach Print"},
    {"fieldname": "print_format", "fieldtype": "Data", "label": "Print Format"},
    {"fieldname": "undefined_mode", "fieldtype": "Select", "label": "Undefined Variables", "options": "default\ndebug", "default": "default", "description": "default: Jinja2's behaviour; debug: Frappe's (an undefined name renders as its own {{ ... }} text)"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}
  ]
},
{
  "name": "Notification Log",
  "module": "Desk",
  "custom": 0,
  "autoname": "hash",
  "owner_field": "for_user",
  "title_field": "subject",
  "read_only": 0,
  "fields": [
    {"fieldname": "subject", "fieldtype": "Text", "label": "Subject"},
    {"fieldname": "for_user", "fieldtype": "Link", "label": "For User", "options": "User", "search_index": 1},
    {"fieldname": "type", "fieldtype": "Select", "label": "Type", "options": "\nMention\nEnergy Point\nAssignment\nShare\nAlert"},
    {"fieldname": "email_content", "fieldtype": "Text Editor", "label": "Email Content"},
    {"fieldname": "document_type", "fieldtype": "Link", "label": "Document Type", "options": "DocType"},
    {"fieldname": "document_name", "fieldtype": "Data", "label": "Document Name", "search_index": 1},
    {"fieldname": "from_user", "fieldtype": "Link", "label": "From User", "options": "User"},
    {"fieldname": "read", "fieldtype": "Check", "label": "Read"},
    {"fieldname": "attached_file", "fieldtype": "Code", "label": "Attached File"},
    {"fieldname": "link", "fieldtype": "Data", "label": "Link"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "delete": 1},
    {"role": "All", "read": 1, "write": 1, "if_owner": 1}
  ]
},
{
  "name": "Error Log",
  "module": "Core",
  "custom": 0,
  "autoname": "hash",
  "read_only": 1,
  "title_field": "method",
  "fields": [
    {"fieldname": "method", "fieldtype": "Data", "label": "Title"},
    {"fieldname": "error", "fieldtype": "Code", "label": "Error"},
    {"fieldname": "reference_doctype", "fieldtype": "Link", "label": "Reference Doctype", "options": "DocType"},
    {"fieldname": "reference_name", "fieldtype": "Data", "label": "Reference Name"},
    {"fieldname": "seen", "fieldtype": "Check", "label": "Seen"},
    {"fieldname": "trace_id", "fieldtype": "Data", "label": "Trace Id"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "delete": 1}
  ]
},
{
  "name": "Webhook Delivery",
  "module": "Integrations",
  "custom": 0,
  "autoname": "hash",
  "read_only": 1,
  "fields": [
    {"fieldname": "webhook", "fieldtype": "Data", "label": "Webhook"},
    {"fieldname": "service", "fieldtype": "Data", "label": "Service"},
    {"fieldname": "notification", "fieldtype": "Data", "label": "Notification"},
    {"fieldname": "reference_doctype", "fieldtype": "Data", "label": "Reference Doctype"},
    {"fieldname": "reference_name", "fieldtype": "Data", "label": "Reference Name"},
    {"fieldname": "status", "fieldtype": "Select", "label": "Status", "options": "Queued\nSending\nRetrying\nDelivered\nFailed", "default": "Queued"},
    {"fieldname": "attempts", "fieldtype": "Int", "label": "Attempts"},
    {"fieldname": "next_attempt", "fieldtype": "Datetime", "label": "Next Attempt"},
    {"fieldname": "last_status", "fieldtype": "Int", "label": "Last Status"},
    {"fieldname": "last_error", "fieldtype": "Small Text", "label": "Last Error"},
    {"fieldname": "latency_ms", "fieldtype": "Float", "label": "Latency (ms)"},
    {"fieldname": "delivered_at", "fieldtype": "Datetime", "label": "Delivered At"},
    {"fieldname": "part", "fieldtype": "Int", "label": "Part"},
    {"fieldname": "parts", "fieldtype": "Int", "label": "Parts"},
    {"fieldname": "outbox_id", "fieldtype": "Int", "label": "Outbox Id"},
    {"fieldname": "message", "fieldtype": "Long Text", "label": "Message"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1}
  ]
},
{
  "name": "Email Account",
  "module": "Email",
  "custom": 0,
  "autoname": "field:email_account_name",
  "fields": [
    {"fieldname": "email_account_name", "fieldtype": "Data", "label": "Email Account Name", "reqd": 1, "unique": 1},
    {"fieldname": "email_id", "fieldtype": "Data", "label": "Email Address", "options": "Email", "reqd": 1},
    {"fieldname": "enable_outgoing", "fieldtype": "Check", "label": "Enable Outgoing", "default": "1"},
    {"fieldname": "default_outgoing", "fieldtype": "Check", "label": "Default Outgoing"},
    {"fieldname": "smtp_server", "fieldtype": "Data", "label": "SMTP Server"},
    {"fieldname": "smtp_port", "fieldtype": "Int", "label": "SMTP Port", "default": "587"},
    {"fieldname": "use_tls", "fieldtype": "Check", "label": "Use STARTTLS", "default": "1"},
    {"fieldname": "use_ssl", "fieldtype": "Check", "label": "Use SSL/TLS"},
    {"fieldname": "login_id", "fieldtype": "Data", "label": "Login Id"},
    {"fieldname": "password", "fieldtype": "Password", "label": "Password"},
    {"fieldname": "no_smtp_authentication", "fieldtype": "Check", "label": "Disable SMTP Server Authentication"},
    {"fieldname": "always_use_account_email_id_as_sender", "fieldtype": "Check", "label": "Always Use Account Email Id As Sender"}
  ],
  "permissions": [
    {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}
  ]
}
]
)json";

constexpr const char* kDemoIssue = R"json(
{
  "name": "Issue",
  "module": "Support",
  "custom": 1,
  "autoname": "ISS-.YYYY.-.#####",
  "title_field": "subject",
  "fields": [
    {"fieldname": "subject", "fieldtype": "Data", "label": "Subject", "reqd": 1},
    {"fieldname": "customer", "fieldtype": "Data", "label": "Customer"},
    {"fieldname": "description", "fieldtype": "Text Editor", "label": "Description"},
    {"fieldname": "status", "fieldtype": "Select", "label": "Status", "options": "Open\nReplied\nClosed", "default": "Open"},
    {"fieldname": "priority", "fieldtype": "Select", "label": "Priority", "options": "Low\nMedium\nHigh\nUrgent", "default": "Medium"},
    {"fieldname": "due_date", "fieldtype": "Date", "label": "Due Date"},
    {"fieldname": "total", "fieldtype": "Currency", "label": "Total"},
    {"fieldname": "assigned_to", "fieldtype": "Link", "label": "Assigned To", "options": "User"}
  ]
}
)json";

Json ParseDefinitions(const char* text) {
  std::string s(text);
  std::string types;
  for (std::string_view name : FieldTypeNames()) {
    if (!types.empty()) types += "\\n";
    types += name;
  }
  for (size_t pos; (pos = s.find("@FIELDTYPES@")) != std::string::npos;) {
    s.replace(pos, 12, types);
  }
  return Json::parse(s);  // Our own constant text: a parse error is a build bug, caught by tests.
}

// Whether the stored DocType differs from the built-in definition in any key the definition has.
bool DiffersFromDefinition(const Json& stored, const Json& definition) {
  for (const auto& [key, value] : definition.items()) {
    if (key == "fields" || key == "permissions") {
      const Json& rows = stored.contains(key) ? stored[key] : Json::array();
      if (!rows.is_array() || rows.size() != value.size()) return true;
      for (size_t i = 0; i < value.size(); ++i) {
        for (const auto& [k, v] : value[i].items()) {
          Json s = rows[i].contains(k) ? rows[i][k] : Json();
          if (s != v && !(s.is_number() && v.is_number() && s.get<double>() == v.get<double>())) {
            return true;
          }
        }
      }
      continue;
    }
    const Json& s = stored.contains(key) ? stored[key] : Json();
    if (s != value &&
        !(s.is_number() && value.is_number() && s.get<double>() == value.get<double>())) {
      return true;
    }
  }
  return false;
}

WriteOptions InstallerOptions() {
  WriteOptions o;
  o.user = "Administrator";
  o.keep_given_name = true;
  o.allow_builtin_change = true;
  o.origin = "install";
  return o;
}

// Inserts the definition, or updates the stored DocType when it differs. Fields the definition
// does not mention (e.g. rows' generated names) are left as stored.
Status UpsertDocType(WriteTxn& txn, DocumentService& documents, const Json& definition) {
  std::string name = definition["name"];
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> stored, txn.GetDoc("DocType", name));
  if (!stored) return documents.Insert(txn, InstallerOptions(), "DocType", definition).status();
  if (!DiffersFromDefinition(*stored, definition)) return Status::Ok();
  Json patch = definition;
  for (const char* key : {"fields", "permissions"}) {
    if (!patch.contains(key)) patch[key] = Json::array();
  }
  return documents.Update(txn, InstallerOptions(), "DocType", name, patch).status();
}

}  // namespace

const std::vector<Json>& BuiltinDocTypes() {
  static const std::vector<Json>* defs = [] {
    auto* v = new std::vector<Json>();
    for (const Json& d : ParseDefinitions(kBuiltinDocTypes)) v->push_back(d);
    return v;
  }();
  return *defs;
}

const std::vector<std::string>& BuiltinRoles() {
  static const std::vector<std::string> roles = {"Administrator", "System Manager", "All", "Guest"};
  return roles;
}

const Json& DemoIssueDocType() {
  static const Json* def = new Json(ParseDefinitions(kDemoIssue));
  return *def;
}

Status InstallBuiltins(Store& store, DocumentService& documents) {
  // The service needs the metas to write the DocType documents themselves: publish them first.
  for (const Json& def : BuiltinDocTypes()) {
    CRIER_ASSIGN_OR_RETURN(Meta meta, MetaFromDocType(def));
    documents.metas().Put(std::make_shared<const Meta>(std::move(meta)));
  }
  Status installed = RunInWriteTxn(store, [&](WriteTxn& txn) -> Status {
    for (const std::string& role : BuiltinRoles()) {
      CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists("Role", role));
      if (!exists) {
        CRIER_RETURN_IF_ERROR(
            documents.Insert(txn, InstallerOptions(), "Role", Json{{"role_name", role}}).status());
      }
    }
    for (const Json& def : BuiltinDocTypes()) {
      Status s = UpsertDocType(txn, documents, def);
      if (!s.ok()) {
        return Status(
            s.code(),
            fmt::format("installing DocType {}: {}", def["name"].get<std::string>(), s.message()),
            s.field());
      }
    }
    return Status::Ok();
  });
  CRIER_RETURN_IF_ERROR(installed);
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> read, store.BeginRead());
  return documents.metas().LoadAll(*read);
}

Status InstallDemo(Store& store, DocumentService& documents) {
  return RunInWriteTxn(store, [&](WriteTxn& txn) -> Status {
    const Json& def = DemoIssueDocType();
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists("DocType", def["name"].get<std::string>()));
    if (exists) return Status::Ok();
    WriteOptions o;
    o.user = "Administrator";
    return documents.Insert(txn, o, "DocType", def).status();
  });
}

}  // namespace crier
