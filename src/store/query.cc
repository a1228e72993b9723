// Operator names and identifier checks for document queries.
#include "store/query.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace crier {
namespace {

struct OpName {
  FilterOp op;
  std::string_view name;
};

constexpr std::array<OpName, 13> kOps = {{
    {FilterOp::kEq, "="},
    {FilterOp::kNe, "!="},
    {FilterOp::kGt, ">"},
    {FilterOp::kLt, "<"},
    {FilterOp::kGe, ">="},
    {FilterOp::kLe, "<="},
    {FilterOp::kLike, "like"},
    {FilterOp::kNotLike, "not like"},
    {FilterOp::kIn, "in"},
    {FilterOp::kNotIn, "not in"},
    {FilterOp::kIsSet, "is set"},
    {FilterOp::kIsNotSet, "is not set"},
    {FilterOp::kBetween, "between"},
}};

}  // namespace

std::optional<FilterOp> ParseFilterOp(std::string_view text) {
  std::string lower;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !lower.empty();
      continue;
    }
    if (space) lower += ' ';
    space = false;
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == "<>") return FilterOp::kNe;
  if (lower == "==") return FilterOp::kEq;
  for (const OpName& o : kOps) {
    if (o.name == lower) return o.op;
  }
  return std::nullopt;
}

std::string_view FilterOpName(FilterOp op) {
  for (const OpName& o : kOps) {
    if (o.op == op) return o.name;
  }
  return "?";
}

bool IsStandardColumn(std::string_view field) {
  return field == "name" || field == "docstatus" || field == "owner" || field == "creation" ||
         field == "modified" || field == "modified_by";
}

bool IsValidFieldName(std::string_view field) {
  if (field.empty() || field.size() > 64) return false;
  if (!(std::islower(static_cast<unsigned char>(field[0])) || field[0] == '_')) return false;
  return std::all_of(field.begin(), field.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace crier
