#pragma once
// `ambassador-bot post create|list|cancel ...`: the editors' API operations for people who script,
// straight against the database (the running service picks scheduled posts up within a second).
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ambassador::app {

// `args` are the words after "post". Returns the exit code (0 ok, 1 failure, 2 usage or invalid post).
int run_post_cli(const std::vector<std::string>& args, const config::Config& config);

}  // namespace ambassador::app
