// Session ids and API secrets are long random values: crier stores only their SHA-256, so a copy
// of the database does not let anyone log in.
#pragma once

#include <string>
#include <string_view>

namespace crier {

// Lowercase hex SHA-256 of `value`.
std::string Sha256Hex(std::string_view value);

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace crier
