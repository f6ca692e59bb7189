#include "bot/http/cidr.hpp"

#include <charconv>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>

namespace ambassador::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// An IPv4 address on a dual-stack socket arrives as ::ffff:a.b.c.d; it is still that IPv4 peer.
std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

// An X-Forwarded-For entry: an address, or (some proxies add the port) "a.b.c.d:port" or "[v6]:port".
std::optional<ip::address> parse_forwarded(std::string_view entry) {
  if (auto address = parse_address(entry)) return address;
  if (entry.starts_with('[')) {
    const auto close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return parse_address(entry.substr(1, close - 1));
  }
  const auto colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos)
    if (auto address = parse_address(entry.substr(0, colon)); address && address->is_v4()) return address;
  return std::nullopt;
}

}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text, std::string& why) {
  const auto slash = text.find('/');
  const auto address_text = text.substr(0, slash);
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string(address_text), ec);
  if (ec || address_text.find('%') != std::string_view::npos) {
    why = "'" + std::string(address_text) + "' is not an IPv4 or IPv6 address";
    return std::nullopt;
  }
  // Peers are compared in IPv4 form (see parse_address), so a block must be written that way too.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    why = "'" + std::string(address_text) + "' is an IPv4-mapped address: write the IPv4 block itself (a.b.c.d/n)";
    return std::nullopt;
  }
  Cidr block;
  block.v4_ = address.is_v4();
  const int bits = block.v4_ ? 32 : 128;
  block.prefix_ = bits;
  if (slash != std::string_view::npos) {
    const auto prefix_text = text.substr(slash + 1);
    const auto [end, error] =
        std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), block.prefix_);
    if (prefix_text.empty() || prefix_text.front() < '0' || prefix_text.front() > '9' || error != std::errc() ||
        end != prefix_text.data() + prefix_text.size() || block.prefix_ < 0 || block.prefix_ > bits) {
      why = "the prefix length after '/' must be a number from 0 to " + std::to_string(bits);
      return std::nullopt;
    }
  }
  if (block.v4_) {
    const auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), block.bytes_.begin());
  } else {
    block.bytes_ = address.to_v6().to_bytes();
  }
  for (int bit = block.prefix_; bit < bits; ++bit) {
    if (block.bytes_[static_cast<std::size_t>(bit / 8)] & (0x80 >> (bit % 8))) {
      why = "'" + std::string(text) + "' has address bits set past the prefix length";
      return std::nullopt;
    }
  }
  return block;
}

bool Cidr::contains(std::string_view address_text) const {
  const auto address = parse_address(address_text);
  if (!address || address->is_v4() != v4_) return false;
  std::array<unsigned char, 16> bytes{};
  if (v4_) {
    const auto v4 = address->to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), bytes.begin());
  } else {
    bytes = address->to_v6().to_bytes();
  }
  for (int bit = 0; bit < prefix_; ++bit) {
    const auto index = static_cast<std::size_t>(bit / 8);
    const int mask = 0x80 >> (bit % 8);
    if ((bytes[index] & mask) != (bytes_[index] & mask)) return false;
  }
  return true;
}

std::string Cidr::to_string() const {
  std::string address;
  if (v4_) {
    address = ip::address_v4(ip::address_v4::bytes_type{bytes_[0], bytes_[1], bytes_[2], bytes_[3]}).to_string();
  } else {
    address = ip::address_v6(bytes_).to_string();
  }
  return address + "/" + std::to_string(prefix_);
}

std::vector<Cidr> parse_cidrs(const std::vector<std::string>& texts, std::string_view key_path) {
  std::vector<Cidr> blocks;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string why;
    auto block = Cidr::parse(texts[i], why);
    if (!block) throw std::invalid_argument(std::string(key_path) + "[" + std::to_string(i) + "]: " + why);
    blocks.push_back(*block);
  }
  return blocks;
}

bool any_contains(const std::vector<Cidr>& blocks, std::string_view address) {
  for (const auto& block : blocks)
    if (block.contains(address)) return true;
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<Cidr>& trusted_proxies) {
  if (!any_contains(trusted_proxies, peer)) return std::string(peer);
  std::string client(peer);
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    if (entry.empty()) continue;
    const auto address = parse_forwarded(entry);
    if (!address) break;
    client = address->to_string();
    if (!any_contains(trusted_proxies, client)) break;
  }
  return client;
}

}  // namespace ambassador::http
