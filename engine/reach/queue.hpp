// lc::reach priority queues for integer, monotone searches (Dijkstra never pushes a key below the
// last one popped). The radix heap exploits that; the binary heap is the baseline it is measured
// against (benchmarks/). Both keep their storage across clear() so a reused search allocates
// nothing after warming up (house rule 5).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace lc::reach {

template <class Payload>
class RadixHeap {
 public:
  using Key = std::uint32_t;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(Key key, Payload p) {
    assert(key >= last_ && "radix heap keys must not decrease below the last pop");
    buckets_[bucket(key)].emplace_back(key, p);
    ++size_;
  }

  std::pair<Key, Payload> pop() {
    assert(size_ > 0);
    if (buckets_[0].empty()) refill();
    auto top = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return top;
  }

  void clear() {
    for (auto& b : buckets_) b.clear();
    last_ = 0;
    size_ = 0;
  }

  // The payload that the i-th next pop will return (0: the next), when it is already known (in
  // the current minimum bucket), so a search can prefetch its memory while it works on this one.
  const Payload* peek(std::size_t i) const {
    const auto& b = buckets_[0];
    return i < b.size() ? &b[b.size() - 1 - i].second : nullptr;
  }

  // Whether the next pop has key `key`, where `key` is the last key popped (bucket 0 holds
  // exactly the entries with that key).
  bool next_is(Key key) const { return !buckets_[0].empty() && key == last_; }

 private:
  // Bucket i > 0 holds keys whose highest bit differing from last_ is bit i-1.
  std::size_t bucket(Key key) const {
    return key == last_ ? 0 : 32 - static_cast<std::size_t>(std::countl_zero(key ^ last_));
  }

  void refill() {
    std::size_t i = 1;
    while (buckets_[i].empty()) ++i;
    Key lo = buckets_[i].front().first;
    for (const auto& e : buckets_[i]) lo = std::min(lo, e.first);
    last_ = lo;
    for (const auto& e : buckets_[i]) buckets_[bucket(e.first)].push_back(e);
    buckets_[i].clear();
  }

  std::array<std::vector<std::pair<Key, Payload>>, 33> buckets_;
  Key last_ = 0;
  std::size_t size_ = 0;
};

template <class Payload>
class BinaryHeap {
 public:
  using Key = std::uint32_t;

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  void push(Key key, Payload p) {
    items_.emplace_back(key, p);
    std::push_heap(items_.begin(), items_.end(), greater);
  }
  std::pair<Key, Payload> pop() {
    std::pop_heap(items_.begin(), items_.end(), greater);
    auto top = items_.back();
    items_.pop_back();
    return top;
  }
  void clear() { items_.clear(); }
  const Payload* peek(std::size_t) const { return nullptr; }  // a heap's next pops are not at hand
  bool next_is(Key key) const { return !items_.empty() && items_.front().first == key; }

 private:
  static bool greater(const std::pair<Key, Payload>& a, const std::pair<Key, Payload>& b) {
    return a.first > b.first;
  }
  std::vector<std::pair<Key, Payload>> items_;
};

}  // namespace lc::reach
