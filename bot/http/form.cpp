#include "bot/http/form.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ambassador::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding with '+' as a space, as HTML forms and Slack encode. False on a broken escape.
bool decode_component(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

std::optional<FormFields> parse_form(std::string_view text) {
  FormFields fields;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    auto end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const auto pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string key, value;
      if (!decode_component(pair.substr(0, eq), key)) return std::nullopt;
      if (eq != std::string_view::npos && !decode_component(pair.substr(eq + 1), value)) return std::nullopt;
      fields.emplace_back(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return fields;
}

std::optional<std::string> form_value(const FormFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields)
    if (key == name) return value;
  return std::nullopt;
}

std::string encode_form(const FormFields& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    out += boost::urls::encode(key, boost::urls::unreserved_chars);
    out += '=';
    out += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return out;
}

}  // namespace ambassador::http
