#include "bot/json_tree.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "bot/json_limits.hpp"

namespace ambassador {

// nlohmann's SAX interface, appending each value to the tree and linking it to the container being filled.
class TreeBuilder {
 public:
  using json = nlohmann::json;

  explicit TreeBuilder(JsonTree& tree, std::size_t text_size) : tree_(tree) {
    tree_.nodes_.reserve(32);
    tree_.bytes_.reserve(text_size);  // unescaped strings and keys never outgrow the text they came from
    open_.reserve(8);
  }

  bool null() { return add({}); }
  bool boolean(bool value) {
    JsonTree::Node node;
    node.kind = JsonTree::Kind::boolean;
    node.boolean = value;
    return add(node);
  }
  bool number_integer(json::number_integer_t value) { return add_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) {
    if (value > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) return add_number();
    return add_integer(static_cast<std::int64_t>(value));
  }
  bool number_float(json::number_float_t, const json::string_t&) { return add_number(); }
  bool string(json::string_t& value) {
    JsonTree::Node node;
    node.kind = JsonTree::Kind::string;
    node.string = store(value);
    return add(node);
  }
  bool binary(json::binary_t&) { return false; }  // not part of JSON text
  bool start_object(std::size_t) { return open(JsonTree::Kind::object); }
  bool start_array(std::size_t) { return open(JsonTree::Kind::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(json::string_t& value) {
    key_ = store(value);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  JsonTree::Span store(const std::string& value) {
    const JsonTree::Span span{static_cast<std::uint32_t>(tree_.bytes_.size()),
                              static_cast<std::uint32_t>(value.size())};
    tree_.bytes_.append(value);
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
  JsonTree tree;
  TreeBuilder builder(tree, text.size());
  if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) return std::nullopt;
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
