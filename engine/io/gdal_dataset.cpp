#include "io/gdal_dataset.hpp"

#include <cpl_error.h>

#include "core/redact.hpp"

namespace lc::io {

std::string gdal_message() {
  std::string m = redacted(CPLGetLastErrorMsg());
  for (char& c : m)
    if (c == '\n') c = ' ';
  while (!m.empty() && m.back() == ' ') m.pop_back();
  // libpq's prefix says nothing the caller's own text does not.
  const std::string noise = "PQconnectdb failed. ";
  if (m.rfind(noise, 0) == 0) m.erase(0, noise.size());
  return m;
}

std::string gdal_reason() {
  std::string m = gdal_message();
  return m.empty() ? m : ": " + m;
}

}  // namespace lc::io
