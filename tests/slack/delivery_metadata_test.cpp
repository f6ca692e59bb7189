#include "adapters/slack/delivery_metadata.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;
using Landed = ChatSender::Landed;

constexpr const char* kKey = "reply:slack:Ev0123:0";

http::ClientResponse answer(int status, std::string body) {
  http::ClientResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  response.body = std::move(body);
  return response;
}

json tagged(std::string_view ts, std::string_view key) {
  return {
      {"type", "message"},
      {"text", "New post to share"},
      {"bot_id", "B1"},
      {"app_id", "A1"},
      {"metadata", {{"event_type", "ambassador_delivery"}, {"event_payload", {{"delivery_key", delivery_tag(key)}}}}},
      {"ts", ts}};
}

json plain(std::string_view ts) { return {{"type", "message"}, {"user", "U1"}, {"text", "hi"}, {"ts", ts}}; }

// conversations.history's answer, as in https://api.slack.com/metadata/using ("Receive metadata with the Web API").
http::ClientResponse history(json messages, bool has_more = false) {
  json body{{"ok", true}, {"messages", std::move(messages)}, {"has_more", has_more}, {"pin_count", 0}};
  if (has_more) body["response_metadata"] = {{"next_cursor", "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz"}};
  return answer(200, body.dump());
}

TEST(SlackDeliveryTag, IsTheFirst128BitsOfTheKeysSha256InHex) {
  EXPECT_EQ(delivery_tag("abc"), "ba7816bf8f01cfea414140de5dae2223");
  EXPECT_EQ(delivery_tag(kKey).size(), 32u);
  EXPECT_EQ(delivery_tag(kKey), delivery_tag(kKey));
  EXPECT_NE(delivery_tag(kKey), delivery_tag("reply:slack:Ev0123:1"));
}

TEST(SlackDeliveryTag, MetadataHasSlacksShapeAndOnlyTheTag) {
  EXPECT_EQ(delivery_metadata(kKey),
            (json{{"event_type", "ambassador_delivery"}, {"event_payload", {{"delivery_key", delivery_tag(kKey)}}}}));
}

TEST(SlackFindDelivery, FindsTheTaggedMessageAndItsTs) {
  json other_app = plain("1700000000.000400");
  other_app["metadata"] = {{"event_type", "task_created"}, {"event_payload", {{"delivery_key", delivery_tag(kKey)}}}};
  const auto found =
      find_delivery(history({plain("1700000000.000500"), other_app, tagged("1700000000.000300", "reply:slack:Ev0123:1"),
                             tagged("1700000000.000200", kKey), plain("1700000000.000100")},
                            /*has_more=*/true),
                    kKey);
  EXPECT_EQ(found.landed, Landed::yes);
  EXPECT_EQ(found.message_id, "1700000000.000200");
}

TEST(SlackFindDelivery, TheLastPageWithoutTheTagIsNo) {
  const auto found = find_delivery(history({plain("1.1"), tagged("1.2", "another:key")}), kKey);
  EXPECT_EQ(found.landed, Landed::no);
  EXPECT_TRUE(found.message_id.empty());
  EXPECT_EQ(find_delivery(history(json::array()), kKey).landed, Landed::no);
}

TEST(SlackFindDelivery, APageWithMoreToComeGivesTheCursorToReadOn) {
  const auto more = find_delivery(history({plain("1.1")}, /*has_more=*/true), kKey);
  EXPECT_EQ(more.landed, Landed::unknown);
  EXPECT_EQ(more.next_cursor, "bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz");
  const auto found = find_delivery(history({plain("1.1"), tagged("1.2", kKey)}, true), kKey);
  EXPECT_EQ(found.landed, Landed::yes);
  EXPECT_TRUE(found.next_cursor.empty());

  auto without_cursor = json::parse(history({plain("1.1")}, true).body);
  without_cursor.erase("response_metadata");
  const auto stuck = find_delivery(answer(200, without_cursor.dump()), kKey);
  EXPECT_EQ(stuck.landed, Landed::unknown);
  EXPECT_TRUE(stuck.next_cursor.empty());
  EXPECT_FALSE(stuck.error.empty());
}

TEST(SlackFindDelivery, ReadsFromAMinuteBeforeTheFirstAttempt) {
  EXPECT_EQ(lookup_oldest_ts(1'700'000'060'999), "1700000000.000000");
  EXPECT_EQ(lookup_oldest_ts(0), "0.000000");
}

TEST(SlackFindDelivery, EventTypeWithoutPayloadDoesNotCount) {
  // What Slack returns without include_all_metadata=true: the event_type only.
  json message = plain("1.1");
  message["metadata"] = {{"event_type", "ambassador_delivery"}};
  EXPECT_EQ(find_delivery(history({message}), kKey).landed, Landed::no);
}

// Slack could not answer now: the lookup is asked again later rather than the delivery sent again.
TEST(SlackFindDelivery, TransientFailuresAreLater) {
  auto limited = answer(429, R"({"ok":false,"error":"ratelimited"})");
  limited.headers.emplace_back("Retry-After", "30");
  http::ClientResponse unreachable;
  unreachable.error = "connect: Connection refused";
  for (const auto& response : {limited, answer(200, R"({"ok":false,"error":"ratelimited"})"), answer(500, "oops"),
                               answer(503, R"({"ok":false,"error":"service_unavailable"})"), unreachable}) {
    const auto found = find_delivery(response, kKey);
    EXPECT_EQ(found.landed, Landed::later) << response.status << " " << response.body;
    EXPECT_FALSE(found.error.empty());
  }
}

TEST(SlackFindDelivery, OtherFailuresAreUnknown) {
  for (const auto& response :
       {answer(200, R"({"ok":false,"error":"channel_not_found"})"), answer(200, R"({"ok":false,"error":"missing_scope"})"),
        answer(200, R"({"ok":true})"), answer(200, R"({"ok":true,"messages":{}})")}) {
    const auto found = find_delivery(response, kKey);
    EXPECT_EQ(found.landed, Landed::unknown) << response.status << " " << response.body;
    EXPECT_FALSE(found.error.empty());
  }
}

TEST(SlackFindDelivery, WithoutAKeyNothingCanBeFound) {
  EXPECT_EQ(find_delivery(history({tagged("1.1", "")}), "").landed, Landed::unknown);
}

}  // namespace
}  // namespace ambassador::adapters::slack
