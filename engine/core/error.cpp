#include "core/error.hpp"

namespace lifecircle {

std::string describe(const Where& where) {
  std::string out;
  if (!where.file.empty()) out += where.file;
  if (!where.layer.empty()) out += (out.empty() ? "layer " : ", layer ") + where.layer;
  if (!where.feature.empty()) out += (out.empty() ? "" : ", ") + where.feature;
  if (!out.empty()) out += ": ";
  return out;
}

}  // namespace lifecircle
