// The Notification controller of the notification engine.
#include "rules/notification_controller.h"

#include "base/time.h"
#include "model/document_service.h"
#include "rules/dispatcher.h"
#include "rules/json_text.h"
#include "rules/notification_cache.h"
#include "rules/notification_spec.h"
#include "rules/notification_validator.h"

namespace crier::rules {
namespace {

class NotificationController final : public WriteHook {
 public:
  NotificationController(const Clock& clock, const ChannelEnv& env) : clock_(clock), env_(env) {}

  Status Run(HookContext& ctx) override {
    if (ctx.meta.name != "Notification") return Status::Ok();
    if (ctx.hook == "validate") return Validate(ctx);
    if (ctx.hook == "on_update") {
      CRIER_RETURN_IF_ERROR(IndexDateField(ctx));
      PublishChange(ctx);
    } else if (ctx.hook == "on_trash") {
      PublishChange(ctx);
    }
    return Status::Ok();
  }

 private:
  Status Validate(HookContext& ctx) {
    if (ctx.options.origin == kDisableOrigin) return Status::Ok();
    std::vector<FieldError> errors = ValidateNotification(
        {ctx.doc, ctx.txn, ctx.documents, ToLocal(clock_.Now()), env_.base_url});
    if (!errors.empty()) return errors.front().ToStatus();
    return Status::Ok();
  }

  static Status IndexDateField(HookContext& ctx) {
    NotificationSpec spec = SpecFromDoc(ctx.doc);
    if (!spec.event || !IsScheduledEvent(*spec.event)) return Status::Ok();
    const std::string& field = IsDaysEvent(*spec.event) ? spec.date_changed : spec.datetime_changed;
    // creation and modified are columns of their own; modified is indexed with the doctype.
    if (field.empty() || IsStandardColumn(field)) return Status::Ok();
    return ctx.txn.EnsureFieldIndex({field});
  }

  static void PublishChange(HookContext& ctx) {
    std::string doctype = TextOf(ctx.doc, "document_type");
    ctx.txn.Publish(kNotificationsTopic, doctype);
    if (ctx.before != nullptr) {
      std::string previous = TextOf(*ctx.before, "document_type");
      if (previous != doctype) ctx.txn.Publish(kNotificationsTopic, previous);
    }
  }

  const Clock& clock_;
  const ChannelEnv& env_;
};

}  // namespace

std::unique_ptr<WriteHook> MakeNotificationController(const Clock& clock, const ChannelEnv& env) {
  return std::make_unique<NotificationController>(clock, env);
}

}  // namespace crier::rules
