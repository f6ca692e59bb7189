#include "config/checks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include <arpa/inet.h>

#include <date/tz.h>

namespace ambassador::config::checks {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Exactly four decimal octets, the first 127: "127.1" or "0x7f.0.0.1" are spellings resolvers read differently.
bool is_loopback_ipv4(std::string_view host) {
  for (int octet = 0; octet < 4; ++octet) {
    const auto dot = host.find('.');
    const std::string_view digits = host.substr(0, dot);
    if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), is_digit)) return false;
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    if (value > 255 || (octet == 0 && value != 127)) return false;
    if (octet == 3) return dot == std::string_view::npos;
    if (dot == std::string_view::npos) return false;
    host.remove_prefix(dot + 1);
  }
  return false;
}

}  // namespace

bool is_slug(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool is_role_name(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return is_lower_alnum(c) || c == '-' || c == '_'; });
}

bool is_known_time_zone(const std::string& name) {
  if (name.empty()) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    // date throws std::runtime_error for names it does not know.
    return false;
  }
}

bool is_cidr(std::string_view text, std::string& why) {
  const auto slash = text.find('/');
  const std::string address(text.substr(0, slash));
  std::array<unsigned char, 16> bytes{};
  int bits = 32;
  if (inet_pton(AF_INET, address.c_str(), bytes.data()) != 1) {
    bits = 128;
    if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) {
      why = "'" + address + "' is not an IPv4 or IPv6 address";
      return false;
    }
    const bool v4_mapped = std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
                           bytes[10] == 0xff && bytes[11] == 0xff;
    if (v4_mapped) {
      why = "'" + address + "' is an IPv4-mapped address: write the IPv4 block itself (a.b.c.d/n)";
      return false;
    }
  }
  int prefix = bits;
  if (slash != std::string_view::npos) {
    const auto prefix_text = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
    if (prefix_text.empty() || prefix_text.front() < '0' || prefix_text.front() > '9' || error != std::errc() ||
        end != prefix_text.data() + prefix_text.size() || prefix < 0 || prefix > bits) {
      why = "the prefix length after '/' must be a number from 0 to " + std::to_string(bits);
      return false;
    }
  }
  for (int bit = prefix; bit < bits; ++bit) {
    if (bytes[static_cast<std::size_t>(bit / 8)] & (0x80 >> (bit % 8))) {
      why = "'" + std::string(text) + "' has address bits set past the prefix length";
      return false;
    }
  }
  return true;
}

bool is_http_url(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':' || rest.front() == '?' || rest.front() == '#') {
    return false;
  }
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; });
}

std::string_view url_host(std::string_view url) {
  std::string_view authority = url.substr(url.find("://") + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  // "http://127.0.0.1@example.org" goes to example.org: the host is what follows the last '@'.
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) return authority.substr(1, authority.find(']') - 1);
  return authority.substr(0, authority.find(':'));
}

bool is_loopback_host(std::string_view host) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::string_view localhost = "localhost";
  if (host == "::1" || std::equal(host.begin(), host.end(), localhost.begin(), localhost.end(),
                                  [&](char a, char b) { return lower(a) == b; })) {
    return true;
  }
  return is_loopback_ipv4(host);
}

bool is_clock_time(std::string_view text) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(text[0]) || !digit(text[1]) || !digit(text[3]) || !digit(text[4])) {
    return false;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  return hours <= 23 && minutes <= 59;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(text[i])) return false;
  }
  const auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days_in_month = kDaysInMonth[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= days_in_month;
}

bool is_one_of(std::string_view text, const std::vector<std::string_view>& allowed) {
  return std::find(allowed.begin(), allowed.end(), text) != allowed.end();
}

std::string list_alternatives(const std::vector<std::string_view>& allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += (i + 1 == allowed.size()) ? " or " : ", ";
    out += '\'';
    out += allowed[i];
    out += '\'';
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Full matrix: keys are short, and transpositions need the row before the previous one.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace ambassador::config::checks
