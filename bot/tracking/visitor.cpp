#include "bot/tracking/visitor.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "encoding/hex.hpp"

namespace ambassador::tracking {
namespace {

constexpr std::size_t kHashHexLength = 32;

// Lowercase substrings of known preview fetchers. Words that are not whole tokens ("skypeuripreview",
// "microsoftpreview") are matched here; the generic words are matched per token below.
constexpr std::array<std::string_view, 15> kKnownAgents{
    "slackbot",   "slack-imgproxy",  "telegrambot",     "facebookexternalhit", "facebot",    "linkedinbot",
    "twitterbot", "skypeuripreview", "microsoft teams", "microsoftpreview",    "discordbot", "whatsapp",
    "googlebot",  "bingbot",         "yandexbot"};

// A token ending in one of these is a robot ("AhrefsBot", "Baiduspider", "SomePreview").
constexpr std::array<std::string_view, 4> kGenericWords{"bot", "crawler", "spider", "preview"};

// Real phones whose model name ends in "bot": people, not robots.
constexpr std::array<std::string_view, 1> kNotRobots{"cubot"};

// Fetched once: EVP_sha256() alone makes OpenSSL 3 look the implementation up again on every call, which
// doubles the cost of a click's hash. Never freed: it lives as long as the process.
const EVP_MD* sha256() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched ? fetched : EVP_sha256();
  }();
  return md;
}

bool ends_with_word(std::string_view token) {
  for (auto word : kNotRobots)
    if (token == word) return false;
  for (auto word : kGenericWords)
    if (token.ends_with(word)) return true;
  return false;
}

}  // namespace

std::string visitor_hash(std::string_view salt, std::string_view ip, std::string_view user_agent) {
  std::string input;
  input.reserve(salt.size() + ip.size() + user_agent.size() + 2);
  input.append(salt);
  input.push_back('\0');
  input.append(ip);
  input.push_back('\0');
  input.append(user_agent);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, sha256(), nullptr) != 1) {
    throw std::runtime_error("tracking: SHA-256 failed");
  }
  return encoding::lowercase_hex(std::span(digest).first(std::min<std::size_t>(length, kHashHexLength / 2)));
}

std::string new_visitor_salt() {
  std::string salt(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("tracking: the random generator failed; no visitor salt");
  }
  return salt;
}

bool is_link_preview_agent(std::string_view user_agent) {
  std::string lower;
  lower.reserve(user_agent.size());
  for (char c : user_agent) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  bool blank = true;
  for (char c : lower) blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) return true;
  for (auto agent : kKnownAgents)
    if (lower.find(agent) != std::string::npos) return true;
  // Tokens: runs of letters (so "Googlebot/2.1" gives "googlebot", "bot.html" gives "bot").
  std::size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && !std::isalpha(static_cast<unsigned char>(lower[i]))) ++i;
    const std::size_t start = i;
    while (i < lower.size() && std::isalpha(static_cast<unsigned char>(lower[i]))) ++i;
    if (i > start && ends_with_word(std::string_view(lower).substr(start, i - start))) return true;
  }
  return false;
}

}  // namespace ambassador::tracking
