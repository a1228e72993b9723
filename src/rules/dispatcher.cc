// Dispatching document writes to notifications.
#include "rules/dispatcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "base/log.h"
#include "model/list_query.h"
#include "rules/eval_context.h"
#include "rules/event_map.h"
#include "rules/value_change.h"

namespace crier::rules {
namespace {

using Json = nlohmann::json;

bool IsBeforeHook(std::string_view hook, WriteAction action) {
  const HookPlan& plan = HooksFor(action);
  auto has = [hook](const std::vector<std::string_view>& names) {
    return std::find(names.begin(), names.end(), hook) != names.end();
  };
  return has(plan.before_naming) || has(plan.before);
}

class DispatchHook final : public WriteHook {
 public:
  explicit DispatchHook(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  Status Run(HookContext& ctx) override { return dispatcher_.OnHook(ctx); }

 private:
  Dispatcher& dispatcher_;
};

}  // namespace

Dispatcher::Dispatcher(NotificationCache& cache, NotificationRunner& runner,
                       ChatTargetCache& targets)
    : cache_(cache), runner_(runner), targets_(targets) {}

Status Dispatcher::OnHook(HookContext& ctx) {
  if (ctx.options.origin == kIngestOrigin) return Status::Ok();
  return Fire(ctx.txn, ctx.options, ctx.meta, ctx.hook, ctx.action, ctx.doc, ctx.before);
}

Status Dispatcher::Fire(WriteTxn& txn, const WriteOptions& options, const Meta& meta,
                        std::string_view hook, WriteAction action, Json& doc, const Json* before,
                        std::vector<RunReport>* reports) {
  if (meta.istable) return Status::Ok();
  Result<std::shared_ptr<const DoctypeRules>> loaded = cache_.Get(meta.name);
  if (!loaded.ok()) {
    // The write itself goes on: failing it because notifications could not be read would turn a
    // notification problem into lost data.
    CRIER_LOG_ERROR("notifications of {} could not be loaded: {}", meta.name,
                    loaded.status().message());
    return Status::Ok();
  }
  const DoctypeRules& rules = **loaded;
  if (rules.empty()) return Status::Ok();
  std::optional<Event> event = EventForHook(hook, action);
  const CompiledList* by_event = event ? &rules.ForEvent(*event) : nullptr;
  const CompiledList& by_method = rules.ForMethod(hook);
  if ((by_event == nullptr || by_event->empty()) && by_method.empty()) return Status::Ok();

  bool before_write = IsBeforeHook(hook, action);
  Target target{meta, doc, before_write ? &doc : nullptr, action == WriteAction::kDelete};
  std::optional<value::Context> context;
  // A write of a webhook reads it from its own transaction: the shared targets are the committed
  // ones.
  ChatTargets chat_targets(meta.name == "Incoming Webhook URL" ? nullptr : &targets_);
  auto run = [&](const CompiledNotification& n) {
    if (PropertyChainHas(options.origin, n.name())) return;
    if (!context) {
      context.emplace(MakeContext({doc, before, txn, runner_.documents(),
                                   ToLocal(runner_.clock().Now()), runner_.env().base_url}));
    }
    RunReport report =
        runner_.Run(txn, options, n, *context, target,
                    {.chat_targets = &chat_targets, .delivery_names = reports != nullptr});
    if (reports != nullptr) reports->push_back(std::move(report));
  };
  if (by_event != nullptr) {
    for (const auto& n : *by_event) {
      if (*event == Event::kValueChange) {
        const std::string& field = n->spec().value_changed;
        std::optional<FieldType> type = QueryableFieldType(meta, field);
        if (!type || field == "name") {
          RunReport report;
          WriteOptions o = options;
          o.origin = std::string(kDisableOrigin);
          Status disabled = runner_.documents()
                                .Update(txn, o, "Notification", n->name(), Json{{"enabled", 0}})
                                .status();
          runner_.LogError(
              txn, n->name(), target, "disabled",
              fmt::format("Notification {} has been disabled due to missing field "
                          "'{}' in {}{}",
                          n->name(), field, meta.name,
                          disabled.ok() ? "" : " (disabling failed: " + disabled.message() + ")"),
              report);
          if (reports != nullptr) reports->push_back(std::move(report));
          continue;
        }
        const Json none;
        const Json& old_value =
            before != nullptr && before->contains(field) ? (*before)[field] : none;
        const Json& new_value = doc.contains(field) ? doc[field] : none;
        if (!ValueChanged(type, old_value, new_value)) continue;
      }
      run(*n);
    }
  }
  for (const auto& n : by_method) run(*n);
  return Status::Ok();
}

std::unique_ptr<WriteHook> MakeDispatchHook(Dispatcher& dispatcher) {
  return std::make_unique<DispatchHook>(dispatcher);
}

}  // namespace crier::rules
