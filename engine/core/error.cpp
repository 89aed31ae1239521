#include "core/error.hpp"

#include "core/redact.hpp"

namespace lifecircle {

std::string describe(const Where& where) {
  std::string out;
  if (!where.file.empty()) out += lc::redacted(where.file);  // a PostgreSQL source without its password
  if (!where.layer.empty()) out += (out.empty() ? "layer " : ", layer ") + where.layer;
  if (!where.feature.empty()) out += (out.empty() ? "" : ", ") + where.feature;
  if (!out.empty()) out += ": ";
  return out;
}

}  // namespace lifecircle
