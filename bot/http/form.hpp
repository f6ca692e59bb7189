#pragma once
// application/x-www-form-urlencoded bodies and query strings ('+' is a space), decoded by Boost.URL.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ambassador::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// nullopt when the text is not valid form encoding (e.g. a bad percent escape).
std::optional<FormFields> parse_form(std::string_view text);
// The first value for `name`, or nullopt.
std::optional<std::string> form_value(const FormFields& fields, std::string_view name);
// Encodes fields as a form body / query string.
std::string encode_form(const FormFields& fields);

}  // namespace ambassador::http
