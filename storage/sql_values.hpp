#pragma once
// Nullable integer columns and parameters, as every repository reads and binds them.
#include <cstdint>
#include <optional>

#include "storage/statement.hpp"

namespace ambassador::storage {

inline std::optional<std::int64_t> optional_int(const Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

inline void bind_optional(Statement& statement, int index, const std::optional<std::int64_t>& value) {
  value ? statement.bind(index, static_cast<std::int64_t>(*value)) : statement.bind(index);
}

}  // namespace ambassador::storage
