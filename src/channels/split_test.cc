#include "channels/split.h"

#include <gtest/gtest.h>

#include <random>

#include "channels/channel_test_util.h"
#include "channels/text_measure.h"

namespace crier {
namespace {

using Parts = std::vector<std::string>;

Parts Split(std::string_view text, size_t max) {
  return SplitText(text, max, TextMeasure::kCodePoints);
}

TEST(SplitTest, TextThatFitsIsOnePartUnchanged) {
  EXPECT_EQ(Split("hello world", 11), (Parts{"hello world"}));
  EXPECT_EQ(Split("", 5), (Parts{""}));
  EXPECT_EQ(Split("  \n\n ", 2).size(), 1u);
}

TEST(SplitTest, ParagraphThenLineThenWordThenCodePoint) {
  EXPECT_EQ(Split("aaa bbb\nccc\n\nddd eee", 12), (Parts{"aaa bbb\nccc", "ddd eee"}));
  EXPECT_EQ(Split("aaa bbb\nccc ddd eee", 12), (Parts{"aaa bbb", "ccc ddd eee"}));
  EXPECT_EQ(Split("aaa bbb ccc ddd", 8), (Parts{"aaa bbb", "ccc ddd"}));
  EXPECT_EQ(Split("abcdefghij", 4), (Parts{"abcd", "efgh", "ij"}));
  // The last paragraph break that fits wins over a later line break.
  EXPECT_EQ(Split("p1\n\nline a\nline b\nline c", 20), (Parts{"p1", "line a\nline b\nline c"}));
  // A break right at the limit is taken.
  EXPECT_EQ(Split("aaaa bbbb", 4), (Parts{"aaaa", "bbbb"}));
  // Blank lines made of spaces still separate paragraphs; indentation after them is kept.
  EXPECT_EQ(Split("one two\n   \n  three four", 12), (Parts{"one two", "  three four"}));
}

TEST(SplitTest, CountsCodePointsNotBytes) {
  std::string text = "ééééé ééééé";  // 11 code points, 21 bytes.
  EXPECT_EQ(Split(text, 11), (Parts{text}));
  EXPECT_EQ(Split(text, 10), (Parts{"ééééé", "ééééé"}));
  EXPECT_EQ(SplitText(text, 12, TextMeasure::kUtf8Bytes), (Parts{"ééééé", "ééééé"}));
  // Never inside a code point, even at a hard cut.
  EXPECT_EQ(SplitText("ééé", 3, TextMeasure::kUtf8Bytes), (Parts{"é", "é", "é"}));
  EXPECT_EQ(Split("😀😀😀", 2), (Parts{"😀😀", "😀"}));
}

// The bound that spares measuring a short text is never below the measure, malformed UTF-8
// included.
TEST(SplitTest, MeasureBoundIsAnUpperBound) {
  for (std::string_view text :
       {"", "plain", "ééééé", "😀😀", "a\"b\n\x01\x1f", "\x80\x80\xC3", "\xF0\x9F", "\t\r\b\f\\"}) {
    for (TextMeasure m :
         {TextMeasure::kCodePoints, TextMeasure::kUtf8Bytes, TextMeasure::kJsonBytes}) {
      EXPECT_GE(MeasureBound(text, m), MeasureText(text, m))
          << "measure " << static_cast<int>(m) << ": " << text;
    }
  }
  EXPECT_EQ(MeasureBound("\x01", TextMeasure::kJsonBytes),
            MeasureText("\x01", TextMeasure::kJsonBytes));
}

TEST(SplitTest, JsonBytesCountEscapes) {
  EXPECT_EQ(MeasureText("a\"b\n\x01", TextMeasure::kJsonBytes), 1u + 2 + 1 + 2 + 6);
  EXPECT_EQ(SplitText("\"\"\"\"", 4, TextMeasure::kJsonBytes), (Parts{"\"\"", "\"\""}));
}

TEST(SplitTest, NeverInsideALink) {
  // The last space that fits is inside the link: the part ends before the link instead.
  EXPECT_EQ(Split("aa [one two](u) bb", 12), (Parts{"aa", "[one two](u)", "bb"}));
  EXPECT_EQ(Split("aa <http://x|one two> bb", 18), (Parts{"aa", "<http://x|one two>", "bb"}));
  EXPECT_EQ(Split("aa ![an image](i.png) bb", 19), (Parts{"aa", "![an image](i.png)", "bb"}));
  // A link longer than the limit has to be cut.
  Parts long_link = Split("[aaaaaaaaaa](http://x)", 10);
  EXPECT_EQ(long_link.size(), 3u);
}

TEST(SplitTest, PrefersBreakingBeforeAFence) {
  std::string text = "intro text\n```\ncode 1\ncode 2\n```\nafter";
  EXPECT_EQ(Split(text, 30), (Parts{"intro text", "```\ncode 1\ncode 2\n```\nafter"}));
}

TEST(SplitTest, ClosesAndReopensAFenceThatMustBeSplit) {
  std::string text = "```python\nline one\nline two\nline three\n```";
  Parts parts = Split(text, 32);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "```python\nline one\nline two\n```");
  EXPECT_EQ(parts[1], "```python\nline three\n```");
  // Tilde fences and longer markers are closed with the same marker.
  parts = Split("~~~~\naaaa\nbbbb\ncccc\n~~~~", 21);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "~~~~\naaaa\nbbbb\n~~~~");
  EXPECT_EQ(parts[1], "~~~~\ncccc\n~~~~");
}

TEST(SplitTest, ForChannelLeavesRoomForTheLinkOnTheLastPartOnly) {
  const Channel* mattermost = FindChannel("Mattermost");
  Webhook w = testing::HookFor("Mattermost", "https://chat.example.com/hooks/abc");
  ChatMessage m = testing::TestMessage(std::string(20000, 'x'));
  std::vector<ChatMessage> parts = SplitForChannel(*mattermost, w, m, {});
  ASSERT_EQ(parts.size(), 2u);
  size_t overhead = mattermost->TextOverhead(w, m, {});
  EXPECT_EQ(parts[0].text.size(), 16383 - overhead);
  EXPECT_EQ(parts[0].doc_url, "");
  EXPECT_EQ(parts[1].doc_url, testing::kDocUrl);
  EXPECT_EQ(parts[0].part, 1);
  EXPECT_EQ(parts[1].part, 2);
  EXPECT_EQ(parts[1].parts, 2);
  for (const ChatMessage& part : parts) {
    auto body = nlohmann::json::parse(mattermost->BuildRequest(w, part, {})->body);
    EXPECT_LE(MeasureText(body["text"].get<std::string>(), TextMeasure::kCodePoints), 16383u);
  }
  // Discord: Frappe cuts 2,001 characters to 1,997 + "..."; crier sends two messages.
  const Channel* discord = FindChannel("Discord");
  auto two = SplitForChannel(*discord, w, testing::TestMessage(std::string(2001, 'x')), {});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].text.size() + two[1].text.size(), 2001u);
  EXPECT_EQ(SplitForChannel(*discord, w, testing::TestMessage(std::string(2000, 'x')), {}).size(),
            1u);
}

// ---- Properties over random Markdown ----

std::string RandomText(std::mt19937& rng) {
  static const char* kWords[] = {"alpha", "beta",     "gamma",
                                 "déjà",  "vu",       "日本語",
                                 "😀",     "x",        "supercalifragilisticexpialidocious",
                                 "a.b",   "**bold**", "_it_"};
  std::uniform_int_distribution<int> pick(0, 99);
  std::string out;
  int blocks = 1 + pick(rng) % 12;
  for (int b = 0; b < blocks; ++b) {
    int kind = pick(rng);
    if (kind < 15) {  // A fenced code block.
      const char* fence = pick(rng) % 2 ? "```" : "~~~~";
      out += fence;
      if (pick(rng) % 2) out += "js";
      out += '\n';
      int lines = 1 + pick(rng) % 8;
      for (int l = 0; l < lines; ++l) {
        out += "  code(" + std::to_string(pick(rng)) + ") [not](a link)";
        out += '\n';
      }
      if (pick(rng) % 10 != 0) out += fence;  // Sometimes unclosed.
    } else {
      int words = 1 + pick(rng) % 30;
      for (int w = 0; w < words; ++w) {
        int r = pick(rng);
        if (r < 5) {
          out += "[link text](https://example.com/doc?id=" + std::to_string(r) + ")";
        } else if (r < 9) {
          out += "<https://example.com/" + std::to_string(r) + "|slack link>";
        } else if (r < 12) {
          out += std::string(30 + r, 'w');  // A word longer than small limits.
        } else {
          out += kWords[r % std::size(kWords)];
        }
        int sep = pick(rng);
        out += sep < 70 ? " " : sep < 85 ? "\n" : sep < 90 ? "  " : "\t";
      }
    }
    out += pick(rng) % 3 ? "\n\n" : "\n";
  }
  return out;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void CheckProperties(const std::string& text, size_t max, TextMeasure measure) {
  std::vector<SplitPiece> pieces = PlanSplit(text, max, measure);
  ASSERT_FALSE(pieces.empty());
  size_t at = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const SplitPiece& p = pieces[i];
    std::string part = p.Text(text);
    // Every part fits (a single code point costlier than the limit is the only exception).
    if (p.end - p.begin > 4) {
      EXPECT_LE(MeasureText(part, measure), max) << "part " << i << ": " << part;
    }
    // Parts rejoin to the original: the pieces are in order, and what lies between them is only
    // the whitespace of the break.
    ASSERT_GE(p.begin, at);
    EXPECT_TRUE(IsBlank(std::string_view(text).substr(at, p.begin - at)))
        << "dropped non-blank text before part " << i;
    at = p.end;
    // Prefixes and suffixes are only fence lines.
    if (!p.prefix.empty()) {
      EXPECT_TRUE(p.prefix.rfind("```", 0) == 0 || p.prefix.rfind("~~~", 0) == 0) << p.prefix;
      EXPECT_EQ(p.prefix.back(), '\n');
    }
    if (!p.suffix.empty()) {
      std::string_view marker = std::string_view(p.suffix).substr(p.suffix[0] == '\n');
      EXPECT_TRUE(marker.find_first_not_of(marker[0]) == std::string_view::npos) << p.suffix;
    }
    // A part that closes a fence is followed by one that reopens it.
    if (!p.suffix.empty()) {
      ASSERT_LT(i + 1, pieces.size());
      EXPECT_FALSE(pieces[i + 1].prefix.empty());
    }
  }
  EXPECT_TRUE(IsBlank(std::string_view(text).substr(at)));
}

TEST(SplitPropertyTest, PartsFitAndRejoinToTheOriginal) {
  std::mt19937 rng(20260524);
  for (int round = 0; round < 400; ++round) {
    std::string text = RandomText(rng);
    size_t max = std::uniform_int_distribution<size_t>(40, 400)(rng);
    for (TextMeasure m :
         {TextMeasure::kCodePoints, TextMeasure::kUtf8Bytes, TextMeasure::kJsonBytes}) {
      SCOPED_TRACE(::testing::Message() << "round " << round << " max " << max << " measure "
                                        << static_cast<int>(m) << "\n"
                                        << text);
      CheckProperties(text, max, m);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(SplitPropertyTest, NoPartEndsInsideALinkThatWouldFit) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text = RandomText(rng);
    for (const SplitPiece& p : PlanSplit(text, 120, TextMeasure::kCodePoints)) {
      std::string part = p.Text(text);
      // Links in the generator are at most ~60 characters: none may be cut.
      size_t open = part.rfind("[link text](");
      if (open != std::string::npos && part.find(')', open) == std::string::npos &&
          part.find("```") == std::string::npos && part.find("~~~") == std::string::npos) {
        ADD_FAILURE() << "link cut in part: " << part;
      }
      size_t angle = part.rfind("<https://");
      if (angle != std::string::npos && part.find('>', angle) == std::string::npos &&
          part.find("```") == std::string::npos && part.find("~~~") == std::string::npos) {
        ADD_FAILURE() << "slack link cut in part: " << part;
      }
    }
  }
}

}  // namespace
}  // namespace crier
