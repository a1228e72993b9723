// `Webhook Delivery` is served from the outbox: each outbox row is one delivery, named
// "DLV-" and its id on ten digits, with its status, attempts and times mapped to the DocType's
// fields (docs/adr/0003-webhook-delivery-as-outbox-view.md). Each store routes reads of this
// DocType to a view of its outbox; what the view maps is said once here, and its SQL in each
// store's schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crier {

inline constexpr std::string_view kDeliveryDoctype = "Webhook Delivery";

// The name of the delivery of outbox row `id` (unless the row carries an older name).
std::string DeliveryName(std::int64_t outbox_id);

// The outbox row id a DeliveryName() names; nullopt for any other text.
std::optional<std::int64_t> DeliveryRowId(std::string_view name);

// Whether the delivery view has a column for `field` (its DocType's fields and the standard
// ones). Filters and order on another field compare a missing value.
bool IsDeliveryColumn(std::string_view field);

}  // namespace crier
