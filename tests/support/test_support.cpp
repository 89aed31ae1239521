#include "support/test_support.hpp"

#include <cstdlib>
#include <fstream>

#include "access/catalog.hpp"

namespace lc::test {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

const access::Catalog& shipped_catalog() {
  static const access::Catalog c = access::load_catalog(kCatalog);
  return c;
}

std::vector<std::pair<double, double>> wkt_coords(const std::string& wkt) {
  std::vector<std::pair<double, double>> out;
  const char* p = wkt.c_str();
  while (*p && *p != '(') ++p;
  while (*p) {
    while (*p && (*p == '(' || *p == ')' || *p == ',' || *p == ' ')) ++p;
    if (!*p) break;
    char* end = nullptr;
    const double x = std::strtod(p, &end);
    const double y = std::strtod(end, &end);
    out.emplace_back(x, y);
    p = end;
  }
  return out;
}

}  // namespace lc::test
