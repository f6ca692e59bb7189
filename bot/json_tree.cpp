#include "bot/json_tree.hpp"

#include <cstring>
#include <limits>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "bot/json_limits.hpp"
#include "encoding/utf8.hpp"

namespace ambassador {

// RapidJSON's SAX handler, appending each value to the tree and linking it to the container being filled.
// RapidJSON rather than nlohmann's SAX parser (which the tree was first filled by): nlohmann's lexer appends each
// character of a string to a std::string through a call of its own, a quarter of the instructions the network
// thread spent on a Telegram update (bench/instructions_per_request.sh); RapidJSON's loop is a few instructions a
// character.
class TreeBuilder {
 public:
  explicit TreeBuilder(JsonTree& tree, std::size_t text_size) : tree_(tree) {
    tree_.nodes_.reserve(32);
    tree_.bytes_.reserve(text_size);  // unescaped strings and keys never outgrow the text they came from
    open_.reserve(8);
  }

  bool Null() { return add({}); }
  bool Bool(bool value) {
    JsonTree::Node node;
    node.kind = JsonTree::Kind::boolean;
    node.boolean = value;
    return add(node);
  }
  bool Int(int value) { return add_integer(value); }
  bool Int64(std::int64_t value) { return add_integer(value); }
  bool Uint(unsigned value) { return add_integer(value); }
  bool Uint64(std::uint64_t value) {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return add_number();
    return add_integer(static_cast<std::int64_t>(value));
  }
  bool Double(double) { return add_number(); }  // beyond 64 bits too: a number, as nlohmann reads it
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }  // only with kParseNumbersAsStringsFlag
  bool String(const char* text, rapidjson::SizeType size, bool) {
    if (holds_surrogate(text, size)) return false;
    JsonTree::Node node;
    node.kind = JsonTree::Kind::string;
    node.string = store(text, size);
    return add(node);
  }
  bool StartObject() { return open(JsonTree::Kind::object); }
  bool StartArray() { return open(JsonTree::Kind::array); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  bool Key(const char* text, rapidjson::SizeType size, bool) {
    if (holds_surrogate(text, size)) return false;
    key_ = store(text, size);
    return true;
  }

 private:
  // RapidJSON 1.1 decodes an escaped low surrogate that follows no high one ("\udc00") into the three bytes of
  // U+DC00, which are no UTF-8. The raw text was checked as UTF-8, so ED A0..ED BF (U+D800..U+DFFF) can only come
  // from such an escape.
  static bool holds_surrogate(const char* text, std::size_t size) {
    for (const char* at = text; (at = static_cast<const char*>(std::memchr(at, '\xED', size - (at - text))));) {
      if (++at < text + size && static_cast<unsigned char>(*at) >= 0xA0) return true;
    }
    return false;
  }

  JsonTree::Span store(const char* text, rapidjson::SizeType size) {
    const JsonTree::Span span{static_cast<std::uint32_t>(tree_.bytes_.size()), static_cast<std::uint32_t>(size)};
    tree_.bytes_.append(text, size);
    return span;
  }

  bool add_integer(std::int64_t value) {
    JsonTree::Node node;
    node.kind = JsonTree::Kind::integer;
    node.integer = value;
    return add(node);
  }

  bool add_number() {
    JsonTree::Node node;
    node.kind = JsonTree::Kind::number;
    return add(node);
  }

  bool add(JsonTree::Node node) {
    node.key = key_;  // meaningful for members of an object only
    const auto index = static_cast<std::uint32_t>(tree_.nodes_.size());
    tree_.nodes_.push_back(node);
    if (!open_.empty()) {
      auto& parent = tree_.nodes_[open_.back()];
      if (parent.last_child == JsonTree::kNone)
        parent.first_child = index;
      else
        tree_.nodes_[parent.last_child].next_sibling = index;
      parent.last_child = index;
    }
    last_added_ = index;
    return true;
  }

  bool open(JsonTree::Kind kind) {
    if (open_.size() >= kMaxJsonDepth) return false;  // see json_limits.hpp
    JsonTree::Node node;
    node.kind = kind;
    add(node);
    open_.push_back(last_added_);
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  JsonTree& tree_;
  std::vector<std::uint32_t> open_;  // the containers being filled, innermost last
  JsonTree::Span key_;
  std::uint32_t last_added_ = 0;
};

std::optional<JsonTree> JsonTree::parse(std::string_view text) {
  // Offsets are 32-bit; request bodies are limited far below this.
  if (text.size() >= std::numeric_limits<std::uint32_t>::max() / 2) return std::nullopt;
  // RapidJSON's streams end at a NUL byte, which would let "{}\0junk" pass as "{}"; a NUL byte is valid nowhere in
  // JSON text (inside a string it must be escaped), so such a text is refused here.
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) return std::nullopt;
  // The whole text at once, which is faster than RapidJSON's check of each string's characters one by one.
  if (!encoding::is_valid_utf8(text)) return std::nullopt;
  JsonTree tree;
  TreeBuilder builder(tree, text.size());
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  // RapidJSON recurses once per level, but TreeBuilder refuses to open level kMaxJsonDepth + 1, which ends the parse.
  if (reader.Parse(stream, builder).IsError()) return std::nullopt;
  return tree;
}

std::optional<JsonTree::Kind> JsonTree::Value::kind() const {
  if (!tree_) return std::nullopt;
  return tree_->nodes_[index_].kind;
}

JsonTree::Value JsonTree::Value::operator[](std::string_view key) const {
  if (kind() != Kind::object) return {};
  std::uint32_t found = kNone;
  for (auto child = tree_->nodes_[index_].first_child; child != kNone; child = tree_->nodes_[child].next_sibling)
    if (tree_->view(tree_->nodes_[child].key) == key) found = child;
  return found == kNone ? Value() : Value(tree_, found);
}

std::size_t JsonTree::Value::members_named(std::string_view key) const {
  if (kind() != Kind::object) return 0;
  std::size_t count = 0;
  for (auto child = tree_->nodes_[index_].first_child; child != kNone; child = tree_->nodes_[child].next_sibling)
    count += tree_->view(tree_->nodes_[child].key) == key ? 1 : 0;
  return count;
}

std::optional<std::int64_t> JsonTree::Value::integer() const {
  if (kind() != Kind::integer) return std::nullopt;
  return tree_->nodes_[index_].integer;
}

std::optional<std::string_view> JsonTree::Value::text() const {
  if (kind() != Kind::string) return std::nullopt;
  return tree_->view(tree_->nodes_[index_].string);
}

std::vector<JsonTree::Value> JsonTree::Value::items() const {
  std::vector<Value> result;
  if (kind() != Kind::array) return result;
  for (auto child = tree_->nodes_[index_].first_child; child != kNone; child = tree_->nodes_[child].next_sibling)
    result.push_back(Value(tree_, child));
  return result;
}

bool JsonTree::Value::is_true() const { return kind() == Kind::boolean && tree_->nodes_[index_].boolean; }

}  // namespace ambassador
