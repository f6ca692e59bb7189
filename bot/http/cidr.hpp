#pragma once
// Address blocks for the HTTP side: which peers may read /metrics, and which peers are our own reverse proxies
// (only their X-Forwarded-For is believed). Addresses are the text forms the server reports ("192.0.2.1",
// "2001:db8::1"); an IPv4 address seen on a dual-stack socket ("::ffff:192.0.2.1") counts as that IPv4 address.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador::http {

class Cidr {
 public:
  // "10.0.0.0/8", "2001:db8::/32", or a bare address (a block of one). Bits set past the prefix are refused
  // ("10.1.2.3/8" is more likely a typo than meant as 10.0.0.0/8); `why` then says what is wrong.
  static std::optional<Cidr> parse(std::string_view text, std::string& why);
  bool contains(std::string_view address) const;  // false for text that is not an address
  std::string to_string() const;

 private:
  Cidr() = default;
  std::array<unsigned char, 16> bytes_{};  // IPv4 in the first 4
  bool v4_ = false;
  int prefix_ = 0;
};

// Parses every entry; throws std::invalid_argument naming `key_path` ("http.trusted_proxies[1]") at the first bad one.
std::vector<Cidr> parse_cidrs(const std::vector<std::string>& texts, std::string_view key_path);
bool any_contains(const std::vector<Cidr>& blocks, std::string_view address);

// Who sent a request. Only a peer in `trusted_proxies` is believed about the client: then X-Forwarded-For
// (comma-separated, each proxy appending the address it saw) is read from the right and the first address not
// itself a trusted proxy is the client. Anything left of it was written by the client and could be forged.
// An entry that is not an address stops the walk at the last trusted hop.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<Cidr>& trusted_proxies);

}  // namespace ambassador::http
