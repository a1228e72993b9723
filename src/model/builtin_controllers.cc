// DocType, Incoming Webhook URL and Notification controllers.
#include "model/builtin_controllers.h"

#include <fmt/format.h>

namespace crier {
namespace {

bool IsCustom(const Json& doctype) {
  auto it = doctype.find("custom");
  return it == doctype.end() || (it->is_number() && it->get<double>() != 0);
}

class DocTypeController final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "DocType") return Status::Ok();
    const std::string_view hook = ctx.hook;
    if (hook == "validate") return Validate(ctx);
    if (hook == "on_update") return Publish(ctx);
    if (hook == "on_trash") return Trash(ctx);
    return Status::Ok();
  }

 private:
  static Status Validate(HookContext& ctx) {
    if (!ctx.options.allow_builtin_change) {
      if (ctx.before != nullptr && !IsCustom(*ctx.before)) {
        return PermissionDenied(fmt::format("{} is a built-in DocType and cannot be changed",
                                            ctx.doc["name"].get<std::string>()));
      }
      ctx.doc["custom"] = 1;
    }
    CRIER_ASSIGN_OR_RETURN(Meta meta, MetaFromDocType(ctx.doc));
    for (const FieldMeta& f : meta.fields) {
      if (f.type != FieldType::kLink && f.type != FieldType::kTable) continue;
      if (f.options == meta.name && f.type == FieldType::kLink) continue;  // Self-reference.
      CRIER_ASSIGN_OR_RETURN(auto target, ctx.txn.GetDoc("DocType", f.options));
      bool known = target.has_value();
      if (!known) {
        // A built-in being installed may point at one installed later in the same transaction.
        known = ctx.options.allow_builtin_change && ctx.documents.metas().Get(f.options).ok();
      }
      if (!known) {
        return InvalidArgument(
            fmt::format("field '{}': Could not find DocType: {}", f.fieldname, f.options),
            "fields");
      }
      if (f.type == FieldType::kTable && target && !target->value("istable", 0)) {
        return InvalidArgument(
            fmt::format("field '{}': {} is not a child DocType (istable)", f.fieldname, f.options),
            "fields");
      }
    }
    return Status::Ok();
  }

  // Indexes the fields that queries filter on, then publishes the definition once committed.
  static Status Publish(HookContext& ctx) {
    CRIER_ASSIGN_OR_RETURN(Meta meta, MetaFromDocType(ctx.doc));
    for (const FieldMeta& f : meta.fields) {
      bool wanted = f.search_index || f.unique || f.type == FieldType::kDate ||
                    f.type == FieldType::kDatetime;
      if (wanted) CRIER_RETURN_IF_ERROR(ctx.txn.EnsureFieldIndex({f.fieldname}));
    }
    auto published = std::make_shared<const Meta>(std::move(meta));
    MetaCache& cache = ctx.documents.metas();
    ctx.txn.OnCommit([&cache, published] { cache.Put(published); });
    return Status::Ok();
  }

  static Status Trash(HookContext& ctx) {
    std::string name = ctx.doc["name"];
    if (!ctx.options.allow_builtin_change && !IsCustom(ctx.doc)) {
      return PermissionDenied(fmt::format("{} is a built-in DocType and cannot be deleted", name));
    }
    CRIER_ASSIGN_OR_RETURN(std::int64_t count, ctx.txn.CountDocs(DocQuery{name}));
    if (count > 0) {
      return Conflict(
          fmt::format("DocType {} still has {} document(s); delete them first", name, count));
    }
    MetaCache& cache = ctx.documents.metas();
    ctx.txn.OnCommit([&cache, name] { cache.Erase(name); });
    return Status::Ok();
  }
};

class WebhookUrlController final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "Incoming Webhook URL" || ctx.hook != "validate") return Status::Ok();
    const Json& url = ctx.doc["webhook_url"];
    if (url.is_string() && !url.get<std::string>().empty() && !IsHttpUrl(url.get<std::string>())) {
      // The value is a secret: the message never repeats it.
      return InvalidArgument("Webhook URL must be a web address (http or https) with a host name",
                             "webhook_url");
    }
    return Status::Ok();
  }
};

class NotificationController final : public WriteHook {
 public:
  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "Notification" || ctx.hook != "before_insert") return Status::Ok();
    // Frappe: a Notification saved without a name is named after its subject.
    if (IsMissing(ctx.doc["name"]) && ctx.doc["subject"].is_string()) {
      ctx.doc["name"] = ctx.doc["subject"];
    }
    return Status::Ok();
  }
};

}  // namespace

void RegisterBuiltinControllers(DocumentService& documents) {
  documents.AddHook(std::make_unique<DocTypeController>());
  documents.AddHook(std::make_unique<WebhookUrlController>());
  documents.AddHook(std::make_unique<NotificationController>());
}

}  // namespace crier
