#pragma once
// JSON text that never fails: what users typed may be invalid UTF-8, and nlohmann's dump() throws on it by
// default. Every layer writes JSON with this one, for responses, requests to platforms, logs and stored rows.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace ambassador::encoding {

// `value` as JSON text, with each invalid UTF-8 sequence in its strings replaced by U+FFFD. Compact unless
// `indent` is 0 or more (then pretty-printed with that many spaces per level).
std::string dump_json(const nlohmann::json& value, int indent = -1);

// `text` as a JSON string, quoted and escaped as dump_json escapes it, each maximal ill-formed UTF-8 subpart
// replaced by U+FFFD. Runs of bytes that need nothing are copied whole: nlohmann's serializer takes every byte
// through a UTF-8 state machine, which put it at a tenth of the database writer's time when every event
// queues an answer (perf, bench/README.md).
void append_json_string(std::string& out, std::string_view text);

// A flat JSON object written field by field, for the rows written on every event and delivery. Fields come out in
// the order they are added: callers add them sorted by key, as nlohmann::json (a std::map) would write them.
class JsonObjectWriter {
 public:
  JsonObjectWriter& string(std::string_view key, std::string_view value);
  JsonObjectWriter& string_unless_empty(std::string_view key, std::string_view value) {
    return value.empty() ? *this : string(key, value);
  }
  JsonObjectWriter& boolean(std::string_view key, bool value);
  JsonObjectWriter& integer(std::string_view key, std::int64_t value);
  JsonObjectWriter& json(std::string_view key, std::string_view json_text);  // a value written already
  std::string finish() &&;

 private:
  void key(std::string_view key);

  std::string out_ = "{";
};

}  // namespace ambassador::encoding
