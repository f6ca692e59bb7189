#pragma once
// What a config allows that is unsafe outside a demo, said once at start: an operator who copied the demo's
// settings into production should hear it in the first lines of the log.
#include <string>
#include <vector>

#include "config/config.hpp"

namespace ambassador::app {

std::vector<std::string> startup_warnings(const config::Config& config);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace ambassador::app
