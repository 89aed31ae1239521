// tools: engine errors in the command line's words. The engine names the request field an error is
// about ("as_of", "categories"); the command line names the flag that sets it (--as-of, --categories).
#pragma once

#include <string>

#include "core/error.hpp"

namespace lc::tools {

// The message to print for `e`: a usage error about a request field as "--FIELD-NAME: what is
// wrong" (the field's underscores as dashes), any other error as it is.
std::string cli_message(const Error& e);

}  // namespace lc::tools
