// Webcare escalation settings: business hours, the departments' routing keywords, themes and escalation contacts,
// and the [webcare] table with its SLAs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "config_matchers.hpp"

namespace ambassador::config {
namespace {

using test::ErrorAt;
using test::parse_with_department;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

LoadResult parse(const std::string& text) { return parse_config(text, "test.toml"); }

const std::string kTwoDepartments = R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

[[departments]]
id = "groenbeheer"
name = "Groenbeheer"
)";

// --- business hours ---

TEST(ConfigBusinessHours, DefaultsWhenAbsent) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  const BusinessHoursConfig& hours = result.config.departments.at(0).business_hours;
  EXPECT_EQ(hours.opens, "08:30");
  EXPECT_EQ(hours.closes, "17:00");
  EXPECT_THAT(hours.days, ElementsAre("mon", "tue", "wed", "thu", "fri"));
  EXPECT_THAT(hours.holidays, IsEmpty());
}

TEST(ConfigBusinessHours, ReadsOrganisationHours) {
  const LoadResult result = parse_with_department(R"(
[organisation.business_hours]
opens = "09:00"
closes = "18:30"
days = ["mon", "tue", "wed", "thu", "fri", "sat"]
holidays = ["2026-12-25", "2026-01-01"]
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const BusinessHoursConfig& hours = result.config.organisation.business_hours;
  EXPECT_EQ(hours.opens, "09:00");
  EXPECT_EQ(hours.closes, "18:30");
  EXPECT_THAT(hours.days, ElementsAre("mon", "tue", "wed", "thu", "fri", "sat"));
  EXPECT_THAT(hours.holidays, ElementsAre("2026-01-01", "2026-12-25")) << "kept sorted";
}

TEST(ConfigBusinessHours, DepartmentInheritsOrganisationHours) {
  const LoadResult result = parse_with_department(R"(
[organisation.business_hours]
opens = "07:00"
closes = "15:00"
days = ["tue", "wed"]
holidays = ["2026-04-27"]
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const BusinessHoursConfig& hours = result.config.departments.at(0).business_hours;
  EXPECT_EQ(hours.opens, "07:00");
  EXPECT_EQ(hours.closes, "15:00");
  EXPECT_THAT(hours.days, ElementsAre("tue", "wed"));
  EXPECT_THAT(hours.holidays, ElementsAre("2026-04-27"));
}

TEST(ConfigBusinessHours, DepartmentOverridesHoursAndAddsHolidays) {
  const LoadResult result = parse(R"(
[organisation.business_hours]
holidays = ["2026-12-25", "2026-04-27"]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"

  [departments.business_hours]
  closes = "20:00"
  days = ["sat", "sun"]
  holidays = ["2026-07-01", "2026-12-25"]

[[departments]]
id = "groenbeheer"
name = "Groenbeheer"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const BusinessHoursConfig& wijk = result.config.departments.at(0).business_hours;
  EXPECT_EQ(wijk.opens, "08:30") << "not set by the department: the organisation's";
  EXPECT_EQ(wijk.closes, "20:00");
  EXPECT_THAT(wijk.days, ElementsAre("sat", "sun"));
  EXPECT_THAT(wijk.holidays, ElementsAre("2026-04-27", "2026-07-01", "2026-12-25")) << "the union, each once";
  const BusinessHoursConfig& groen = result.config.departments.at(1).business_hours;
  EXPECT_EQ(groen.closes, "17:00");
  EXPECT_THAT(groen.holidays, ElementsAre("2026-04-27", "2026-12-25")) << "another department's stay its own";
}

TEST(ConfigBusinessHours, RejectsClosingBeforeOpening) {
  const LoadResult result = parse_with_department(R"(
[organisation.business_hours]
opens = "17:00"
closes = "08:30"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("organisation.business_hours.closes",
                                                 "close at 08:30, not after they open at 17:00")));
}

TEST(ConfigBusinessHours, RejectsDepartmentOpeningAfterInheritedClosing) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
business_hours = { opens = "17:00" }
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[0].business_hours.opens",
                                                 "close at 17:00, not after they open at 17:00")));
}

TEST(ConfigBusinessHours, RejectsBadClockTimes) {
  const LoadResult result = parse_with_department(R"(
[organisation.business_hours]
opens = "8:30"
closes = "24:00"
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("organisation.business_hours.opens", "\"HH:MM\""),
                                         ErrorAt("organisation.business_hours.closes", "\"HH:MM\"")));
}

TEST(ConfigBusinessHours, RejectsBadRepeatedAndMissingDays) {
  const LoadResult bad = parse_with_department(R"(
[organisation.business_hours]
days = ["mon", "monday", "tue", "mon"]
)");
  EXPECT_THAT(bad.errors,
              ElementsAre(ErrorAt("organisation.business_hours.days[1]", "'monday' is not a day; days are 'mon'"),
                          ErrorAt("organisation.business_hours.days[3]", "'mon' is listed twice")));
  const LoadResult none = parse_with_department("[organisation.business_hours]\ndays = []\n");
  EXPECT_THAT(none.errors,
              ElementsAre(ErrorAt("organisation.business_hours.days", "at least one working day is required")));
}

TEST(ConfigBusinessHours, RejectsDatesNotOnTheCalendar) {
  const LoadResult result = parse_with_department(R"(
[organisation.business_hours]
holidays = ["2026-02-30", "2026-1-1", "25-12-2026", "2028-02-29", "2026-12-25", "2026-12-25"]
)");
  EXPECT_THAT(
      result.errors,
      ElementsAre(ErrorAt("organisation.business_hours.holidays[0]", "'2026-02-30' is not a date \"YYYY-MM-DD\""),
                  ErrorAt("organisation.business_hours.holidays[1]", "'2026-1-1' is not a date"),
                  ErrorAt("organisation.business_hours.holidays[2]", "'25-12-2026' is not a date"),
                  ErrorAt("organisation.business_hours.holidays[5]", "'2026-12-25' is listed twice")));
}

TEST(ConfigBusinessHours, ReportsUnknownKey) {
  const LoadResult result = parse_with_department("[organisation.business_hours]\nopen = \"09:00\"\n");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("organisation.business_hours.open", "unknown key 'open'; did you mean 'opens'")));
}

// --- routing and escalation per department ---

TEST(ConfigDepartmentRouting, ReadsKeywordsThemesAndContacts) {
  const LoadResult result = parse(R"(
themes = ["wijk", "groen"]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
keywords = ["afval", "straat verlichting", "één"]
themes = ["wijk"]
backup_contacts = ["local:anna", "slack:T0123/U0456", "telegram:123456789", "teams:tenant-1/29:1abc"]
lead = "local:eva"
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const DepartmentConfig& department = result.config.departments.at(0);
  EXPECT_THAT(department.keywords, ElementsAre("afval", "straat verlichting", "één"));
  EXPECT_THAT(department.themes, ElementsAre("wijk"));
  EXPECT_THAT(department.backup_contacts,
              ElementsAre("local:anna", "slack:T0123/U0456", "telegram:123456789", "teams:tenant-1/29:1abc"));
  EXPECT_EQ(department.lead, "local:eva");
}

TEST(ConfigDepartmentRouting, NothingRoutedOrEscalatedWhenAbsent) {
  const LoadResult result = parse_with_department("");
  ASSERT_THAT(result.errors, IsEmpty());
  const DepartmentConfig& department = result.config.departments.at(0);
  EXPECT_THAT(department.keywords, IsEmpty());
  EXPECT_THAT(department.themes, IsEmpty());
  EXPECT_THAT(department.backup_contacts, IsEmpty());
  EXPECT_EQ(department.lead, "");
}

TEST(ConfigDepartmentRouting, RejectsKeywordInTwoDepartments) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
keywords = ["afval", "bomen"]

[[departments]]
id = "groenbeheer"
name = "Groenbeheer"
keywords = ["park", "bomen"]
)");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("departments[1].keywords[1]",
                                                 "keyword 'bomen' of department 'groenbeheer' already routes to "
                                                 "department 'wijkbeheer' (departments[0].keywords[1])")));
}

TEST(ConfigDepartmentRouting, RejectsKeywordsThatAreNotLowercaseWords) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
keywords = ["Afval", "", " park", "straat  licht", "afval", "afval"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].keywords[0]", "'Afval' is not a valid keyword"),
                          ErrorAt("departments[0].keywords[1]", "'' is not a valid keyword"),
                          ErrorAt("departments[0].keywords[2]", "' park' is not a valid keyword"),
                          ErrorAt("departments[0].keywords[3]", "'straat  licht' is not a valid keyword"),
                          ErrorAt("departments[0].keywords[5]", "'afval' is listed twice")));
}

TEST(ConfigDepartmentRouting, RejectsUnknownTheme) {
  const LoadResult result = parse(R"(
themes = ["wijk"]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
themes = ["wijk", "groen"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].themes[1]", "unknown theme 'groen'; themes are 'wijk'")));
}

TEST(ConfigDepartmentRouting, RejectsBadPersonAddresses) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
backup_contacts = ["anna", "whatsapp:123", "local:", "local:anna", "local:anna"]
lead = "local:eva/x"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].backup_contacts[0]", "'anna' is not a person address"),
                          ErrorAt("departments[0].backup_contacts[1]", "unknown platform 'whatsapp'"),
                          ErrorAt("departments[0].backup_contacts[2]", "'local:' is not a person address"),
                          ErrorAt("departments[0].backup_contacts[4]", "'local:anna' is listed twice"),
                          ErrorAt("departments[0].lead", "only Slack and Teams addresses have a workspace part")));
}

TEST(ConfigDepartmentRouting, RejectsSlackContactWithoutWorkspace) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
lead = "slack:U0456"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].lead", "a Slack address needs the workspace (team id)")));
}

TEST(ConfigDepartmentRouting, SlackContactWorkspaceMustBeConfiguredWhenSlackIsEnabled) {
  const LoadResult result = parse(R"(
[platforms.slack]
enabled = true
workspaces = [{ team_id = "T0123", signing_secret = "env:S", bot_token = "env:B" }]

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
backup_contacts = ["slack:T0123/U0456", "slack:T9999/U0456"]
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("departments[0].backup_contacts[1]", "Slack workspace 'T9999' is not listed")));
}

TEST(ConfigDepartmentRouting, AcceptsExpertsAndLeadsChannels) {
  const LoadResult result = parse(R"(
[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
channels = [{ platform = "local", id = "wijk-experts", purpose = "experts" },
            { platform = "local", id = "wijk-leads", purpose = "leads" }]
)");
  ASSERT_THAT(result.errors, IsEmpty());
  const auto& channels = result.config.departments.at(0).channels;
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].purpose, "experts");
  EXPECT_EQ(channels[1].purpose, "leads");
}

// --- [webcare] ---

TEST(ConfigWebcare, DefaultsWhenAbsent) {
  const LoadResult result = parse(kTwoDepartments);
  ASSERT_THAT(result.errors, IsEmpty());
  const WebcareConfig& webcare = result.config.webcare;
  const WebcareConfig defaults;
  EXPECT_EQ(webcare.default_department, "wijkbeheer") << "the first department";
  EXPECT_EQ(webcare.reference_prefix, "W");
  EXPECT_EQ(webcare.signal_prefix, "S");
  EXPECT_EQ(webcare.digest_time, "08:30");
  EXPECT_EQ(webcare.reminder_percent, 75);
  EXPECT_EQ(webcare.retention_days, 90);
  EXPECT_EQ(webcare.high.claim, defaults.high.claim);
  EXPECT_EQ(webcare.high.answer, defaults.high.answer);
  EXPECT_EQ(webcare.normal.claim, defaults.normal.claim);
  EXPECT_EQ(webcare.normal.answer, defaults.normal.answer);
  EXPECT_EQ(webcare.low.claim, defaults.low.claim);
  EXPECT_EQ(webcare.low.answer, defaults.low.answer);
  EXPECT_EQ(webcare.complaint.claim, defaults.complaint.claim);
  EXPECT_EQ(webcare.complaint.answer, defaults.complaint.answer);
  EXPECT_EQ(webcare.lead.claim, defaults.lead.claim);
  EXPECT_EQ(webcare.lead.answer, defaults.lead.answer);
  // The issue's numbers, so a change of the defaults is a deliberate one.
  EXPECT_EQ(webcare.high.claim, (BusinessDuration{15, 0}));
  EXPECT_EQ(webcare.high.answer, (BusinessDuration{120, 0}));
  EXPECT_EQ(webcare.normal.answer, (BusinessDuration{0, 1}));
  EXPECT_TRUE(webcare.low.claim.none());
  EXPECT_EQ(webcare.low.answer, (BusinessDuration{0, 3}));
}

TEST(ConfigWebcare, ReadsEverySetting) {
  const LoadResult result = parse(R"(
[webcare]
default_department = "groenbeheer"
reference_prefix = "VRAG"
signal_prefix = "SG"
digest_time = "07:45"
reminder_percent = 50
retention_days = 30

[webcare.sla.high]
claim = "10m"
answer = "90m"

[webcare.sla.normal]
claim = "1h"
answer = "2d"

[webcare.sla.low]
claim = "3d"
answer = "none"

[webcare.sla.complaint]
answer = "4h"

[webcare.sla.lead]
claim = "none"
)" + kTwoDepartments);
  ASSERT_THAT(result.errors, IsEmpty());
  const WebcareConfig& webcare = result.config.webcare;
  EXPECT_EQ(webcare.default_department, "groenbeheer");
  EXPECT_EQ(webcare.reference_prefix, "VRAG");
  EXPECT_EQ(webcare.signal_prefix, "SG");
  EXPECT_EQ(webcare.digest_time, "07:45");
  EXPECT_EQ(webcare.reminder_percent, 50);
  EXPECT_EQ(webcare.retention_days, 30);
  EXPECT_EQ(webcare.high.claim, (BusinessDuration{10, 0}));
  EXPECT_EQ(webcare.high.answer, (BusinessDuration{90, 0}));
  EXPECT_EQ(webcare.normal.claim, (BusinessDuration{60, 0}));
  EXPECT_EQ(webcare.normal.answer, (BusinessDuration{0, 2}));
  EXPECT_EQ(webcare.low.claim, (BusinessDuration{0, 3}));
  EXPECT_TRUE(webcare.low.answer.none());
  EXPECT_EQ(webcare.complaint.claim, (BusinessDuration{120, 0})) << "absent: the default";
  EXPECT_EQ(webcare.complaint.answer, (BusinessDuration{240, 0}));
  EXPECT_TRUE(webcare.lead.claim.none());
  EXPECT_EQ(webcare.lead.answer, (BusinessDuration{0, 3})) << "absent: the default";
}

TEST(ConfigWebcare, ParsesEachDurationForm) {
  const std::vector<std::pair<std::string, BusinessDuration>> cases = {
      {"15m", {15, 0}}, {"90m", {90, 0}}, {"2h", {120, 0}},       {"1d", {0, 1}},
      {"3d", {0, 3}},   {"none", {0, 0}}, {"8760h", {525600, 0}}, {"365d", {0, 365}}};
  for (const auto& [text, expected] : cases) {
    const LoadResult result = parse_with_department("[webcare.sla.high]\nanswer = \"" + text + "\"\n");
    ASSERT_THAT(result.errors, IsEmpty()) << text;
    EXPECT_EQ(result.config.webcare.high.answer, expected) << text;
  }
}

TEST(ConfigWebcare, RejectsBadDurations) {
  for (const std::string text : {"", "15", "m", "0m", "015m", "-5m", "1.5h", "2 h", "2H", "1w", "None", "366d", "8761h",
                                 "99999999999m", "15min"}) {
    const LoadResult result = parse_with_department("[webcare.sla.normal]\nclaim = \"" + text + "\"\n");
    EXPECT_THAT(result.errors, ElementsAre(ErrorAt("webcare.sla.normal.claim",
                                                   "'" + text +
                                                       "' is not a business duration: minutes \"90m\", hours \"2h\", "
                                                       "business days \"1d\"")))
        << text;
    EXPECT_EQ(result.config.webcare.normal.claim, WebcareConfig{}.normal.claim) << text;
  }
  const LoadResult number = parse_with_department("[webcare.sla.normal]\nclaim = 15\n");
  EXPECT_THAT(number.errors, ElementsAre(ErrorAt("webcare.sla.normal.claim", "expected a string")));
}

TEST(ConfigWebcare, RejectsUnknownDefaultDepartment) {
  const LoadResult result = parse_with_department("[webcare]\ndefault_department = \"groen\"\n");
  EXPECT_THAT(result.errors, ElementsAre(ErrorAt("webcare.default_department", "unknown department 'groen'")));
}

TEST(ConfigWebcare, EmptyDefaultDepartmentIsTheFirst) {
  const LoadResult result = parse("[webcare]\ndefault_department = \"\"\n" + kTwoDepartments);
  ASSERT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.config.webcare.default_department, "wijkbeheer");
}

TEST(ConfigWebcare, PrefixesAreOneToFourCapitalsAndDiffer) {
  const LoadResult bad = parse_with_department(R"(
[webcare]
reference_prefix = "w"
signal_prefix = "SIGNA"
)");
  EXPECT_THAT(bad.errors, ElementsAre(ErrorAt("webcare.reference_prefix", "'w' must be 1 to 4 capital letters A-Z"),
                                      ErrorAt("webcare.signal_prefix", "'SIGNA' must be 1 to 4 capital letters")));
  for (const std::string prefix : {"", "W1", "W-", "É"}) {
    const LoadResult result = parse_with_department("[webcare]\nreference_prefix = \"" + prefix + "\"\n");
    EXPECT_THAT(result.errors, ElementsAre(ErrorAt("webcare.reference_prefix", "must be 1 to 4 capital letters")))
        << prefix;
  }
  const LoadResult same = parse_with_department("[webcare]\nsignal_prefix = \"W\"\n");
  EXPECT_THAT(same.errors, ElementsAre(ErrorAt("webcare.signal_prefix", "must differ from reference_prefix 'W'")));
}

TEST(ConfigWebcare, DigestTimeIsAClockTimeOrOff) {
  const LoadResult off = parse_with_department("[webcare]\ndigest_time = \"\"\n");
  ASSERT_THAT(off.errors, IsEmpty());
  EXPECT_EQ(off.config.webcare.digest_time, "");
  const LoadResult bad = parse_with_department("[webcare]\ndigest_time = \"8:30\"\n");
  EXPECT_THAT(bad.errors, ElementsAre(ErrorAt("webcare.digest_time", "or \"\" for no digest")));
}

TEST(ConfigWebcare, RejectsPercentAndRetentionOutOfRange) {
  const LoadResult result = parse_with_department(R"(
[webcare]
reminder_percent = 100
retention_days = 0
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("webcare.reminder_percent", "1"), ErrorAt("webcare.retention_days", "1")));
  const LoadResult low = parse_with_department("[webcare]\nreminder_percent = 0\nretention_days = 36501\n");
  EXPECT_EQ(low.errors.size(), 2u);
}

TEST(ConfigWebcare, ReportsUnknownKeys) {
  const LoadResult result = parse_with_department(R"(
[webcare]
default_departement = "wijkbeheer"

[webcare.sla]
urgent = { claim = "5m" }

[webcare.sla.high]
respond = "1h"
)");
  EXPECT_THAT(result.errors,
              ElementsAre(ErrorAt("webcare.sla.high.respond", "unknown key 'respond'"),
                          ErrorAt("webcare.sla.urgent", "unknown key 'urgent'"),
                          ErrorAt("webcare.default_departement",
                                  "unknown key 'default_departement'; did you mean 'default_department'")));
}

}  // namespace
}  // namespace ambassador::config
