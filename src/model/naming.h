// How a new document gets its name, from its DocType's autoname rule: a random hash, a field's
// value, a name the client gives (prompt), or a naming series such as `ISS-.YYYY.-.#####` whose
// counter lives in the store, so a committed name is never handed out twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"
#include "base/time.h"
#include "model/meta.h"

namespace crier {

// A naming series expanded for a date: the counter key (everything before the #'s), the width of
// the counter, and the text after it. "ISS-.YYYY.-.#####" on 2026-03-01 gives key "ISS-2026-",
// width 5, suffix "". A series without #'s gets ".#####" appended, as in Frappe.
struct SeriesName {
  std::string key;
  int digits = 0;
  std::string suffix;
  std::string Format(std::int64_t counter) const;  // key + zero-padded counter + suffix.
};
// Date parts: YYYY, YY, MM, DD; any other part is literal. kInvalidArgument for an empty pattern
// or more than one # part.
Result<SeriesName> ExpandSeries(std::string_view pattern, const Date& today);

// The checks every name passes: 1 to 140 characters, no control characters, no leading or
// trailing spaces, no '/' (names appear in URLs).
Status ValidateName(std::string_view name);

struct NamingInputs {
  Random& random;
  Date today;
  // Returns the next counter value of a series key (the store's NextSeriesValue).
  std::function<Result<std::int64_t>(std::string_view key)> next_in_series;
};

// The name for `doc`, a new document of `meta`. `doc["name"]` is honoured for prompt naming, or
// for any rule when `keep_given_name` (imports and ingestion from another application); otherwise
// it is ignored, as Frappe does.
Result<std::string> MakeName(const Meta& meta, const Json& doc, bool keep_given_name,
                             NamingInputs& inputs);

}  // namespace crier
