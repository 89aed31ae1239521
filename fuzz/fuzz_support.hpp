// fuzz support: the contract every target checks. A parser may reject its input only with an
// lc::Error (the family the CLI turns into exit codes 2-4); anything else escaping (std::out_of_range
// from a stoi, a bad_alloc from a runaway size, a crash, a sanitizer report) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/error.hpp"

namespace lc::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Reads fixed-size values off the front of the input; missing bytes read as zero.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  template <typename T>
  T take() {
    T v{};
    const std::size_t n = sizeof(T) < size_ ? sizeof(T) : size_;
    std::memcpy(&v, data_, n);
    data_ += n;
    size_ -= n;
    return v;
  }
  std::string_view rest() const { return text_of(data_, size_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

// Runs `parse`, swallowing only the project's own error family.
template <typename F>
void expect_only_lc_errors(F&& parse) {
  try {
    parse();
  } catch (const lc::Error&) {
  }
}

}  // namespace lc::fuzz
