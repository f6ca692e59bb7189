#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "bot/http/cidr.hpp"
#include "config/checks.hpp"

namespace ambassador::http {
namespace {

Cidr block(const std::string& text) {
  std::string why;
  auto parsed = Cidr::parse(text, why);
  if (!parsed) throw std::invalid_argument(text + ": " + why);
  return *parsed;
}

std::string why_not(const std::string& text) {
  std::string why;
  EXPECT_FALSE(Cidr::parse(text, why).has_value()) << text;
  return why;
}

TEST(Cidr, ParsesIpv4AndIpv6BlocksAndBareAddresses) {
  EXPECT_EQ(block("10.0.0.0/8").to_string(), "10.0.0.0/8");
  EXPECT_EQ(block("192.0.2.7").to_string(), "192.0.2.7/32");
  EXPECT_EQ(block("0.0.0.0/0").to_string(), "0.0.0.0/0");
  EXPECT_EQ(block("2001:db8::/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(block("::1").to_string(), "::1/128");
}

TEST(Cidr, RefusesWhatIsNotABlock) {
  EXPECT_NE(why_not("proxy.example.org").find("not an IPv4 or IPv6 address"), std::string::npos);
  EXPECT_NE(why_not("10.0.0.0/33").find("from 0 to 32"), std::string::npos);
  EXPECT_NE(why_not("2001:db8::/129").find("from 0 to 128"), std::string::npos);
  EXPECT_NE(why_not("10.0.0.0/").find("prefix length"), std::string::npos);
  EXPECT_NE(why_not("10.0.0.0/8x").find("prefix length"), std::string::npos);
  EXPECT_NE(why_not("10.0.0.0/-1").find("prefix length"), std::string::npos);
  EXPECT_NE(why_not("10.1.2.3/8").find("bits set past the prefix"), std::string::npos);
  EXPECT_NE(why_not("::ffff:10.0.0.1").find("IPv4-mapped"), std::string::npos);
  EXPECT_NE(why_not("fe80::1%eth0").find("not an IPv4 or IPv6 address"), std::string::npos);
  why_not("");
}

// The config loader validates with its own parser (it links no Asio); both must accept the same texts.
TEST(Cidr, ConfigCheckAgreesWithTheParser) {
  for (const std::string text :
       {"10.0.0.0/8", "192.0.2.7", "0.0.0.0/0", "2001:db8::/32", "::1/128", "::/0", "proxy", "10.0.0.0/33", "10.0.0.0/",
        "10.0.0.0/8x", "10.1.2.3/8", "::ffff:10.0.0.1", "fe80::1%eth0", "", "1.2.3", "::/-0", "::/+0", " 10.0.0.0/8"}) {
    std::string parse_why, check_why;
    EXPECT_EQ(Cidr::parse(text, parse_why).has_value(), config::checks::is_cidr(text, check_why)) << text;
    EXPECT_EQ(parse_why, check_why) << text;
  }
}

TEST(Cidr, ContainsAddressesInsideThePrefixOnly) {
  const auto ten = block("10.0.0.0/8");
  EXPECT_TRUE(ten.contains("10.255.1.2"));
  EXPECT_FALSE(ten.contains("11.0.0.1"));
  EXPECT_FALSE(ten.contains("not an address"));
  EXPECT_TRUE(ten.contains("::ffff:10.0.0.1")) << "an IPv4 peer on a dual-stack socket";
  EXPECT_FALSE(ten.contains("2001:db8::1"));
  const auto doc = block("2001:db8::/32");
  EXPECT_TRUE(doc.contains("2001:db8:ffff::1"));
  EXPECT_FALSE(doc.contains("2001:db9::1"));
  EXPECT_FALSE(doc.contains("10.0.0.1"));
  EXPECT_TRUE(block("0.0.0.0/0").contains("203.0.113.9"));
  EXPECT_TRUE(block("192.0.2.7").contains("192.0.2.7"));
  EXPECT_FALSE(block("192.0.2.7").contains("192.0.2.6"));
  const auto odd = block("192.0.2.128/25");
  EXPECT_TRUE(odd.contains("192.0.2.200"));
  EXPECT_FALSE(odd.contains("192.0.2.127"));
}

TEST(CidrList, NamesTheKeyAndIndexOfABadEntry) {
  EXPECT_EQ(parse_cidrs({"127.0.0.0/8", "::1/128"}, "http.metrics_allow").size(), 2u);
  try {
    parse_cidrs({"127.0.0.0/8", "localhost"}, "http.metrics_allow");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("http.metrics_allow[1]"), std::string::npos) << e.what();
  }
}

TEST(ClientAddress, WithoutTrustedProxiesIsThePeerWhateverTheHeaderSays) {
  EXPECT_EQ(client_address("203.0.113.5", "198.51.100.1", {}), "203.0.113.5");
}

TEST(ClientAddress, AnUntrustedPeerIsTheClientEvenWithAForwardedHeader) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8")};
  EXPECT_EQ(client_address("203.0.113.5", "198.51.100.1", proxies), "203.0.113.5");
}

TEST(ClientAddress, ATrustedPeerIsBelievedAboutTheAddressItSaw) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8")};
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", " 2001:db8::7 ", proxies), "2001:db8::7");
}

TEST(ClientAddress, TakesTheRightMostAddressThatIsNotATrustedProxy) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8"), block("2001:db8::/48")};
  // The client forged "1.1.1.1"; our second proxy 10.0.0.3 appended the client's real address before it.
  EXPECT_EQ(client_address("10.0.0.2", "1.1.1.1, 198.51.100.1, 10.0.0.3", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "1.1.1.1,198.51.100.1,2001:db8::9", proxies), "198.51.100.1");
}

TEST(ClientAddress, EveryHopTrustedGivesTheLeftMostHop) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8")};
  EXPECT_EQ(client_address("10.0.0.2", "10.0.0.9, 10.0.0.3", proxies), "10.0.0.9");
  EXPECT_EQ(client_address("10.0.0.2", "", proxies), "10.0.0.2");
}

TEST(ClientAddress, AnEntryThatIsNotAnAddressStopsAtTheLastTrustedHop) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8")};
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1, unknown", proxies), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1, garbage, 10.0.0.3", proxies), "10.0.0.3");
}

TEST(ClientAddress, AcceptsForwardedEntriesWithAPort) {
  const std::vector<Cidr> proxies{block("10.0.0.0/8")};
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1:5123", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "[2001:db8::7]:443", proxies), "2001:db8::7");
}

TEST(ClientAddress, ATrustedDualStackPeerIsMatchedAsIpv4) {
  const std::vector<Cidr> proxies{block("127.0.0.0/8")};
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "198.51.100.1", proxies), "198.51.100.1");
}

}  // namespace
}  // namespace ambassador::http
