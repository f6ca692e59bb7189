#include "encoding/json_text.hpp"

#include <nlohmann/json.hpp>

namespace ambassador::encoding {

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ambassador::encoding
