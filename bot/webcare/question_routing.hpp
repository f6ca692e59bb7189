#pragma once
// Which department a question's topic is for, from the config: the department's id or name, else one of its
// keywords or themes as a whole word or phrase of the topic, else the default department ([webcare]
// default_department, or the first one) — then `matched` is false, so webcare is told where it went and why.
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace ambassador::webcare {

struct Route {
  std::string department_id;
  std::string theme;  // the theme the topic names, when it names one: its experts are named first
  bool matched = false;
};

// `exclude` (a department id) is skipped: "not my department" must not route a question back to the same place.
Route route_topic(const config::Config& config, std::string_view topic, std::string_view exclude = {});
std::string default_department(const config::Config& config);

}  // namespace ambassador::webcare
