#pragma once
// `ambassador-bot post create|list|cancel ...`: the editors' API operations for people who script,
// straight against the database (the running service picks scheduled posts up within a second).
#include <iosfwd>
#include <string>
#include <vector>

#include "bot/clock.hpp"
#include "config/config.hpp"

namespace ambassador::app {

// `args` are the words after "post". Returns the exit code (0 ok, 1 failure, 2 usage or invalid post).
int run_post_cli(const std::vector<std::string>& args, const config::Config& config);
// The same, writing to `out`/`err` and reading the time (publish times in the past, created_at) from `clock`.
int run_post_cli(const std::vector<std::string>& args, const config::Config& config, const Clock& clock,
                 std::ostream& out, std::ostream& err);

}  // namespace ambassador::app
