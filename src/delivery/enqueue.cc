// Outbox rows (which are the Webhook Deliveries) for chat messages and e-mails, in the caller's
// transaction.
#include "delivery/enqueue.h"

#include <fmt/format.h>

#include "base/time.h"
#include "channels/channel.h"
#include "channels/document_url.h"
#include "channels/split.h"
#include "channels/webhook.h"
#include "delivery/delivery_target.h"

namespace crier {
namespace {

constexpr const char* kWebhookField = "incoming_webhook_url";
constexpr const char* kSenderField = "sender";

// A new outbox row's times and owner. The age limit of retries counts from here; the row is due at
// once.
void Stamp(const DocumentService& documents, const WriteOptions& options, OutboxMessage& row) {
  const TimePoint now = documents.clock().Now();
  row.created_us = ToMicros(now);
  row.next_attempt_us = row.created_us;
  row.owner = options.user;
  row.creation = DateTimeString(now);
  row.modified = row.creation;
}

// Writes one outbox row, which is also the Webhook Delivery that shows it, and returns its name.
Result<std::string> WriteDelivery(WriteTxn& txn, DocumentService& documents,
                                  const WriteOptions& options, OutboxMessage row) {
  Stamp(documents, options, row);
  CRIER_ASSIGN_OR_RETURN(std::int64_t id, txn.EnqueueOutbox(row));
  return DeliveryName(id);
}

}  // namespace

std::string WebhookQueue(std::string_view webhook_name) {
  return fmt::format("webhook:{}", webhook_name);
}

std::string EmailQueue(std::string_view account_name) {
  return fmt::format("email:{}", account_name);
}

Result<ChatTarget> ResolveChatTarget(ReadTxn& txn, std::string_view webhook_name) {
  CRIER_ASSIGN_OR_RETURN(std::optional<Json> doc, txn.GetDoc("Incoming Webhook URL", webhook_name));
  if (!doc) {
    return Status(StatusCode::kNotFound,
                  fmt::format("Incoming Webhook URL '{}' not found", webhook_name), kWebhookField);
  }
  if (!CheckedOn(*doc, "enabled")) {
    return Status(StatusCode::kFailedPrecondition,
                  fmt::format("Incoming Webhook URL '{}' is disabled", webhook_name),
                  kWebhookField);
  }
  Result<Webhook> webhook = WebhookFromDoc(*doc);
  if (!webhook.ok()) {
    return InvalidArgument(
        fmt::format("Incoming Webhook URL '{}': {}", webhook_name, webhook.status().message()),
        kWebhookField);
  }
  const Channel* channel = FindChannel(webhook->service);
  if (channel == nullptr) {  // WebhookFromDoc checks the service; a defensive check only.
    return InvalidArgument(fmt::format("Incoming Webhook URL '{}': unknown service '{}'",
                                       webhook_name, webhook->service),
                           kWebhookField);
  }
  return ChatTarget{std::move(webhook).value(), channel};
}

bool KeepsDocument(const ChatTarget& target) {
  return target.channel->service() == "Generic";
}

void ChatTargetCache::Subscribe() {
  store_.Subscribe(std::string(kTargetsTopic), [this](std::string_view) { Invalidate(); });
}

Result<ChatTarget> ChatTargetCache::Get(std::string_view webhook_name) {
  Result<Result<ChatTarget>> entry =
      entries_.Get(webhook_name, [&]() -> Result<Result<ChatTarget>> {
        CRIER_ASSIGN_OR_RETURN(std::unique_ptr<ReadTxn> txn, store_.BeginRead());
        Result<ChatTarget> resolved = ResolveChatTarget(*txn, webhook_name);
        // What the webhook's data says is kept; a failure to read it is not.
        switch (resolved.status().code()) {
          case StatusCode::kOk:
          case StatusCode::kNotFound:
          case StatusCode::kFailedPrecondition:
          case StatusCode::kInvalidArgument:
            return resolved;
          default:
            return resolved.status();
        }
      });
  if (!entry.ok()) return entry.status();
  return std::move(entry).value();
}

const Result<ChatTarget>& ChatTargets::Get(ReadTxn& txn, std::string_view webhook_name) {
  auto found = resolved_.find(webhook_name);
  if (found == resolved_.end()) {
    found = resolved_
                .emplace(std::string(webhook_name), shared_ != nullptr
                                                        ? shared_->Get(webhook_name)
                                                        : ResolveChatTarget(txn, webhook_name))
                .first;
  }
  return found->second;
}

Result<std::vector<std::string>> EnqueueChat(WriteTxn& txn, DocumentService& documents,
                                             const ChannelEnv& env, std::string_view webhook_name,
                                             ChatMessage message, const WriteOptions& options,
                                             DeliveryNames wanted) {
  CRIER_ASSIGN_OR_RETURN(ChatTarget target, ResolveChatTarget(txn, webhook_name));
  return EnqueueChat(txn, documents, env, target, std::move(message), options, wanted);
}

Result<std::vector<std::string>> EnqueueChat(WriteTxn& txn, DocumentService& documents,
                                             const ChannelEnv& env, const ChatTarget& target,
                                             ChatMessage message, const WriteOptions& options,
                                             DeliveryNames wanted) {
  const Webhook& webhook = target.webhook;
  const Channel& channel = *target.channel;
  if (message.doc_url.empty() && !message.reference_doctype.empty() &&
      !message.reference_name.empty() && !env.base_url.empty()) {
    message.doc_url = DocumentUrl(env.base_url, message.reference_doctype, message.reference_name);
  }
  const bool keep_doc = KeepsDocument(target);
  if (!keep_doc) message.doc = nullptr;
  std::vector<std::string> names;
  for (const ChatMessage& part : SplitForChannel(channel, webhook, message, env)) {
    OutboxMessage row;
    row.queue = WebhookQueue(webhook.name);
    row.channel = std::string(kChatChannel);
    row.payload = ChatPayload(webhook.name, part, keep_doc).dump();
    row.reference_doctype = part.reference_doctype;
    row.reference_name = part.reference_name;
    row.notification = part.notification;
    row.service = std::string(channel.service());
    if (wanted == DeliveryNames::kNotNeeded) {
      Stamp(documents, options, row);
      CRIER_RETURN_IF_ERROR(txn.EnqueueOutboxLater(row));
      continue;
    }
    CRIER_ASSIGN_OR_RETURN(std::string name,
                           WriteDelivery(txn, documents, options, std::move(row)));
    names.push_back(std::move(name));
  }
  txn.Publish(kOutboxTopic, "");
  return names;
}

Result<std::string> EnqueueEmail(WriteTxn& txn, DocumentService& documents,
                                 const EmailDelivery& email, const WriteOptions& options) {
  if (email.recipients.empty() && email.cc.empty() && email.bcc.empty()) {
    return InvalidArgument("the e-mail has no recipient", "recipients");
  }
  std::optional<Json> account;
  if (email.account.empty()) {
    DocQuery q{
        .doctype = "Email Account",
        .filters = {{"default_outgoing", FilterOp::kEq, 1}, {"enable_outgoing", FilterOp::kEq, 1}},
        .order_by = {{"name", false}},
        .limit = 1};
    CRIER_ASSIGN_OR_RETURN(std::vector<Json> found, txn.ListDocs(q));
    if (found.empty()) {
      return Status(StatusCode::kFailedPrecondition,
                    "no Email Account is set as default outgoing: choose a sender or mark an "
                    "account Default Outgoing",
                    kSenderField);
    }
    account = std::move(found.front());
  } else {
    CRIER_ASSIGN_OR_RETURN(account, txn.GetDoc("Email Account", email.account));
    if (!account) {
      return Status(StatusCode::kNotFound,
                    fmt::format("Email Account '{}' not found", email.account), kSenderField);
    }
    if (!CheckedOn(*account, "enable_outgoing")) {
      return Status(StatusCode::kFailedPrecondition,
                    fmt::format("Email Account '{}' has outgoing e-mail disabled", email.account),
                    kSenderField);
    }
  }
  const std::string account_name = account->value("name", "");
  OutboxMessage row;
  row.queue = EmailQueue(account_name);
  row.channel = std::string(kEmailChannel);
  row.payload = EmailPayload(account_name, email).dump();
  row.reference_doctype = email.reference_doctype;
  row.reference_name = email.reference_name;
  row.notification = email.notification;
  row.service = "Email";
  CRIER_ASSIGN_OR_RETURN(std::string name, WriteDelivery(txn, documents, options, std::move(row)));
  txn.Publish(kOutboxTopic, "");
  return name;
}

}  // namespace crier
