#include "api/work_split.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace lc::api {

namespace {

class CategoryWriter {
 public:
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void text(const std::string& s) { pod<std::uint64_t>(s.size()), out_ += s; }
  template <class T>
  void list(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    for (const auto& x : v) {
      if constexpr (std::is_same_v<T, std::string>) text(x);
      else pod(x);
    }
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class CategoryReader {
 public:
  explicit CategoryReader(const std::string& in) : in_(in) {}
  template <class T>
  T pod() {
    T v;
    if (at_ + sizeof v > in_.size()) throw std::runtime_error("work split: truncated category results");
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string text() {
    const auto n = pod<std::uint64_t>();
    if (at_ + n > in_.size()) throw std::runtime_error("work split: truncated category results");
    std::string s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  template <class T>
  std::vector<T> list() {
    std::vector<T> v(pod<std::uint64_t>());
    for (auto& x : v) {
      if constexpr (std::is_same_v<T, std::string>) x = text();
      else x = pod<T>();
    }
    return v;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  const std::string& in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode_categories(const CategoryResults& results) {
  CategoryWriter w;
  w.pod<std::uint64_t>(results.size());
  for (const auto& [index, c] : results) {
    w.pod<std::uint64_t>(index);
    w.text(c.id);
    w.pod(c.threshold);
    w.pod(c.group);
    w.pod(c.level);
    w.list(c.nearest);
    w.list(c.nearest_id);
    w.list(c.counts);
    w.list(c.threshold_minutes);
    w.list(c.fca);
    w.list(c.fca_gaussian);
  }
  return w.take();
}

CategoryResults decode_categories(const std::string& bytes) {
  CategoryReader r(bytes);
  CategoryResults out(r.pod<std::uint64_t>());
  for (auto& [index, c] : out) {
    index = r.pod<std::uint64_t>();
    c.id = r.text();
    c.threshold = r.pod<Cost>();
    c.group = r.pod<access::Population>();
    c.level = r.pod<int>();
    c.nearest = r.list<Cost>();
    c.nearest_id = r.list<std::string>();
    c.counts = r.list<std::uint32_t>();
    c.threshold_minutes = r.list<double>();
    c.fca = r.list<double>();
    c.fca_gaussian = r.list<double>();
  }
  if (!r.done()) throw std::runtime_error("work split: trailing bytes after the category results");
  return out;
}

std::vector<access::CategoryResult> exchange_categories(CategoryResults computed, std::size_t total,
                                                       const GatherAll& gather_all) {
  if (gather_all) {
    const std::string mine = encode_categories(computed);
    computed.clear();
    for (const auto& bytes : gather_all(mine))
      for (auto& item : decode_categories(bytes)) computed.push_back(std::move(item));
  }
  std::vector<access::CategoryResult> out(total);
  std::vector<bool> seen(total, false);
  for (auto& [index, c] : computed) {
    if (index >= total || seen[index]) throw std::logic_error("work split: category results do not add up");
    seen[index] = true;
    out[index] = std::move(c);
  }
  for (bool s : seen)
    if (!s) throw std::logic_error("work split: a category was computed by no rank");
  return out;
}

}  // namespace lc::api
