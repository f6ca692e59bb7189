// DeliveryLanes alone, without I/O: one conversation's deliveries go one at a time and in order; a delivery to be
// retried holds its lane until it is claimed again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bot/delivery_lanes.hpp"

namespace ambassador {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::int64_t kNow = 1'800'000'000'000;

DeliveryLanes::DeliveryPtr delivery(std::int64_t id, const std::string& channel) {
  auto d = std::make_shared<OutboxDelivery>();
  d->entry.id = id;
  d->destination.platform = "slack";
  d->destination.workspace = "T1";
  d->destination.channel_id = channel;
  d->pacing = pacing_key(d->destination);
  d->lane = "slack/" + d->pacing;
  return d;
}

TEST(DeliveryLanes, TheNextOfAConversationWaitsForTheAnswerToThePrevious) {
  DeliveryLanes lanes;
  const auto first = delivery(1, "C1");
  EXPECT_EQ(lanes.admit(first, kNow).send_now, first);
  const auto second = lanes.admit(delivery(2, "C1"), kNow);
  EXPECT_EQ(second.send_now, nullptr);
  EXPECT_FALSE(second.hold_back_until);
  EXPECT_NE(lanes.admit(delivery(3, "C2"), kNow).send_now, nullptr) << "another conversation is not held up";

  const auto next = lanes.finish(first->lane);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->entry.id, 2);
  EXPECT_EQ(lanes.finish(first->lane), nullptr);
  EXPECT_EQ(lanes.active_lanes(), 1u) << "an emptied lane is forgotten; C2 is still busy";
}

TEST(DeliveryLanes, ARetriedDeliveryHoldsItsLaneUntilItIsClaimedAgain) {
  DeliveryLanes lanes;
  const auto head = delivery(1, "C1");
  lanes.admit(head, kNow);
  lanes.admit(delivery(2, "C1"), kNow);
  lanes.admit(delivery(3, "C1"), kNow);

  EXPECT_THAT(lanes.hold(*head, kNow + 5'000, kNow), ElementsAre(2, 3)) << "what waited goes back to the outbox";
  EXPECT_EQ(lanes.finish(head->lane), nullptr);

  // Claimed for the lane before the head came back, even after its retry time: held back again.
  const auto early = lanes.admit(delivery(4, "C1"), kNow + 6'000);
  EXPECT_EQ(early.send_now, nullptr);
  EXPECT_EQ(early.hold_back_until, kNow + 6'000 + DeliveryLanes::kHeldRecheckMs);
  EXPECT_EQ(lanes.admit(delivery(5, "C1"), kNow + 1'000).hold_back_until, kNow + 5'000);

  // The head itself is claimed again: the hold ends and it goes first.
  EXPECT_EQ(lanes.admit(delivery(1, "C1"), kNow + 5'000).send_now->entry.id, 1);
  EXPECT_EQ(lanes.held_lanes(), 0u);
}

TEST(DeliveryLanes, AHoldWhoseHeadNeverComesBackLapses) {
  DeliveryLanes lanes;
  const auto head = delivery(1, "C1");
  lanes.admit(head, kNow);
  EXPECT_THAT(lanes.hold(*head, kNow + 1'000, kNow), IsEmpty());
  const auto later = kNow + 1'000 + DeliveryLanes::kHoldGraceMs + 1;
  EXPECT_NE(lanes.admit(delivery(2, "C1"), later).send_now, nullptr) << "the head was cancelled meanwhile";
}

TEST(PacingKey, PrivateAnswersArePacedPerPersonNotPerChannel) {
  Destination group{"telegram", "", "-100"};
  EXPECT_EQ(pacing_key(group), "/-100");
  Destination ephemeral = group;
  ephemeral.user_id = "42";
  ephemeral.ephemeral = true;
  EXPECT_EQ(pacing_key(ephemeral), "/user:42");
  Destination dm{"telegram", "", ""};
  dm.user_id = "42";
  EXPECT_EQ(pacing_key(dm), "/user:42");
}

}  // namespace
}  // namespace ambassador
