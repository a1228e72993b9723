// The classification every channel starts from, so that "what is retryable" is written once:
// transport errors, 429, 408/425 and 5xx retry; 404/410 mean the webhook is gone; other 4xx,
// redirects and unexpected 2xx answers fail for good. A channel adds only what its service does
// differently (Mattermost's 400 "invalid webhook", Teams' 200-with-an-error-text...).
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "channels/http_message.h"
#include "channels/outcome.h"

namespace crier {

// Classifies `response` given whether it is the service's success answer (checked by the
// channel). Sets verdict, reason, http_status, retry_after (from ServiceRetryAfter on 429, 5xx
// and 408/425) and a default detail "<status>: <body or reason phrase>". Does not redact: the
// channel layer does that once for every outcome (ClassifyAnswer in channel.h).
Outcome ClassifyHttp(const HttpResponse& response, TimePoint now, bool success);

// An outcome for a request that could not be built or sent at all (bad URL, template error).
Outcome InvalidRequest(std::string detail);

// "<status>: <summary>" where summary is the body on one line, cut to about 200 bytes at a UTF-8
// boundary, or the standard reason phrase when the body is empty.
std::string StatusDetail(int status, std::string_view body);

// The standard reason phrase of an HTTP status ("Not Found"), "" for unknown codes.
std::string_view ReasonPhrase(int status);

// The body on one line, cut to at most `max_bytes` at a UTF-8 boundary (with "..." when cut).
std::string OneLine(std::string_view text, size_t max_bytes = 200);

}  // namespace crier
