#pragma once
// The statements are written once, in SQL both backends accept, with SQLite's placeholders. PostgreSQL numbers its
// parameters: `?` becomes `$1`, `$2`, ... in order, `?N` becomes `$N`. SQLite's CROSS JOIN (an inner join in the
// written order, always with ON here) becomes JOIN. Quoted text, quoted names and comments are left as they are.
#include <string>
#include <string_view>

namespace ambassador::storage {

std::string postgres_sql(std::string_view sqlite_sql);
// The highest `$N` in a statement already in PostgreSQL's form.
int placeholder_count(std::string_view postgres_sql);

}  // namespace ambassador::storage
