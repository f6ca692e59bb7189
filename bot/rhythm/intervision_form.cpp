#include "bot/rhythm/intervision_form.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include <date/date.h>

#include "config/checks.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

struct Token {
  std::string text;  // lowercased unless quoted
  bool quoted = false;
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Words split on blanks; "..." (or “...”) is one token, kept as typed. nullopt: a quote is never closed.
std::optional<std::vector<Token>> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    if (blank(text[i])) {
      ++i;
    } else if (text[i] == '"' || text.substr(i).starts_with("\u201c")) {
      const bool curly = text[i] != '"';
      i += curly ? 3 : 1;
      const auto end = curly ? text.find("\u201d", i) : text.find('"', i);
      if (end == std::string_view::npos) return std::nullopt;
      tokens.push_back({std::string(text.substr(i, end - i)), true});
      i = end + (curly ? 3 : 1);
    } else {
      std::size_t end = i;
      while (end < text.size() && !blank(text[end]) && text[end] != '"') ++end;
      tokens.push_back({lowercase(text.substr(i, end - i)), false});
      i = end;
    }
  }
  return tokens;
}

std::optional<int> number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 21> kWeekdays{{
    {"monday", "MO"},    {"maandag", "MO"},  {"mon", "MO"}, {"tuesday", "TU"},  {"dinsdag", "TU"},   {"tue", "TU"},
    {"wednesday", "WE"}, {"woensdag", "WE"}, {"wed", "WE"}, {"thursday", "TH"}, {"donderdag", "TH"}, {"thu", "TH"},
    {"friday", "FR"},    {"vrijdag", "FR"},  {"fri", "FR"}, {"saturday", "SA"}, {"zaterdag", "SA"},  {"sat", "SA"},
    {"sunday", "SU"},    {"zondag", "SU"},   {"sun", "SU"},
}};

// "2nd", "2e", "second", "tweede", "last", "laatste" → 2 / -1.
std::optional<int> ordinal(std::string_view word) {
  constexpr std::array<std::pair<std::string_view, int>, 22> kOrdinals{{
      {"1st", 1},   {"1e", 1},       {"first", 1}, {"eerste", 1}, {"2nd", 2}, {"2e", 2},  {"second", 2}, {"tweede", 2},
      {"3rd", 3},   {"3e", 3},       {"third", 3}, {"derde", 3},  {"4th", 4}, {"4e", 4},  {"fourth", 4}, {"vierde", 4},
      {"last", -1}, {"laatste", -1}, {"1ste", 1},  {"2de", 2},    {"3de", 3}, {"4de", 4},
  }};
  for (const auto& [name, value] : kOrdinals)
    if (name == word) return value;
  return std::nullopt;
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (w == word) return true;
  return false;
}

// "MO" → 1 ... "SA" → 6, "SU" → 0, as date::weekday counts.
unsigned weekday_number(std::string_view code) {
  constexpr std::array<std::string_view, 7> kCodes{"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  for (unsigned i = 0; i < kCodes.size(); ++i)
    if (kCodes[i] == code) return i;
  return 0;
}

// The day of a "YYYY-MM-DD..." that passed is_calendar_date.
date::sys_days day_of(std::string_view local) {
  return date::year(*number(local.substr(0, 4))) / date::month(static_cast<unsigned>(*number(local.substr(5, 2)))) /
         date::day(static_cast<unsigned>(*number(local.substr(8, 2))));
}

FormError usage() { return {Msg::intervision_form_usage, {}}; }

// Reads the tokens into `form`; false on a word that has no place in the form.
bool read_tokens(const std::vector<Token>& tokens, IntervisionForm& form, bool& has_rule) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& word = tokens[i].text;
    auto next = [&](std::size_t ahead = 1) -> const Token* {
      return i + ahead < tokens.size() ? &tokens[i + ahead] : nullptr;
    };
    if (tokens[i].quoted) {
      form.location = encoding::sanitize_utf8(word);
    } else if (one_of(word, {"every", "elke", "iedere"})) {
      int weeks = 1;
      std::size_t unit = 1;
      if (next() && number(next()->text)) {
        weeks = *number(next()->text);
        unit = 2;
      }
      if (!next(unit) || !one_of(next(unit)->text, {"week", "weeks", "weken"}) || weeks < 1 || weeks > 8) return false;
      form.interval_weeks = weeks;
      has_rule = true;
      i += unit;
    } else if (one_of(word, {"weekly", "wekelijks"})) {
      has_rule = true;
    } else if (one_of(word, {"fortnightly", "tweewekelijks"})) {
      form.interval_weeks = 2;
      has_rule = true;
    } else if (one_of(word, {"monthly", "maandelijks"})) {
      form.month_week = 0;  // the ordinal comes below
      has_rule = true;
    } else if (auto nth = ordinal(word); nth && form.month_week) {
      form.month_week = *nth;
    } else if (auto day = weekday_code(word); !day.empty()) {
      form.weekday = day;
    } else if (one_of(word, {"on", "op", "the", "de", "om", "at", "in", "bij", "for", "voor", "gedurende", "@"})) {
      continue;  // filler: "on tuesday", "op de 2e dinsdag", "at "...", "for 60 min"
    } else if (config::checks::is_clock_time(word)) {
      form.time = word;
    } else if (auto minutes = number(word);
               minutes && next() && one_of(next()->text, {"min", "mins", "minutes", "minuten", "minuut"})) {
      form.duration_minutes = *minutes;
      ++i;
    } else if (word.ends_with("min") && number(std::string_view(word).substr(0, word.size() - 3))) {
      form.duration_minutes = number(std::string_view(word).substr(0, word.size() - 3));
    } else if (one_of(word, {"from", "vanaf", "starting"})) {
      if (!next() || next()->quoted) return false;
      form.from_date = next()->text;
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string weekday_code(std::string_view name) {
  const auto word = lowercase(name);
  for (const auto& [day, code] : kWeekdays)
    if (day == word) return std::string(code);
  return {};
}

std::optional<FormError> impossible_date_or_time(std::string_view text) {
  const auto digits_at = [](std::string_view word, std::initializer_list<std::size_t> at) {
    return std::all_of(at.begin(), at.end(), [&](std::size_t i) { return word[i] >= '0' && word[i] <= '9'; });
  };
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] == '"') quoted = !quoted;
    if (i < text.size() && text[i] != ' ' && text[i] != '\t') continue;
    const auto word = text.substr(start, i - start);
    start = i + 1;
    if (quoted || word.find('"') != std::string_view::npos) continue;
    if (word.size() == 10 && word[4] == '-' && word[7] == '-' && digits_at(word, {0, 1, 2, 3, 5, 6, 8, 9}) &&
        !is_calendar_date(word))
      return FormError{Msg::intervision_bad_date, {{"date", word}}};
    if (word.size() == 5 && word[2] == ':' && digits_at(word, {0, 1, 3, 4}) && !config::checks::is_clock_time(word))
      return FormError{Msg::intervision_bad_time, {{"time", word}}};
  }
  return std::nullopt;
}

bool is_calendar_date(std::string_view text) {
  if (!config::checks::is_iso_date(text)) return false;
  const auto y = number(text.substr(0, 4)), m = number(text.substr(5, 2)), d = number(text.substr(8, 2));
  return y && m && d &&
         date::year_month_day(date::year(*y), date::month(static_cast<unsigned>(*m)),
                              date::day(static_cast<unsigned>(*d)))
             .ok();
}

int weekday_of_date(std::string_view local) { return static_cast<int>(date::weekday(day_of(local)).c_encoding()); }

std::variant<IntervisionForm, FormError> parse_intervision_form(std::string_view text) {
  if (auto impossible = impossible_date_or_time(text)) return *impossible;
  const auto tokens = tokenize(text);
  if (!tokens) return usage();
  IntervisionForm form;
  bool has_rule = false;
  if (!read_tokens(*tokens, form, has_rule)) return usage();
  if (!has_rule || form.weekday.empty() || form.time.empty() || form.from_date.empty()) return usage();
  if (form.month_week && *form.month_week == 0) return usage();
  if (form.location.size() > kMaxLocationBytes) return FormError{Msg::intervision_location_too_long, {}};
  return form;
}

FormError explain(RuleProblem problem, std::string_view value) {
  switch (problem) {
    case RuleProblem::unknown_time_zone:
      return {Msg::intervision_unknown_zone, {{"zone", value}}};
    case RuleProblem::in_dst_gap:
      return {Msg::intervision_dst_gap, {{"time", value}}};
    case RuleProblem::bad_duration:
      return {Msg::intervision_bad_duration, {}};
    case RuleProblem::bad_local_time:
    case RuleProblem::bad_rule:
      break;
  }
  return {Msg::intervision_bad_date, {{"date", value}}};
}

std::variant<SeriesRule, FormError> series_rule(const IntervisionForm& form, const std::string& time_zone,
                                                std::int64_t now_ms, int default_duration) {
  if (!is_calendar_date(form.from_date)) return FormError{Msg::intervision_bad_date, {{"date", form.from_date}}};
  SeriesRule rule;
  rule.time_zone = time_zone;
  rule.duration_minutes = form.duration_minutes.value_or(default_duration);
  if (form.month_week) {
    rule.rrule = "FREQ=MONTHLY;BYDAY=" + std::to_string(*form.month_week) + form.weekday;
  } else {
    rule.rrule = "FREQ=WEEKLY;INTERVAL=" + std::to_string(form.interval_weeks) + ";BYDAY=" + form.weekday;
  }
  // The series starts on its first meeting day on or after the date given (date's calendar, not ours).
  const date::sys_days from = day_of(form.from_date);
  const date::weekday wanted{weekday_number(form.weekday)};
  date::sys_days day = from;
  if (!form.month_week) {
    while (date::weekday(day) != wanted) day += date::days(1);
  } else {
    auto nth_in = [&](date::year_month month) -> date::sys_days {
      if (*form.month_week < 0) return date::year_month_weekday_last(month.year(), month.month(), wanted[date::last]);
      return date::year_month_weekday(month.year(), month.month(), wanted[static_cast<unsigned>(*form.month_week)]);
    };
    const date::year_month_day ymd{from};
    date::year_month month = ymd.year() / ymd.month();
    day = nth_in(month);
    if (day < from) day = nth_in(month + date::months(1));
  }
  rule.first_start = date::format("%Y-%m-%d", day) + "T" + form.time;
  if (auto problem = check_local_time(time_zone, rule.first_start)) {
    const bool zone = *problem == RuleProblem::unknown_time_zone;
    return explain(*problem, zone ? time_zone : rule.first_start);
  }
  if (auto problem = check_rule(rule)) return explain(*problem, rule.first_start);
  if (to_utc_ms(time_zone, rule.first_start) <= now_ms)
    return FormError{Msg::intervision_in_past, {{"date", rule.first_start.substr(0, 10)}}};
  return rule;
}

}  // namespace ambassador::rhythm
