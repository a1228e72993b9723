#include "channels/email/markdown.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(MarkdownTest, GithubFlavourWithExtensions) {
  std::string html = MarkdownToHtml(
      "**Issue** ~~closed~~ reopened\n"
      "line two\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
      "see https://erp.example.com/app/issue/ISS-1\n\n"
      "```python\nprint(1)\n```\n");
  EXPECT_TRUE(Contains(html, "<strong>Issue</strong>")) << html;
  EXPECT_TRUE(Contains(html, "<del>closed</del>")) << html;
  EXPECT_TRUE(Contains(html, "reopened<br />\nline two")) << html;  // Line breaks are kept.
  EXPECT_TRUE(Contains(html, "<table>")) << html;
  EXPECT_TRUE(Contains(html, "<td>2</td>")) << html;
  EXPECT_TRUE(Contains(html,
                       "<a "
                       "href=\"https://erp.example.com/app/issue/ISS-1\">https://erp.example.com/"
                       "app/issue/ISS-1</a>"))
      << html;
  EXPECT_TRUE(Contains(html, "<pre lang=\"python\"><code>print(1)")) << html;
}

TEST(MarkdownTest, HtmlPassesButDangerousTagsAreFiltered) {
  std::string html = MarkdownToHtml("<p>Hello <b>Ada</b></p>\n\n<script>alert(1)</script>");
  EXPECT_TRUE(Contains(html, "<p>Hello <b>Ada</b></p>")) << html;
  EXPECT_FALSE(Contains(html, "<script>")) << html;
  EXPECT_TRUE(Contains(html, "&lt;script>")) << html;
  EXPECT_TRUE(Contains(HtmlDocument("x"), "<meta charset=\"utf-8\">"));
}

TEST(MarkdownTest, PlainTextKeepsTheSourceWithoutTags) {
  EXPECT_EQ(MarkdownToText("**Issue** [ISS-1](http://x/1)"), "**Issue** [ISS-1](http://x/1)");
  EXPECT_EQ(MarkdownToText("<p>Hello <b>Ada</b> &amp; co</p><p>Bye</p>"), "Hello Ada & co\nBye\n");
  EXPECT_EQ(MarkdownToText("a<br>b"), "a\nb");
  EXPECT_EQ(MarkdownToText("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
}

}  // namespace
}  // namespace crier
