#include "encoding/hex.hpp"

#include <gtest/gtest.h>

#include <array>

namespace ambassador::encoding {
namespace {

TEST(LowercaseHex, WritesTwoLowercaseDigitsPerByteHighNibbleFirst) {
  const std::array<unsigned char, 6> bytes{0x00, 0x0F, 0xA0, 0x5C, 0xFF, 0x10};
  EXPECT_EQ(lowercase_hex(bytes), "000fa05cff10");
}

TEST(LowercaseHex, OfNothingIsEmpty) { EXPECT_EQ(lowercase_hex({}), ""); }

TEST(LowercaseHex, TakesAPrefixOfADigest) {
  const std::array<unsigned char, 4> digest{0xDE, 0xAD, 0xBE, 0xEF};
  EXPECT_EQ(lowercase_hex(std::span(digest).first(2)), "dead");
}

}  // namespace
}  // namespace ambassador::encoding
