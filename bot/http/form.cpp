#include "bot/http/form.hpp"

#include <algorithm>

#include <boost/url/encode.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ambassador::http {
namespace {

// Percent-decoding with '+' as a space, as HTML forms and Slack encode; nullopt on a broken escape. Each
// component is checked for its escapes only, not with parse_query: that one also refuses bytes RFC 3986 keeps
// out of a query (spaces, '|', '[', non-ASCII), which browsers and curl send unencoded in a query string.
std::optional<std::string> decode_component(std::string_view text) {
  const auto escaped = boost::urls::make_pct_string_view(text);
  if (!escaped) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  return escaped->decode(options);
}

}  // namespace

std::optional<FormFields> parse_form(std::string_view text) {
  FormFields fields;
  while (!text.empty()) {
    const auto end = std::min(text.find('&'), text.size());
    const auto pair = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = decode_component(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::optional<std::string>("") : decode_component(pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    fields.emplace_back(std::move(*key), std::move(*value));
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
