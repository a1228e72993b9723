#include "webui/content_type.h"

#include <gtest/gtest.h>

namespace crier::webui {
namespace {

TEST(ContentTypeTest, ByExtension) {
  struct Case {
    std::string_view path;
    std::string_view type;
  };
  const Case cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"assets/app.css", "text/css; charset=utf-8"},
      {"assets/js/main.js", "text/javascript; charset=utf-8"},
      {"assets/js/MAIN.JS", "text/javascript; charset=utf-8"},
      {"assets/lib.mjs", "text/javascript; charset=utf-8"},
      {"assets/icon.svg", "image/svg+xml; charset=utf-8"},
      {"assets/logo.png", "image/png"},
      {"assets/i18n/fr.json", "application/json; charset=utf-8"},
      {"assets/font.woff2", "font/woff2"},
      {"assets/README", "application/octet-stream"},
      {"assets/.hidden", "application/octet-stream"},
      {"assets.d/file", "application/octet-stream"},
      {"assets/archive.tar.gz", "application/octet-stream"},
  };
  for (const Case& c : cases) EXPECT_EQ(ContentTypeFor(c.path), c.type) << c.path;
}

}  // namespace
}  // namespace crier::webui
