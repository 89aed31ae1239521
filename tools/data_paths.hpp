// tools: where the project's shipped data lives (catalog, checklist). LIFECIRCLE_DATA overrides
// the source tree's data/ folder baked in at build time.
#pragma once

#include <cstdlib>
#include <string>

#ifndef LIFECIRCLE_DATA_DIR
#define LIFECIRCLE_DATA_DIR "data"
#endif

namespace lc::tools {

inline std::string data_path(const std::string& relative) {
  const char* env = std::getenv("LIFECIRCLE_DATA");
  return std::string(env ? env : LIFECIRCLE_DATA_DIR) + "/" + relative;
}

// What commands read when no --catalog or --checklist is given. The options name these as their
// default values (->default_str), which is how a job's fingerprint finds the files a task reads
// by default (job_fingerprint).
inline std::string default_catalog() { return data_path("geo/categories.toml"); }
inline std::string default_checklist() { return data_path("checklist/wuhai-2023.toml"); }

}  // namespace lc::tools
