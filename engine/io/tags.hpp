// lc::io tag lists: OSM tags (or any key/value attributes) as plain strings, so that profiles and
// category rules downstream are pure functions that never see libosmium or GDAL types.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc {

using TagList = std::vector<std::pair<std::string, std::string>>;

// The value of `key`, or nullptr when absent.
inline const char* find_tag(const TagList& tags, std::string_view key) {
  for (const auto& [k, v] : tags)
    if (k == key) return v.c_str();
  return nullptr;
}

inline bool tag_is(const TagList& tags, std::string_view key, std::string_view value) {
  const char* v = find_tag(tags, key);
  return v && value == v;
}

}  // namespace lc
