#pragma once
// Small predicates the loader uses to validate values; pure functions, no TOML involved.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador::config::checks {

// Theme and department ids: lowercase a-z, 0-9 and '-', not empty. They end up in URLs and chat commands.
bool is_slug(std::string_view text);
// Role names: like a slug, but '_' is allowed too so the built-in roles ("social_savvy") qualify.
bool is_role_name(std::string_view text);
// Whether the IANA time zone database knows `name` ("Europe/Amsterdam").
bool is_known_time_zone(const std::string& name);
// "http://host..." or "https://host..." with a non-empty host and no whitespace.
bool is_http_url(std::string_view text);
// The host of an is_http_url() URL as written, without user info, port or an IPv6 literal's brackets.
std::string_view url_host(std::string_view url);
// 127.0.0.0/8 in dotted decimal, ::1 and "localhost": hosts whose traffic never leaves the machine.
bool is_loopback_host(std::string_view host);
// "HH:MM" on a 24-hour clock, 00:00 to 23:59, always two digits each.
bool is_clock_time(std::string_view text);
// A calendar date "YYYY-MM-DD" that exists (2028-02-29 does, 2026-02-30 does not), years 1970 to 9999.
bool is_iso_date(std::string_view text);
// An address block "10.0.0.0/8", "2001:db8::/32" or a bare address, without bits set past the prefix; `why` says
// what is wrong otherwise. The same rules as http::Cidr::parse (which the service uses; this library has no Asio).
bool is_cidr(std::string_view text, std::string& why);
bool is_one_of(std::string_view text, const std::vector<std::string_view>& allowed);
// "a, b or c" for messages listing what is allowed.
std::string list_alternatives(const std::vector<std::string_view>& allowed);
// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace ambassador::config::checks
