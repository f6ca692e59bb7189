#pragma once
// A read-only JSON document for hot request paths (webhook bodies). nlohmann's DOM allocates a map node and a
// string for every member, which was most of the cost of ingesting a Telegram update; this tree is filled by
// RapidJSON's SAX parser into one array of nodes and one buffer of string bytes, so a parse makes a handful of
// allocations whatever the body. Reading is null-safe: a missing member, or a value of another type, reads as
// absent, so a caller can walk `doc.root()["message"]["from"]["id"].integer()` without checking each step.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ambassador {

class JsonTree {
 public:
  enum class Kind : std::uint8_t { null, boolean, integer, number, string, array, object };

  // One value of the tree, or none (absent). Cheap to copy; valid as long as its tree.
  class Value {
   public:
    Value() = default;
    bool present() const { return tree_ != nullptr; }
    bool is_object() const { return kind() == Kind::object; }
    bool is_array() const { return kind() == Kind::array; }
    // The member `key` of this object; absent if this is no object or has no such member. Of duplicate keys the
    // last wins, as in nlohmann's DOM.
    Value operator[](std::string_view key) const;
    // How many members of this object are named `key` (0 if this is no object): JSON lets a key repeat.
    std::size_t members_named(std::string_view key) const;
    std::optional<std::int64_t> integer() const;  // integers that fit in int64 only
    std::optional<std::string_view> text() const;
    std::string text_or_empty() const { return std::string(text().value_or(std::string_view{})); }  // "" if no string
    bool is_true() const;
    // The elements of this array, in order; empty if this is no array. Meant for the rare arrays a parser walks
    // (a service message's new members), so it allocates rather than exposing an iterator.
    std::vector<Value> items() const;

   private:
    friend class JsonTree;
    Value(const JsonTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
    std::optional<Kind> kind() const;
    const JsonTree* tree_ = nullptr;
    std::uint32_t index_ = 0;
  };

  // nullopt when `text` is not one valid JSON value (RFC 8259's strict grammar, strings checked as UTF-8; no BOM).
  static std::optional<JsonTree> parse(std::string_view text);

  Value root() const { return Value(this, 0); }

 private:
  friend class TreeBuilder;
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Span {
    std::uint32_t offset = 0, size = 0;
  };
  struct Node {
    Kind kind = Kind::null;
    bool boolean = false;
    Span key;
    Span string;
    std::int64_t integer = 0;
    std::uint32_t first_child = kNone, last_child = kNone, next_sibling = kNone;
  };
  std::string_view view(Span span) const { return std::string_view(bytes_).substr(span.offset, span.size); }

  std::vector<Node> nodes_;
  std::string bytes_;  // keys and unescaped strings, back to back
};

}  // namespace ambassador
