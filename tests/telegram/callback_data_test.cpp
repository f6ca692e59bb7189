#include "adapters/telegram/callback_data.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ambassador::adapters::telegram {
namespace {

TEST(TelegramCallbackData, RoundTripsActionAndValue) {
  const auto data = encode_callback("share.confirm", "p42");
  ASSERT_TRUE(data);
  EXPECT_EQ(*data, "share.confirm|p42");
  const auto decoded = decode_callback(*data);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->action_id, "share.confirm");
  EXPECT_EQ(decoded->value, "p42");
}

TEST(TelegramCallbackData, RoundTripsAnEmptyValueWithoutSeparator) {
  const auto data = encode_callback("post.skip", "");
  ASSERT_TRUE(data);
  EXPECT_EQ(*data, "post.skip");
  const auto decoded = decode_callback(*data);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->action_id, "post.skip");
  EXPECT_EQ(decoded->value, "");
}

TEST(TelegramCallbackData, ValueMayContainTheSeparator) {
  const auto decoded = decode_callback(*encode_callback("a", "x|y|z"));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->action_id, "a");
  EXPECT_EQ(decoded->value, "x|y|z");
}

TEST(TelegramCallbackData, AcceptsExactly64Bytes) {
  const std::string action = "share.confirm";
  const std::string value(64 - action.size() - 1, 'v');
  const auto data = encode_callback(action, value);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->size(), 64u);
  EXPECT_FALSE(encode_callback(action, value + "v"));
}

TEST(TelegramCallbackData, CountsBytesNotCharacters) {
  // 31 × "é" is 31 characters but 62 bytes; with "a|" that is 64 bytes: fits. One more does not.
  std::string value;
  for (int i = 0; i < 31; ++i) value += "\xC3\xA9";
  EXPECT_TRUE(encode_callback("a", value));
  EXPECT_FALSE(encode_callback("a", value + "\xC3\xA9"));
}

TEST(TelegramCallbackData, RejectsUnencodableActions) {
  EXPECT_FALSE(encode_callback("", "v"));
  EXPECT_FALSE(encode_callback("a|b", "v"));
}

TEST(TelegramCallbackData, DecodesForeignDataAsAnActionWithoutValue) {
  const auto decoded = decode_callback("approve:7");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->action_id, "approve:7");
  EXPECT_EQ(decoded->value, "");
  EXPECT_FALSE(decode_callback(""));
}

}  // namespace
}  // namespace ambassador::adapters::telegram
