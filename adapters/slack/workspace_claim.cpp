#include "adapters/slack/workspace_claim.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/slack/endpoints.hpp"
#include "bot/http/form.hpp"
#include "bot/json_tree.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

// A member of the root object ({"", "team_id"}) or of an object in it ({"team", "id"} for "team"."id").
struct MemberPath {
  std::string_view parent;
  std::string_view key;
};

struct Member {
  int count = 0;
  std::optional<std::string> text;  // set when its value is a string
};

// Finds the members asked for in one SAX pass (nlohmann's lexer, as the parsers', so "team\u005fid" is team_id to
// both), building no document; nesting deeper than kMaxClaimDepth stops the pass.
template <std::size_t N>
class MemberScanner {
 public:
  explicit MemberScanner(const std::array<MemberPath, N>& paths) : paths_(paths) {}

  // False when the text is no JSON, nests too deep, or gives one of the members twice.
  bool scan(std::string_view text) {
    return json::sax_parse(text.begin(), text.end(), this) &&
           std::all_of(found_.begin(), found_.end(), [](const Member& member) { return member.count <= 1; });
  }
  // The string value of paths[i], "" when it is absent or no string.
  std::string text(std::size_t i) const { return found_[i].text.value_or(std::string{}); }

  // nlohmann's SAX interface.
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool binary(json::binary_t&) { return false; }  // not part of JSON text
  bool string(json::string_t& value) {
    if (Member* member = member_being_read()) member->text = value;
    return true;
  }
  bool key(json::string_t& key) {
    // Only the root object's and its children's keys can name a member asked for.
    if (levels_.size() <= 2) levels_.back().key = key;
    if (Member* member = member_being_read()) ++member->count;
    return true;
  }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  struct Level {
    bool object = false;
    std::string key;  // of the member being read, in the root object and its children
  };

  bool open(bool object) {
    if (levels_.size() >= kMaxClaimDepth) return false;
    levels_.push_back({object, {}});
    return true;
  }
  bool close() {
    levels_.pop_back();
    return true;
  }

  // The member asked for whose key was read last, when it is one and its object is where the path says.
  Member* member_being_read() {
    if (levels_.empty() || levels_.size() > 2 || !levels_.front().object || !levels_.back().object) return nullptr;
    const bool in_root = levels_.size() == 1;
    for (std::size_t i = 0; i < N; ++i) {
      const MemberPath& path = paths_[i];
      if (path.key != levels_.back().key) continue;
      if (in_root ? path.parent.empty() : !path.parent.empty() && path.parent == levels_.front().key) return &found_[i];
    }
    return nullptr;
  }

  const std::array<MemberPath, N>& paths_;
  std::array<Member, N> found_{};
  std::vector<Level> levels_;
};

std::optional<WorkspaceClaim> workspace(std::string team_id) {
  if (team_id.empty()) return std::nullopt;
  return WorkspaceClaim{std::move(team_id), false};
}

WorkspaceClaim handshake() { return WorkspaceClaim{{}, true}; }

// The form field `name`, "" when absent; nullopt when given twice.
std::optional<std::string> single_field(const http::FormFields& fields, std::string_view name) {
  std::optional<std::string> value = std::string{};
  int count = 0;
  for (const auto& [key, field_value] : fields) {
    if (key != name) continue;
    if (++count > 1) return std::nullopt;
    value = field_value;
  }
  return value;
}

// Read with JsonTree, as parse_events_body reads the body (the same parser, so both see the same members): every
// event is read here first, and a pass of nlohmann's lexer cost more than the tree.
std::optional<WorkspaceClaim> events_claim(std::string_view body) {
  const auto document = JsonTree::parse(body);
  if (!document) return std::nullopt;
  const auto root = document->root();
  if (root.members_named("team_id") > 1 || root.members_named("type") > 1) return std::nullopt;
  if (auto claim = workspace(root["team_id"].text_or_empty())) return claim;
  if (root["type"].text() == "url_verification") return handshake();
  return std::nullopt;
}

std::optional<WorkspaceClaim> commands_claim(std::string_view body) {
  const auto fields = http::parse_form(body);
  if (!fields) return std::nullopt;
  auto team_id = single_field(*fields, "team_id");
  if (!team_id) return std::nullopt;
  if (auto claim = workspace(std::move(*team_id))) return claim;
  if (http::form_value(*fields, "ssl_check") == "1") return handshake();
  return std::nullopt;
}

std::optional<WorkspaceClaim> interactivity_claim(std::string_view body) {
  const auto fields = http::parse_form(body);
  if (!fields) return std::nullopt;
  const auto payload = single_field(*fields, "payload");
  if (!payload) return std::nullopt;
  // "team" and "user" themselves are counted too: a second "team": null would hide the first from the parser.
  static constexpr std::array<MemberPath, 4> kPaths{{{"", "team"}, {"team", "id"}, {"", "user"}, {"user", "team_id"}}};
  MemberScanner scanner(kPaths);
  if (!scanner.scan(*payload)) return std::nullopt;
  std::string team_id = scanner.text(1);
  if (team_id.empty()) team_id = scanner.text(3);
  return workspace(std::move(team_id));
}

}  // namespace

std::optional<WorkspaceClaim> workspace_claim(std::string_view path, std::string_view body) {
  if (path == kEventsPath) return events_claim(body);
  if (path == kCommandsPath) return commands_claim(body);
  if (path == kInteractivityPath) return interactivity_claim(body);
  return std::nullopt;
}

}  // namespace ambassador::adapters::slack
