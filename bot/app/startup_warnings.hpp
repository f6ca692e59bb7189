#pragma once
// What a config allows that is unsafe outside a demo, said once at start: an operator who copied the demo's
// settings into production should hear it in the first lines of the log.
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ambassador::app {

std::vector<std::string> startup_warnings(const config::Config& config);

}  // namespace ambassador::app
