// Reading the Prometheus text format strictly.
#include "prometheus_text.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <set>

namespace crier::testing {
namespace {

bool NameChar(char c, bool first, bool colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

// Reads a name at `pos`; "" when there is none.
std::string ReadName(std::string_view line, size_t& pos, bool colon) {
  size_t start = pos;
  while (pos < line.size() && NameChar(line[pos], pos == start, colon)) ++pos;
  return std::string(line.substr(start, pos - start));
}

std::optional<double> ParseValue(std::string_view text) {
  if (text == "+Inf" || text == "Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text == "NaN") return NAN;
  if (text.empty()) return std::nullopt;
  std::string s(text);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  if (std::isnan(v) || std::isinf(v)) return std::nullopt;  // Only the spellings above.
  return v;
}

// The family a sample name belongs to, given the declared families.
std::string FamilyOf(const std::string& name, const std::map<std::string, PromFamily>& families) {
  if (families.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count", "_total"}) {
    std::string_view s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      std::string base = name.substr(0, name.size() - s.size());
      auto it = families.find(base);
      if (it == families.end()) continue;
      const std::string& type = it->second.type;
      if ((type == "histogram" && s != "_total") ||
          (type == "summary" && s != "_bucket" && s != "_total") ||
          (type == "counter" && s == "_total")) {
        return base;
      }
    }
  }
  return "";
}

Status CheckHistogram(const PromFamily& f) {
  struct Series {
    std::vector<std::pair<double, double>> buckets;  // (le, cumulative count)
    std::optional<double> sum, count;
  };
  std::map<std::map<std::string, std::string>, Series> series;
  for (const PromSample& s : f.samples) {
    auto labels = s.labels;
    if (s.name == f.name + "_bucket") {
      auto le = labels.find("le");
      if (le == labels.end())
        return InvalidArgument(fmt::format("{}: a bucket without le", f.name));
      std::optional<double> bound = ParseValue(le->second);
      if (!bound) return InvalidArgument(fmt::format("{}: bad le \"{}\"", f.name, le->second));
      labels.erase(le);
      series[labels].buckets.emplace_back(*bound, s.value);
    } else if (s.name == f.name + "_sum") {
      series[labels].sum = s.value;
    } else if (s.name == f.name + "_count") {
      series[labels].count = s.value;
    } else {
      return InvalidArgument(fmt::format("{}: unexpected sample {}", f.name, s.name));
    }
  }
  for (const auto& [labels, s] : series) {
    if (s.buckets.empty() || !std::isinf(s.buckets.back().first)) {
      return InvalidArgument(fmt::format("{}: the last bucket must be le=\"+Inf\"", f.name));
    }
    for (size_t i = 1; i < s.buckets.size(); ++i) {
      if (!(s.buckets[i - 1].first < s.buckets[i].first)) {
        return InvalidArgument(fmt::format("{}: le bounds must increase", f.name));
      }
      if (s.buckets[i - 1].second > s.buckets[i].second) {
        return InvalidArgument(fmt::format("{}: bucket counts must be cumulative", f.name));
      }
    }
    if (!s.sum || !s.count)
      return InvalidArgument(fmt::format("{}: _sum or _count missing", f.name));
    if (*s.count != s.buckets.back().second) {
      return InvalidArgument(fmt::format("{}: _count differs from the +Inf bucket", f.name));
    }
  }
  return Status::Ok();
}

}  // namespace

std::optional<double> PromExposition::Sum(std::string_view name,
                                          const std::map<std::string, std::string>& labels) const {
  std::optional<double> total;
  for (const auto& [family_name, family] : families) {
    for (const PromSample& s : family.samples) {
      if (s.name != name) continue;
      bool match = true;
      for (const auto& [k, v] : labels) {
        auto it = s.labels.find(k);
        if (it == s.labels.end() || it->second != v) match = false;
      }
      if (match) total = total.value_or(0) + s.value;
    }
  }
  return total;
}

Result<PromExposition> ParsePrometheusText(std::string_view text) {
  PromExposition out;
  if (!text.empty() && text.back() != '\n') return InvalidArgument("the text must end with \\n");
  std::set<std::string> series_seen;
  std::set<std::string> families_done;
  std::string current;  // The family whose samples are being read.
  int number = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol + 1);
    ++number;
    auto bad = [&](std::string_view why) {
      return InvalidArgument(fmt::format("line {}: {}: {}", number, why, line));
    };
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.substr(0, 7) != "# HELP " && line.substr(0, 7) != "# TYPE ") continue;  // Comment.
      size_t pos = 7;
      std::string name = ReadName(line, pos, true);
      if (name.empty() || (pos < line.size() && line[pos] != ' ')) return bad("bad metric name");
      std::string_view rest = pos < line.size() ? line.substr(pos + 1) : "";
      PromFamily& f = out.families[name];
      f.name = name;
      if (line[2] == 'H') {
        if (!f.help.empty()) return bad("a second HELP");
        std::string help;
        for (size_t i = 0; i < rest.size(); ++i) {
          if (rest[i] != '\\') {
            help += rest[i];
          } else if (i + 1 < rest.size() && (rest[i + 1] == '\\' || rest[i + 1] == 'n')) {
            help += rest[++i] == 'n' ? '\n' : '\\';
          } else {
            return bad("bad escape in HELP");
          }
        }
        f.help = help.empty() ? " " : help;
      } else {
        if (!f.type.empty()) return bad("a second TYPE");
        if (!f.samples.empty()) return bad("TYPE after samples");
        if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" &&
            rest != "untyped") {
          return bad("unknown type");
        }
        f.type = std::string(rest);
      }
      continue;
    }
    PromSample s;
    size_t pos = 0;
    s.name = ReadName(line, pos, true);
    if (s.name.empty()) return bad("bad metric name");
    if (pos < line.size() && line[pos] == '{') {
      ++pos;
      while (true) {
        if (pos < line.size() && line[pos] == '}') {
          ++pos;
          break;
        }
        std::string label = ReadName(line, pos, false);
        if (label.empty() || pos + 1 >= line.size() || line[pos] != '=' || line[pos + 1] != '"') {
          return bad("bad label");
        }
        pos += 2;
        std::string value;
        while (true) {
          if (pos >= line.size()) return bad("unterminated label value");
          char c = line[pos++];
          if (c == '"') break;
          if (c != '\\') {
            value += c;
            continue;
          }
          if (pos >= line.size()) return bad("bad escape in a label value");
          char e = line[pos++];
          if (e == '\\' || e == '"') {
            value += e;
          } else if (e == 'n') {
            value += '\n';
          } else {
            return bad("bad escape in a label value");
          }
        }
        if (!s.labels.emplace(label, value).second) return bad("a label appears twice");
        if (pos < line.size() && line[pos] == ',') ++pos;
      }
    }
    if (pos >= line.size() || line[pos] != ' ') return bad("a space must precede the value");
    std::string_view rest = line.substr(pos + 1);
    std::string_view value_text = rest.substr(0, rest.find(' '));
    std::optional<double> value = ParseValue(value_text);
    if (!value) return bad("bad value");
    if (value_text.size() < rest.size()) {  // An optional integer timestamp.
      std::string_view ts = rest.substr(value_text.size() + 1);
      if (ts.empty() || ts.find_first_not_of("-0123456789") != std::string_view::npos) {
        return bad("bad timestamp");
      }
    }
    s.value = *value;
    std::string family = FamilyOf(s.name, out.families);
    if (family.empty() || out.families[family].type.empty()) return bad("a sample without TYPE");
    if (family != current) {
      if (families_done.count(family)) return bad("the family's samples are not together");
      if (!current.empty()) families_done.insert(current);
      current = family;
    }
    std::string key = s.name;
    for (const auto& [k, v] : s.labels) key += fmt::format("\x1f{}={}", k, v);
    if (!series_seen.insert(key).second) return bad("a series appears twice");
    PromFamily& f = out.families[family];
    if (f.type == "counter" && !(s.value >= 0)) return bad("a counter must not be negative");
    f.samples.push_back(std::move(s));
  }
  for (const auto& [name, f] : out.families) {
    if (f.type == "histogram") CRIER_RETURN_IF_ERROR(CheckHistogram(f));
  }
  return out;
}

}  // namespace crier::testing
