// tools: engine errors in the command line's words. The engine names the request field an error is
// about ("as_of", "categories"); the command line names the flag that sets it (--as-of, --categories).
#pragma once

#include <string>

#include "core/error.hpp"

namespace lc::tools {

// The flag of a request field: "--" and the field's underscores as dashes (max_snap: --max-snap),
// or the flag a field of the request's network has (network.walk_profile: --walk-profile,
// network.class_field: --street-class-field).
std::string flag_of(const std::string& field);

// The message to print for `e`: a usage error with each request field it names as its flag
// ("--as-of: ...", "give one of --count, --target-coverage, --per-district"), any other error as it is.
std::string cli_message(const Error& e);

}  // namespace lc::tools
