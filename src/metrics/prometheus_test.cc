#include "metrics/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>

#include "prometheus_text.h"

namespace crier::metrics {
namespace {

using testing::ParsePrometheusText;

TEST(PrometheusTest, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(-3), "-3");
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(1.5e20), "1.5e+20");
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
  EXPECT_EQ(FormatValue(NAN), "NaN");
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_TRUE(ValidMetricName("crier:deliveries_total"));
  EXPECT_FALSE(ValidMetricName("9lives"));
  EXPECT_FALSE(ValidLabelName("a:b"));
  EXPECT_FALSE(ValidLabelName("__reserved"));
}

TEST(PrometheusTest, CountersAndHistogramsReadBackThroughAStrictParser) {
  CounterFamily deliveries("crier_test_deliveries_total", "Deliveries by service\nand outcome.",
                           {"service", "outcome"});
  deliveries.Add({"Mattermost", "delivered"}, 3);
  deliveries.Add({"Mattermost", "delivered"});
  deliveries.Add({"Odd \"quoted\" \\ name\n", "gone"});
  HistogramFamily latency("crier_test_latency_seconds", "Latency.", {"service"}, {0.01, 0.1, 1});
  for (double v : {0.001, 0.01, 0.05, 0.5, 7.0}) latency.Observe({"Slack"}, v);
  latency.Observe({"Zulip"}, 0.2);
  std::string text;
  deliveries.Render(text);
  latency.Render(text);

  auto parsed = ParsePrometheusText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << "\n" << text;
  const auto& families = parsed->families;
  ASSERT_EQ(families.count("crier_test_deliveries_total"), 1u);
  EXPECT_EQ(families.at("crier_test_deliveries_total").type, "counter");
  EXPECT_EQ(families.at("crier_test_deliveries_total").help, "Deliveries by service\nand outcome.");
  EXPECT_EQ(parsed->Sum("crier_test_deliveries_total", {{"service", "Mattermost"}}), 4);
  EXPECT_EQ(parsed->Sum("crier_test_deliveries_total", {{"service", "Odd \"quoted\" \\ name\n"}}),
            1)
      << "label values survive escaping";
  EXPECT_EQ(families.at("crier_test_latency_seconds").type, "histogram");
  EXPECT_EQ(
      parsed->Sum("crier_test_latency_seconds_bucket", {{"service", "Slack"}, {"le", "0.01"}}), 2)
      << "a value equal to a bound counts in its bucket";
  EXPECT_EQ(parsed->Sum("crier_test_latency_seconds_bucket", {{"service", "Slack"}, {"le", "1"}}),
            4);
  EXPECT_EQ(
      parsed->Sum("crier_test_latency_seconds_bucket", {{"service", "Slack"}, {"le", "+Inf"}}), 5);
  EXPECT_EQ(parsed->Sum("crier_test_latency_seconds_count", {{"service", "Slack"}}), 5);
  EXPECT_DOUBLE_EQ(*parsed->Sum("crier_test_latency_seconds_sum", {{"service", "Slack"}}), 7.561);
  EXPECT_EQ(latency.Count({"Zulip"}), 1u);
  EXPECT_EQ(deliveries.Value({"Mattermost", "delivered"}), 4);
}

// The parser is the test's referee: it must refuse what a scraper refuses.
TEST(PrometheusTest, TheParserRefusesMalformedExpositions) {
  const char* bad[] = {
      "x 1\n",                                                           // No TYPE.
      "# TYPE x counter\nx -1\n",                                        // Negative counter.
      "# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n",                          // Label twice.
      "# TYPE x gauge\nx{a=\"\\t\"} 1\n",                                // Bad escape.
      "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",                    // Series twice.
      "# TYPE x gauge\nx one\n",                                         // Bad value.
      "# TYPE x gauge\nx 1",                                             // No final newline.
      "# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{b=\"\"} 1\n",         // Interleaved families.
      "# TYPE x gauge\nx 1\n# TYPE x gauge\n",                           // TYPE twice.
      "# TYPE x strange\n",                                              // Unknown type.
      "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n",  // No +Inf.
      "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n",  // Count mismatch.
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n",           // No sum.
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParsePrometheusText(text).ok()) << text;
  }
  EXPECT_TRUE(
      ParsePrometheusText("# a comment\n# TYPE x gauge\nx{a=\"1\",} 1 1700000000000\n\n").ok());
}

}  // namespace
}  // namespace crier::metrics
