// Keeping a lane in id order.
#include "delivery/lane.h"

#include <algorithm>

namespace crier {

bool InsertInOrder(Lane& lane, HeldRow held) {
  const std::int64_t id = held.row.id;
  if (lane.rows.empty() || lane.rows.back().row.id < id) {
    lane.rows.push_back(std::move(held));
    return true;
  }
  auto it = std::lower_bound(lane.rows.begin(), lane.rows.end(), id,
                             [](const HeldRow& h, std::int64_t v) { return h.row.id < v; });
  if (it != lane.rows.end() && it->row.id == id) return false;
  // Never in front of a row on the wire.
  if (it == lane.rows.begin() && lane.in_flight) ++it;
  lane.rows.insert(it, std::move(held));
  return true;
}

}  // namespace crier
