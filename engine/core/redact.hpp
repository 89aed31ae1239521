// lc::core passwords out of printed text: every message, log line, command line, job record and
// layer description that may hold a PostgreSQL connection string (io/postgis) goes through it.
#pragma once

#include <string>

namespace lc {

// `text` with the value of every password=... (quoted or not, any case) and the password of every
// postgresql://user:PASSWORD@ URI replaced by ***; anything else kept as it is.
std::string redacted(const std::string& text);

}  // namespace lc
