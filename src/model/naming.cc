// Autoname rules.
#include "model/naming.h"

#include <fmt/format.h>

namespace crier {
namespace {

// The value of `key`, or null (a copy: nlohmann's iterators trip g++'s null-dereference check).
Json ValueOf(const Json& doc, const std::string& key) {
  return doc.is_object() && doc.contains(key) ? doc.at(key) : Json();
}

std::string GivenName(const Json& doc) {
  Json v = ValueOf(doc, "name");
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

std::string SeriesName::Format(std::int64_t counter) const {
  return fmt::format("{}{:0{}d}{}", key, counter, digits, suffix);
}

Result<SeriesName> ExpandSeries(std::string_view pattern, const Date& today) {
  if (pattern.empty()) return InvalidArgument("empty naming series", "naming_series");
  std::string p(pattern);
  if (p.find('#') == std::string::npos) p += ".#####";
  SeriesName out;
  bool after = false;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('.', start);
    if (end == std::string::npos) end = p.size();
    std::string part = p.substr(start, end - start);
    start = end + 1;
    std::string text;
    if (!part.empty() && part.find_first_not_of('#') == std::string::npos) {
      if (after) {
        return InvalidArgument(fmt::format("naming series '{}' has two counters", pattern),
                               "naming_series");
      }
      after = true;
      out.digits = static_cast<int>(part.size());
      continue;
    }
    if (part == "YYYY") {
      text = fmt::format("{:04d}", today.year);
    } else if (part == "YY") {
      text = fmt::format("{:02d}", today.year % 100);
    } else if (part == "MM") {
      text = fmt::format("{:02d}", today.month);
    } else if (part == "DD") {
      text = fmt::format("{:02d}", today.day);
    } else {
      text = part;
    }
    (after ? out.suffix : out.key) += text;
  }
  return out;
}

Status ValidateName(std::string_view name) {
  if (name.empty()) return InvalidArgument("the name is empty", "name");
  if (name.size() > 140) return InvalidArgument("the name is longer than 140 characters", "name");
  if (name.front() == ' ' || name.back() == ' ') {
    return InvalidArgument("the name starts or ends with a space", "name");
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgument("the name contains a control character", "name");
    }
    if (c == '/') return InvalidArgument("the name contains '/'", "name");
  }
  return Status::Ok();
}

Result<std::string> MakeName(const Meta& meta, const Json& doc, bool keep_given_name,
                             NamingInputs& inputs) {
  const std::string& rule = meta.autoname;
  std::string given = GivenName(doc);
  std::string name;
  if (keep_given_name && !given.empty()) {
    name = given;
  } else if (rule == "prompt" || rule == "Prompt") {
    if (given.empty()) {
      return InvalidArgument(fmt::format("a new {} needs a name", meta.name), "name");
    }
    name = given;
  } else if (rule.empty() || rule == "hash") {
    name = RandomHex(inputs.random, 5);  // 10 hex digits, like frappe.generate_hash(length=10).
  } else if (rule.rfind("field:", 0) == 0) {
    std::string field = rule.substr(6);
    Json v = ValueOf(doc, field);
    if (IsMissing(v)) {
      const FieldMeta* f = meta.Field(field);
      return InvalidArgument(fmt::format("{} is needed to name a new {}",
                                         f && !f->label.empty() ? f->label : field, meta.name),
                             field);
    }
    name = v.is_string() ? v.get<std::string>() : v.dump();
  } else {
    std::string pattern = rule;
    if (rule == "naming_series:") {
      Json v = ValueOf(doc, "naming_series");
      if (!v.is_string() || v.get<std::string>().empty()) {
        return InvalidArgument(fmt::format("Naming Series is needed to name a new {}", meta.name),
                               "naming_series");
      }
      pattern = v.get<std::string>();
    }
    CRIER_ASSIGN_OR_RETURN(SeriesName series, ExpandSeries(pattern, inputs.today));
    CRIER_ASSIGN_OR_RETURN(std::int64_t counter, inputs.next_in_series(series.key));
    name = series.Format(counter);
  }
  CRIER_RETURN_IF_ERROR(ValidateName(name));
  return name;
}

}  // namespace crier
