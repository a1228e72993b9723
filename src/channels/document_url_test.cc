#include "channels/document_url.h"

#include <gtest/gtest.h>

namespace crier {
namespace {

TEST(DocumentUrlTest, LikeFrappesGetUrlToForm) {
  EXPECT_EQ(DocumentUrl("https://erp.example.com", "Sales Invoice", "INV-00001"),
            "https://erp.example.com/app/sales-invoice/INV-00001");
  EXPECT_EQ(DocumentUrl("https://erp.example.com/", "ToDo", "abc123"),
            "https://erp.example.com/app/todo/abc123");
  // quote(name, safe="~@#$&()*!+=:;,.?/'"): spaces and non-ASCII are encoded, '/' and '#' kept.
  EXPECT_EQ(DocumentUrl("http://h", "Issue", "ISS 2024/01 #1"),
            "http://h/app/issue/ISS%202024/01%20#1");
  EXPECT_EQ(DocumentUrl("http://h", "Issue", "Réunion"), "http://h/app/issue/R%C3%A9union");
  EXPECT_EQ(DocumentUrl("http://h", "Issue", "a%b\"c<d>"), "http://h/app/issue/a%25b%22c%3Cd%3E");
}

TEST(DocumentUrlTest, SlugLowersAndHyphenates) {
  EXPECT_EQ(Slug("Incoming Webhook URL"), "incoming-webhook-url");
  EXPECT_EQ(Slug("ToDo"), "todo");
}

}  // namespace
}  // namespace crier
