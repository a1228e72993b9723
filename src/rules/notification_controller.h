// The notification engine's side of saving a Notification document: it is validated first
// (notification_validator.h; the first error refuses the save), the date field of a Days or
// Minutes notification gets a store index (so the scheduler's date queries seek instead of
// scanning), and once the change commits the cache of the DocTypes concerned is dropped on every
// node (kNotificationsTopic).
#pragma once

#include <memory>

#include "base/clock.h"
#include "channels/message.h"
#include "model/write_hook.h"

namespace crier::rules {

// `clock` gives conditions their "now" during validation, `env` the base URL. Both must outlive
// the hook.
std::unique_ptr<WriteHook> MakeNotificationController(const Clock& clock, const ChannelEnv& env);

}  // namespace crier::rules
