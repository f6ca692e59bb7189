#pragma once
// Where the Bot Framework connector for a Teams conversation lives: the serviceUrl its activities came with
// (a verified token's serviceUrl claim vouches for it), kept per conversation and per tenant, so a proactive
// message (a suggested post, a reminder) goes to the region that serves the team. Until a conversation or its
// tenant has told us, the configured default. Thread-safe: the webhook path writes, senders read.
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ambassador::adapters::teams {

class ServiceUrlBook {
 public:
  // Called (outside the lock) when a conversation's URL is new or changed, to make it durable.
  using Persist =
      std::function<void(const std::string& tenant, const std::string& conversation, const std::string& service_url)>;

  explicit ServiceUrlBook(std::string default_url, Persist persist = {});

  // A URL known from storage at start-up: remembered without persisting it again.
  void load(const std::string& tenant, const std::string& conversation, std::string_view service_url);
  // A verified activity named this URL.
  void remember(const std::string& tenant, const std::string& conversation, std::string_view service_url);
  // The conversation's URL, else its tenant's latest, else the default; never ends with '/'.
  std::string lookup(const std::string& tenant, const std::string& conversation) const;

 private:
  bool store(const std::string& tenant, const std::string& conversation, std::string url);

  const std::string default_url_;
  const Persist persist_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> by_conversation_;
  std::unordered_map<std::string, std::string> by_tenant_;
};

}  // namespace ambassador::adapters::teams
