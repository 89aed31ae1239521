#include "support/test_support.hpp"

#include <fstream>

namespace lc::test {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace lc::test
