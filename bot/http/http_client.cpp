#include "bot/http/http_client.hpp"

#include <boost/url/parse.hpp>

namespace ambassador::http {
namespace {

// API method names ("chat.postMessage", "sendMessage", "activities") pass; tokens, ids and keys carry digits,
// ':' or are longer, and become '*'.
constexpr std::size_t kMaxShownSegment = 20;

bool safe_to_show(std::string_view segment) {
  if (segment.empty() || segment.size() > kMaxShownSegment) return false;
  for (char c : segment) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

HttpClient::~HttpClient() = default;

std::string redacted_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "(invalid url)";
  std::string out;
  out.append(parsed->scheme()).append("://").append(parsed->encoded_host());
  if (parsed->has_port()) out.append(":").append(parsed->port());
  for (auto segment : parsed->encoded_segments()) {
    out.push_back('/');
    std::string_view text(segment.data(), segment.size());
    if (!text.empty()) out.append(safe_to_show(text) ? text : "*");
  }
  return out;
}

}  // namespace ambassador::http
