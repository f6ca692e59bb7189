#include "bot/tracking/share_urls.hpp"

#include <cctype>

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

namespace ambassador::tracking {

std::string with_utm(std::string_view link_url, std::string_view network, std::int64_t post_id,
                     std::int64_t ambassador_id) {
  auto parsed = boost::urls::parse_uri(link_url);
  if (!parsed) return std::string(link_url);
  boost::urls::url url(*parsed);
  // set() replaces every existing value of the key with this one, so an editor's own utm_* cannot double up.
  auto params = url.params();
  params.set("utm_source", network);
  params.set("utm_medium", "ambassador");
  params.set("utm_campaign", "post-" + std::to_string(post_id));
  if (ambassador_id > 0) params.set("utm_content", "ambassador-" + std::to_string(ambassador_id));
  return std::string(url.buffer());
}

std::string percent_encode(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

std::string share_intent_url(std::string_view network, std::string_view tracked_url, std::string_view text) {
  if (network == "linkedin") {
    return "https://www.linkedin.com/sharing/share-offsite/?url=" + percent_encode(tracked_url);
  }
  if (network == "x") {
    std::string url = "https://twitter.com/intent/tweet?";
    if (!text.empty()) url += "text=" + percent_encode(text) + "&";
    return url + "url=" + percent_encode(tracked_url);
  }
  if (network == "facebook") {
    return "https://www.facebook.com/sharer/sharer.php?u=" + percent_encode(tracked_url);
  }
  return std::string(tracked_url);
}

std::optional<std::string> network_from_string(std::string_view text) {
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "linkedin" || lower == "x" || lower == "facebook") return lower;
  if (lower == "twitter") return "x";
  return std::nullopt;
}

}  // namespace ambassador::tracking
