#include <gtest/gtest.h>

#include "migrated_database.hpp"
#include "storage/local_message_repository.hpp"

namespace ambassador::storage {
namespace {

LocalMessage message(std::string channel, std::string text, std::string visible_to = {}) {
  LocalMessage m;
  m.channel_id = std::move(channel);
  m.sender = "bot";
  m.visible_to = std::move(visible_to);
  m.text = std::move(text);
  m.message = R"({"text":")" + m.text + R"("})";
  m.created_at_ms = 1000;
  return m;
}

class LocalMessageRepositoryTest : public MigratedDatabase {
 protected:
  LocalMessageRepository messages_{db_};
};

// An answer for one person is listed only for that person; what is for everyone, for anyone.
TEST_F(LocalMessageRepositoryTest, ListsOnlyWhatTheViewerMaySee) {
  messages_.add(message("wijk", "for anna", "anna"));
  messages_.add(message("wijk", "for bram", "bram"));
  messages_.add(message("wijk", "for all", ""));
  const auto texts = [&](std::string_view viewer) {
    std::vector<std::string> out;
    for (const auto& m : messages_.list("wijk", 0, 10, viewer)) out.push_back(m.text);
    return out;
  };
  EXPECT_EQ(texts("anna"), (std::vector<std::string>{"for anna", "for all"}));
  EXPECT_EQ(texts("bram"), (std::vector<std::string>{"for bram", "for all"}));
  EXPECT_EQ(texts(""), (std::vector<std::string>{"for all"}));
}

TEST_F(LocalMessageRepositoryTest, AddThenListRoundTripsEveryField) {
  const auto id = messages_.add(message("wijk", "hallo", "anna"));
  const auto listed = messages_.list("wijk", 0, 10, "anna");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, id);
  EXPECT_EQ(listed[0].channel_id, "wijk");
  EXPECT_EQ(listed[0].sender, "bot");
  EXPECT_EQ(listed[0].visible_to, "anna");
  EXPECT_EQ(listed[0].text, "hallo");
  EXPECT_EQ(listed[0].message, R"({"text":"hallo"})");
  EXPECT_EQ(listed[0].created_at_ms, 1000);
}

TEST_F(LocalMessageRepositoryTest, ListsOneChannelAfterAnIdUpToALimit) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(messages_.add(message("wijk", "m" + std::to_string(i))));
    messages_.add(message("groen", "other"));
  }
  const auto page = messages_.list("wijk", ids[1], 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].text, "m2");
  EXPECT_EQ(page[1].text, "m3");
  EXPECT_EQ(messages_.list("wijk", 0, 100).size(), 5u);
  EXPECT_TRUE(messages_.list("wijk", ids.back(), 100).empty());
  EXPECT_TRUE(messages_.list("nowhere", 0, 100).empty());
}

}  // namespace
}  // namespace ambassador::storage
