// The request both server prototypes of ADR 0001 serve, so that they are compared on identical
// work: a JSON document insert as the REST API will do it, without the database (parse the body,
// check a field, burn ~50 µs of CPU as validation and an SQLite insert would, answer the stored
// document).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace crier::bench {

struct InsertAnswer {
  int status;
  std::string body;  // JSON.
};

// Handles one `POST /api/resource/Issue` body. Thread-safe. `cpu_work` is thread CPU time spent
// (measured with CLOCK_THREAD_CPUTIME_ID, so preemption does not shorten it).
InsertAnswer HandleInsert(std::string_view body, std::chrono::microseconds cpu_work);

// Parses "--name value" flags shared by the prototypes: returns value or `fallback`.
int IntFlag(int argc, char** argv, std::string_view name, int fallback);

}  // namespace crier::bench
