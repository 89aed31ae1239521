// lifecircle catalog: the facility categories (data/geo/categories.toml: threshold, walking
// speed and the population group each category serves; docs/catalog.md).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lifecircle {

struct CategoryInfo {
  std::string id, name;
  int level = 0;               // 5, 10 or 15: the life-circle level
  std::string group;           // the people it serves: all, elderly, children, ...
  double threshold_s = 0;      // at the category's own speed
  double speed_mps = 0;
  std::string name_zh, name_en;  // the catalog's Chinese and English names (`name` is the English, or the Chinese without one)
};

class Catalog {
 public:
  // Reads a catalog file; InputError naming the file and line when it is malformed.
  static Catalog load(const std::string& path);
  // The catalog installed with the library (share/lifecircle/geo/categories.toml), or the source
  // tree's when the library runs from its build folder.
  static std::string default_path();

  const std::string& path() const;
  std::vector<CategoryInfo> categories() const;

  struct Impl;
  explicit Catalog(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace lifecircle
