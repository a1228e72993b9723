// The real delivery pipeline, assembled for tests and benchmarks.
#include "pipeline.h"

#include "base/clock.h"
#include "base/random.h"
#include "delivery/enqueue.h"
#include "delivery/target_change_hook.h"
#include "model/builtin_controllers.h"
#include "model/builtin_doctypes.h"
#include "store/open_store.h"

namespace crier::testing {
namespace {

// Tests send no e-mail through the pipeline: an e-mail row fails loudly instead.
class NoMail final : public MailSender {
 public:
  Outcome Send(const EmailAccount&, const EmailMessage&) override {
    Outcome o;
    o.reason = Reason::kInvalidRequest;
    o.detail = "the test pipeline sends no e-mail";
    return o;
  }
};

}  // namespace

Result<std::unique_ptr<Pipeline>> Pipeline::Open(PipelineOptions options) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  CRIER_ASSIGN_OR_RETURN(p->store_, OpenStore("sqlite:" + options.db_path));
  p->documents_ = std::make_unique<DocumentService>(p->metas_, SystemClock(), SecureRandom());
  RegisterBuiltinControllers(*p->documents_);
  p->documents_->AddHook(std::make_unique<TargetChangeHook>());
  CRIER_RETURN_IF_ERROR(InstallBuiltins(*p->store_, *p->documents_));
  CRIER_ASSIGN_OR_RETURN(p->sender_, CurlHttpSender::Create(options.curl));
  p->mail_ = std::make_unique<NoMail>();
  p->dispatcher_ = std::make_unique<OutboxDispatcher>(
      OutboxDispatcher::Deps{*p->store_, *p->documents_, *p->sender_, *p->mail_, p->env_,
                             SystemClock(), SecureRandom(), &p->metrics_},
      options.dispatcher);
  return p;
}

Pipeline::~Pipeline() {
  if (dispatcher_) dispatcher_->Stop();
  dispatcher_.reset();
  sender_.reset();
}

Status Pipeline::AddWebhook(const std::string& name, const std::string& service,
                            const std::string& url, const std::string& rate_limit) {
  return RunInWriteTxn(*store_, [&](WriteTxn& txn) -> Status {
    Json doc = {{"webhook_name", name},
                {"service", service},
                {"webhook_url", url},
                {"rate_limit", rate_limit}};
    CRIER_ASSIGN_OR_RETURN(bool exists, txn.DocExists("Incoming Webhook URL", name));
    WriteOptions o;
    if (exists) return documents_->Update(txn, o, "Incoming Webhook URL", name, doc).status();
    return documents_->Insert(txn, o, "Incoming Webhook URL", doc).status();
  });
}

Status Pipeline::Enqueue(const std::vector<std::pair<std::string, std::string>>& messages) {
  return RunInWriteTxn(*store_, [&](WriteTxn& txn) -> Status {
    for (const auto& [webhook, text] : messages) {
      ChatMessage m;
      m.text = text;
      CRIER_RETURN_IF_ERROR(EnqueueChat(txn, *documents_, env_, webhook, m, {}).status());
    }
    return Status::Ok();
  });
}

Result<std::int64_t> Pipeline::Count(std::string_view status) {
  CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_->BeginRead());
  return txn->CountOutbox(status);
}

Result<std::int64_t> Pipeline::Pending() {
  CRIER_ASSIGN_OR_RETURN(std::int64_t queued, Count("queued"));
  CRIER_ASSIGN_OR_RETURN(std::int64_t sending, Count("sending"));
  return queued + sending;
}

}  // namespace crier::testing
