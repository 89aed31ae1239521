// lc::report HTML building blocks shared by the planner's report: escaping text that comes from
// the data (names of districts, facilities and measures) before it lands in markup.
#pragma once

#include <string>
#include <string_view>

namespace lc::report {

// Escapes &, <, >, " and ' so that any data string is safe as HTML text or attribute value.
std::string html_escape(std::string_view text);

}  // namespace lc::report
