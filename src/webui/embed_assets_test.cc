#include "webui/embed_assets.h"

#include <gtest/gtest.h>

#include <string>

namespace crier::webui {
namespace {

// Reads back the bytes of the first `constexpr char kBodyN[] = "..." "...";` in `source`, the way
// the compiler would: adjacent literals concatenated, three-digit octal escapes decoded.
std::string DecodeBody(const std::string& source, int index) {
  std::string marker = "kBody" + std::to_string(index) + "[] =";
  size_t pos = source.find(marker);
  EXPECT_NE(pos, std::string::npos) << marker;
  pos += marker.size();
  std::string out;
  size_t end = source.find(";\n", pos);
  bool in_literal = false;
  for (size_t i = pos; i < end; ++i) {
    char c = source[i];
    if (!in_literal) {
      if (c == '"') in_literal = true;
      continue;
    }
    if (c == '"') {
      in_literal = false;
    } else if (c == '\\') {
      out += static_cast<char>(std::stoi(source.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += c;
    }
  }
  return out;
}

TEST(EmbedAssetsTest, EveryByteRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  // Digits after escapes, trigraph-like sequences and quote characters.
  all += '1';
  all += '\0';
  all += "2?";
  all += "?=\"\\";
  auto source = GenerateAssetSource({{"assets/bin.dat", all}});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ(DecodeBody(*source, 0), all);
  EXPECT_NE(source->find(std::to_string(all.size()) + "}}"), std::string::npos);
}

TEST(EmbedAssetsTest, SortedByPathWithTypeAndEtag) {
  auto source = GenerateAssetSource({{"index.html", "<!doctype html>"}, {"assets/app.css", "a{}"}});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ(DecodeBody(*source, 0), "a{}");
  EXPECT_EQ(DecodeBody(*source, 1), "<!doctype html>");
  size_t css = source->find("{\"assets/app.css\", \"text/css; charset=utf-8\", \"\\042");
  size_t html = source->find("{\"index.html\", \"text/html; charset=utf-8\"");
  ASSERT_NE(css, std::string::npos) << *source;
  ASSERT_NE(html, std::string::npos) << *source;
  EXPECT_LT(css, html);
}

TEST(EmbedAssetsTest, EmptyFileAndEmptyTable) {
  auto one = GenerateAssetSource({{"assets/empty.txt", ""}});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(DecodeBody(*one, 0), "");
  auto none = GenerateAssetSource({});
  ASSERT_TRUE(none.ok());
  EXPECT_NE(none->find("return {kAssets, 0};"), std::string::npos);
}

TEST(EmbedAssetsTest, BadPathsAreRefusedByName) {
  const char* bad[] = {"",     "/etc/passwd", "a\\b.js", "assets/../x", "./index.html",
                       "a//b", "assets/"};
  for (const char* path : bad) {
    auto source = GenerateAssetSource({{path, "x"}});
    ASSERT_FALSE(source.ok()) << path;
    EXPECT_EQ(source.status().code(), StatusCode::kInvalidArgument);
    if (*path != '\0') {
      EXPECT_NE(source.status().message().find(path), std::string::npos) << path;
    }
  }
  auto twice = GenerateAssetSource({{"a.js", "1"}, {"a.js", "2"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("'a.js' appears twice"), std::string::npos);
}

TEST(EmbedAssetsTest, EtagIsQuotedFnv1a64) {
  EXPECT_EQ(AssetEtag(""), "\"cbf29ce484222325\"");
  EXPECT_EQ(AssetEtag("a"), "\"af63dc4c8601ec8c\"");
  EXPECT_NE(AssetEtag("ab"), AssetEtag("ba"));
}

}  // namespace
}  // namespace crier::webui
