// Splitting a message that is too long for a service into parts that each fit, so that nothing is
// truncated and no server splits it for us at a random point (Mattermost does, mid-word and
// mid-fence). Parts break at the last paragraph boundary that fits, else the last line break, else
// the last space, else at a code point; never inside a Markdown link `[text](url)` or a Slack link
// `<url|text>` (unless the link alone is longer than the limit); never inside a fenced code block
// when a break outside it fits, and when a fence must be split the part closes it and the next
// part reopens it with the same opening line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"

namespace crier {

// One part: the original bytes [begin, end), with `prefix` (a reopened fence: its opening line and
// a newline) before and `suffix` (a newline if needed and the closing fence) after. The
// whitespace between one part's end and the next part's begin is the break that was dropped.
struct SplitPiece {
  size_t begin = 0;
  size_t end = 0;
  std::string prefix;
  std::string suffix;

  std::string Text(std::string_view original) const;
};

// Plans the split of `text` so that each part's Text() costs at most `max` under `measure`. A text
// that fits is one piece, unchanged. Parts that would hold only whitespace are dropped.
// REQUIRES: max > 0.
std::vector<SplitPiece> PlanSplit(std::string_view text, size_t max, TextMeasure measure);

// The parts' texts, in order.
std::vector<std::string> SplitText(std::string_view text, size_t max, TextMeasure measure);

// The parts of `message` as the channel will send them, in order: each part's text fits the
// channel's limit after the channel's own additions (TextOverhead), `part`/`parts` are set, and
// only the last part carries the document link. One part when the channel has no limit.
std::vector<ChatMessage> SplitForChannel(const Channel& channel, const Webhook& webhook,
                                         const ChatMessage& message, const ChannelEnv& env);

}  // namespace crier
