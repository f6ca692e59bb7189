#include "storage/postgres_sql.hpp"

#include <algorithm>

namespace ambassador::storage {
namespace {

constexpr std::string_view kCrossJoin = "CROSS JOIN";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The index just past a quoted run or comment starting at `i`, or `i` when none starts there.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const char c = sql[i];
  if (c == '\'' || c == '"') {
    std::size_t j = i + 1;
    while (j < sql.size()) {
      if (sql[j] == c) {
        if (j + 1 < sql.size() && sql[j + 1] == c) {  // a doubled quote stays inside
          j += 2;
          continue;
        }
        return j + 1;
      }
      ++j;
    }
    return sql.size();
  }
  if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
    const auto end = sql.find('\n', i);
    return end == std::string_view::npos ? sql.size() : end;
  }
  return i;
}

}  // namespace

std::string postgres_sql(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  for (std::size_t i = 0; i < sql.size();) {
    if (const auto end = skip_quoted(sql, i); end != i) {
      out.append(sql.substr(i, end - i));
      i = end;
      continue;
    }
    // SQLite's CROSS JOIN is an inner join whose order the planner keeps; PostgreSQL takes no ON after CROSS JOIN.
    if (sql.substr(i).starts_with(kCrossJoin)) {
      out += "JOIN";
      i += kCrossJoin.size();
      continue;
    }
    if (sql[i] != '?') {
      out.push_back(sql[i++]);
      continue;
    }
    std::size_t j = i + 1;
    while (j < sql.size() && is_digit(sql[j])) ++j;
    const int number = j > i + 1 ? std::stoi(std::string(sql.substr(i + 1, j - i - 1))) : ++next;
    next = std::max(next, number);
    out += '$';
    out += std::to_string(number);
    i = j;
  }
  return out;
}

int placeholder_count(std::string_view sql) {
  int highest = 0;
  for (std::size_t i = 0; i < sql.size();) {
    if (const auto end = skip_quoted(sql, i); end != i) {
      i = end;
      continue;
    }
    if (sql[i] != '$' || i + 1 >= sql.size() || !is_digit(sql[i + 1])) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    int number = 0;
    while (j < sql.size() && is_digit(sql[j])) number = number * 10 + (sql[j++] - '0');
    highest = std::max(highest, number);
    i = j;
  }
  return highest;
}

}  // namespace ambassador::storage
