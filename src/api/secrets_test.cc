#include "api/secrets.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(SecretsTest, MaskedValuesKeepOnlyTheHost) {
  EXPECT_EQ(MaskedValue("https://mm.example.com/hooks/abc123"), "https://mm.example.com/********");
  EXPECT_EQ(MaskedValue("http://user:token@h:8065/x?y"), "http://h:8065/********");
  EXPECT_EQ(MaskedValue("smtp-password"), "********");
  EXPECT_EQ(MaskedValue(""), "");
  EXPECT_EQ(MaskedValue(nullptr), nullptr);
}

TEST(SecretsTest, RevealShowsSecretsButNeverPasswords) {
  Meta meta = *MetaFromDocType(
      {{"name", "T"},
       {"fields",
        {{{"fieldname", "webhook_url"}, {"fieldtype", "Small Text"}, {"secret", 1}},
         {{"fieldname", "password"}, {"fieldtype", "Password"}},
         {{"fieldname", "plain"}}}}});
  Json doc = {{"webhook_url", "https://h/hooks/abc"}, {"password", "pw"}, {"plain", "x"}};
  Json masked = doc;
  MaskSecrets(meta, false, masked);
  EXPECT_EQ(
      masked,
      (Json{{"webhook_url", "https://h/********"}, {"password", "********"}, {"plain", "x"}}));
  Json revealed = doc;
  MaskSecrets(meta, true, revealed);
  EXPECT_EQ(
      revealed,
      (Json{{"webhook_url", "https://h/hooks/abc"}, {"password", "********"}, {"plain", "x"}}));
  Json partial = {{"plain", "x"}};  // A projection without the secret stays as it is.
  MaskSecrets(meta, false, partial);
  EXPECT_EQ(partial, (Json{{"plain", "x"}}));
}

}  // namespace
}  // namespace crier
