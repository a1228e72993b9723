// The link to a document that chat messages carry when `show_document_link` is on, built exactly
// as Frappe's get_url_to_form: base URL + "/app/<slug(doctype)>/<quoted(name)>".
#pragma once

#include <string>
#include <string_view>

namespace crier {

// Frappe's slug(): lower-case, spaces to hyphens ("Sales Invoice" -> "sales-invoice").
std::string Slug(std::string_view doctype);

// Frappe's quoted(): percent-encodes UTF-8 bytes except letters, digits and "_.-~" and
// "~@#$&()*!+=:;,.?/'" (so "INV/2024 #1" -> "INV/2024%20#1", as Frappe does).
std::string QuoteUrlPart(std::string_view text);

// base_url (its trailing slashes dropped) + "/app/" + quoted slug + "/" + quoted name.
std::string DocumentUrl(std::string_view base_url, std::string_view doctype, std::string_view name);

}  // namespace crier
