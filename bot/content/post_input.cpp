#include "bot/content/post_input.hpp"

#include <algorithm>
#include <array>

#include <boost/url/parse.hpp>

#include "bot/content/time_parsing.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::content {
namespace {
using nlohmann::json;

constexpr std::array kFields{"title",      "body",      "link_url",    "image_url",       "suggested_text",
                             "themes",     "roles",     "departments", "direct_messages", "publish_at",
                             "expires_at", "time_zone", "status"};
constexpr std::array kNetworks{"all", "linkedin", "x", "facebook"};
constexpr std::int64_t kPastGraceMs = 60'000;

bool is_web_url(const std::string& text) {
  auto url = boost::urls::parse_uri(text);
  return url && (url->scheme() == "https" || url->scheme() == "http") && !url->host().empty();
}

class Reader {
 public:
  Reader(const json& body, std::vector<std::string>& problems) : body_(body), problems_(problems) {}

  const json* get(const char* name) const {
    auto it = body_.find(name);
    return it == body_.end() ? nullptr : &*it;
  }
  bool has(const char* name) const { return get(name) != nullptr; }

  std::optional<std::string> text(const char* name, std::size_t max_chars) {
    const auto* value = get(name);
    if (!value) return std::nullopt;
    if (value->is_null()) return std::string{};
    if (!value->is_string()) return problem(name, "must be a string"), std::nullopt;
    auto s = value->get<std::string>();
    if (encoding::code_point_count(s) > max_chars)
      problem(name, "is longer than " + std::to_string(max_chars) + " characters");
    return s;
  }

  std::optional<std::vector<std::string>> list(const char* name, const std::vector<std::string>& allowed) {
    const auto* value = get(name);
    if (!value) return std::nullopt;
    if (!value->is_array()) return problem(name, "must be an array of strings"), std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : *value) {
      if (!item.is_string()) {
        problem(name, "must contain only strings");
        continue;
      }
      auto s = item.get<std::string>();
      if (std::find(allowed.begin(), allowed.end(), s) == allowed.end())
        problem(name, "has unknown value '" + s + "'");
      else if (std::find(out.begin(), out.end(), s) == out.end())
        out.push_back(std::move(s));
    }
    return out;
  }

  void problem(const char* field, const std::string& what) { problems_.push_back(std::string(field) + " " + what); }

 private:
  const json& body_;
  std::vector<std::string>& problems_;
};

std::vector<std::string> department_ids(const config::Config& config) {
  std::vector<std::string> ids;
  for (const auto& d : config.departments) ids.push_back(d.id);
  return ids;
}

// The zone a local publish time is read in: explicit, else the first target department's, else the organisation's.
std::string zone_for(const storage::PostRecord& post, const config::Config& config, const std::string& explicit_zone) {
  if (!explicit_zone.empty()) return explicit_zone;
  if (!post.departments.empty()) {
    if (const auto* d = config.find_department(post.departments.front()); d && !d->time_zone.empty())
      return d->time_zone;
  }
  return config.organisation.time_zone;
}

void read_suggested_texts(Reader& in, storage::PostRecord& post) {
  const auto* value = in.get("suggested_text");
  if (!value) return;
  json texts = json::object();
  if (value->is_string()) {
    texts["all"] = value->get<std::string>();
  } else if (value->is_object()) {
    for (const auto& [network, text] : value->items()) {
      if (std::find(kNetworks.begin(), kNetworks.end(), network) == kNetworks.end()) {
        in.problem("suggested_text", "has unknown network '" + network + "' (all, linkedin, x, facebook)");
      } else if (!text.is_string()) {
        in.problem("suggested_text", "." + network + " must be a string");
      } else {
        texts[network] = text.get<std::string>();
      }
    }
  } else if (!value->is_null()) {
    in.problem("suggested_text", "must be a string or an object per network");
  }
  for (const auto& [network, text] : texts.items()) {
    const auto limit = network == "x" ? 280u : 3000u;
    if (encoding::code_point_count(text.get<std::string>()) > limit)
      in.problem("suggested_text", "." + network + " is longer than " + std::to_string(limit) + " characters");
  }
  post.suggested_texts = texts.dump();
}

}  // namespace

std::vector<std::string> apply_post_input(const json& body, storage::PostRecord& post, const config::Config& config,
                                          std::int64_t now_ms, InputMode mode) {
  std::vector<std::string> problems;
  if (!body.is_object()) return {"the body must be a JSON object"};
  for (const auto& [key, value] : body.items())
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end())
      problems.push_back("unknown field '" + key + "'");
  Reader in(body, problems);

  if (auto v = in.text("title", 200)) post.title = *v;
  if (auto v = in.text("body", 5000)) post.body = *v;
  if (auto v = in.text("link_url", 2000)) post.link_url = *v;
  if (auto v = in.text("image_url", 2000)) post.image_url = *v;
  read_suggested_texts(in, post);
  if (auto v = in.list("themes", config.themes)) post.themes = *v;
  if (auto v = in.list("roles", config.roles)) post.roles = *v;
  if (auto v = in.list("departments", department_ids(config))) post.departments = *v;
  if (const auto* v = in.get("direct_messages")) {
    if (v->is_boolean())
      post.direct_messages = v->get<bool>();
    else
      in.problem("direct_messages", "must be true or false");
  }
  const auto zone = zone_for(post, config, in.text("time_zone", 64).value_or(""));
  auto read_time = [&](const char* name, std::optional<std::int64_t>& into) {
    auto text = in.text(name, 64);
    if (!text) return;
    if (text->empty()) {
      into.reset();
      return;
    }
    auto parsed = parse_time(*text, zone);
    if (parsed.utc_ms)
      into = parsed.utc_ms;
    else
      in.problem(name, parsed.error);
  };
  read_time("publish_at", post.publish_at_ms);
  read_time("expires_at", post.expires_at_ms);

  if (auto status = in.text("status", 16)) {
    if (*status != "draft" && *status != "scheduled")
      in.problem("status", "can only be set to draft or scheduled");
    else
      post.status = *status;
  } else if (mode == InputMode::create) {
    post.status = post.publish_at_ms ? "scheduled" : "draft";
  }

  if (post.title.empty()) problems.push_back("title is required");
  if (post.link_url.empty())
    problems.push_back("link_url is required");
  else if (!is_web_url(post.link_url))
    problems.push_back("link_url must be an absolute http(s) URL");
  if (!post.image_url.empty() && !is_web_url(post.image_url))
    problems.push_back("image_url must be an absolute http(s) URL");
  if (post.status == "scheduled") {
    if (!post.publish_at_ms)
      problems.push_back("publish_at is required to schedule a post");
    else if (*post.publish_at_ms < now_ms - kPastGraceMs)
      problems.push_back("publish_at is in the past");
  }
  if (post.expires_at_ms && *post.expires_at_ms <= post.publish_at_ms.value_or(now_ms))
    problems.push_back("expires_at must be after publish_at");
  return problems;
}

std::string suggested_text(const storage::PostRecord& post, std::string_view network) {
  auto texts = json::parse(post.suggested_texts, nullptr, false);
  if (!texts.is_object()) return {};
  if (auto it = texts.find(std::string(network)); it != texts.end() && it->is_string()) return it->get<std::string>();
  if (auto it = texts.find("all"); it != texts.end() && it->is_string()) return it->get<std::string>();
  return {};
}

json post_to_json(const storage::PostRecord& post) {
  auto time = [](const std::optional<std::int64_t>& ms) { return ms ? json(format_utc(*ms)) : json(nullptr); };
  auto texts = json::parse(post.suggested_texts, nullptr, false);
  return json{{"id", post.id},
              {"title", post.title},
              {"body", post.body},
              {"link_url", post.link_url},
              {"image_url", post.image_url},
              {"suggested_text", texts.is_object() ? texts : json::object()},
              {"themes", post.themes},
              {"departments", post.departments},
              {"roles", post.roles},
              {"direct_messages", post.direct_messages},
              {"publish_at", time(post.publish_at_ms)},
              {"expires_at", time(post.expires_at_ms)},
              {"status", post.status},
              {"created_by", post.created_by},
              {"created_at", format_utc(post.created_at_ms)},
              {"updated_at", format_utc(post.updated_at_ms)},
              {"sent_at", time(post.sent_at_ms)}};
}

}  // namespace ambassador::content
