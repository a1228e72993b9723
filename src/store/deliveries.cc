// Naming of deliveries and the fields their view has.
#include "store/deliveries.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace crier {

std::string DeliveryName(std::int64_t outbox_id) {
  return fmt::format("DLV-{:010}", outbox_id);
}

std::optional<std::int64_t> DeliveryRowId(std::string_view name) {
  constexpr std::string_view kPrefix = "DLV-";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  std::int64_t id = 0;
  const char* end = name.data() + name.size();
  auto [parsed, ec] = std::from_chars(name.data() + kPrefix.size(), end, id);
  // Only the exact name of a row: "DLV-00000000012" or "DLV-12" is not row 12's.
  if (ec != std::errc() || parsed != end || id < 0 || DeliveryName(id) != name) {
    return std::nullopt;
  }
  return id;
}

bool IsDeliveryColumn(std::string_view field) {
  static constexpr std::array<std::string_view, 23> kColumns = {"name",
                                                                "doctype",
                                                                "owner",
                                                                "creation",
                                                                "modified",
                                                                "modified_by",
                                                                "docstatus",
                                                                "webhook",
                                                                "service",
                                                                "notification",
                                                                "reference_doctype",
                                                                "reference_name",
                                                                "status",
                                                                "attempts",
                                                                "next_attempt",
                                                                "last_status",
                                                                "last_error",
                                                                "latency_ms",
                                                                "delivered_at",
                                                                "part",
                                                                "parts",
                                                                "outbox_id",
                                                                "message"};
  return std::find(kColumns.begin(), kColumns.end(), field) != kColumns.end();
}

}  // namespace crier
