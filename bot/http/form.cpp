#include "bot/http/form.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ambassador::http {

std::optional<FormFields> parse_form(std::string_view text) {
  auto encoded = boost::urls::parse_query(text);
  if (!encoded) return std::nullopt;
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  boost::urls::params_view params(*encoded, opts);
  FormFields fields;
  for (const auto& param : params) fields.emplace_back(param.key, param.has_value ? param.value : std::string{});
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
