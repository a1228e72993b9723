#include "http/sse.h"

#include <gtest/gtest.h>

namespace crier::http {
namespace {

TEST(SseTest, FormatsEventsAsTheBrowserParsesThem) {
  struct Case {
    SseEvent event;
    std::string_view want;
  };
  const Case cases[] = {
      {{.data = "hello"}, "data: hello\n\n"},
      {{.event = "unread", .data = R"({"count":3})"}, "event: unread\ndata: {\"count\":3}\n\n"},
      {{.data = "a\nb\r\nc\rd"}, "data: a\ndata: b\ndata: c\ndata: d\n\n"},
      {{.data = ""}, "data: \n\n"},
      {{.data = "end\n"}, "data: end\ndata: \n\n"},
      {{.event = "x\ny", .data = "d", .id = "7\r"}, "event: x y\nid: 7 \ndata: d\n\n"},
      {{.data = "r", .retry = std::chrono::milliseconds(3000)}, "retry: 3000\ndata: r\n\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatSseEvent(c.event), c.want) << c.event.data;
}

TEST(SseTest, CommentsAreHeartbeats) {
  EXPECT_EQ(FormatSseComment("ping"), ": ping\n\n");
  EXPECT_EQ(FormatSseComment("a\nb"), ": a b\n\n");
}

}  // namespace
}  // namespace crier::http
