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

}  // namespace lc::tools
