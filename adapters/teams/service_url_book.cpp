#include "adapters/teams/service_url_book.hpp"

#include <utility>

namespace ambassador::adapters::teams {
namespace {

// Activities say "https://smba.trafficmanager.net/emea/"; callers append "/v3/...".
std::string without_trailing_slash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string{url};
}

}  // namespace

ServiceUrlBook::ServiceUrlBook(std::string default_url, Persist persist)
    : default_url_(without_trailing_slash(default_url)), persist_(std::move(persist)) {}

bool ServiceUrlBook::store(const std::string& tenant, const std::string& conversation, std::string url) {
  std::lock_guard lock(mutex_);
  if (!tenant.empty()) by_tenant_[tenant] = url;
  if (conversation.empty()) return false;
  auto [it, inserted] = by_conversation_.try_emplace(conversation, url);
  if (inserted) return true;
  if (it->second == url) return false;
  it->second = std::move(url);
  return true;
}

void ServiceUrlBook::load(const std::string& tenant, const std::string& conversation, std::string_view service_url) {
  store(tenant, conversation, without_trailing_slash(service_url));
}

void ServiceUrlBook::remember(const std::string& tenant, const std::string& conversation,
                              std::string_view service_url) {
  auto url = without_trailing_slash(service_url);
  if (url.empty()) return;
  if (store(tenant, conversation, url) && persist_) persist_(tenant, conversation, url);
}

std::string ServiceUrlBook::lookup(const std::string& tenant, const std::string& conversation) const {
  std::lock_guard lock(mutex_);
  if (auto it = by_conversation_.find(conversation); it != by_conversation_.end()) return it->second;
  if (auto it = by_tenant_.find(tenant); it != by_tenant_.end()) return it->second;
  return default_url_;
}

}  // namespace ambassador::adapters::teams
