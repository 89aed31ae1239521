// lc::core units and ids: strong types so that seconds, milliseconds and metres never mix by
// accident, and "unreachable" is a value of the time type, not a magic number at call sites.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace lc {

// Lengths along the ground, in metres (always in a metric CRS or geodesic).
struct Metres {
  double value = 0.0;
  constexpr auto operator<=>(const Metres&) const = default;
  constexpr Metres operator+(Metres o) const { return {value + o.value}; }
  constexpr Metres operator-(Metres o) const { return {value - o.value}; }
  constexpr Metres operator*(double f) const { return {value * f}; }
};

// Human-facing durations (thresholds, output columns).
struct Seconds {
  double value = 0.0;
  constexpr auto operator<=>(const Seconds&) const = default;
};

struct MetresPerSecond {
  double value = 1.0;
};

constexpr Seconds walk_time(Metres d, MetresPerSecond v) { return {d.value / v.value}; }

// Search cost: integer milliseconds. Integers keep searches exact and monotone queues usable;
// a millisecond is far below any rounding a planner would notice. `unreachable` is the top value.
// Finite costs saturate at kMaxFinite (about 24.8 days): a sum that would pass it stays there, so
// an absurd walk stays absurdly long and reachable, and never wraps round into a short one or
// turns into "unreachable".
struct Cost {
  using rep = std::uint32_t;
  rep ms = 0;
  static constexpr rep kUnreachable = std::numeric_limits<rep>::max();
  static constexpr rep kMaxFinite = kUnreachable / 2;

  static constexpr Cost unreachable() { return {kUnreachable}; }
  // Rounded to the millisecond; beyond kMaxFinite (or NaN) it is kMaxFinite, below 0 it is 0.
  static constexpr Cost from_seconds(Seconds s) {
    const double ms = s.value * 1000.0;
    if (!(ms < static_cast<double>(kMaxFinite))) return {kMaxFinite};
    return {ms > 0.0 ? static_cast<rep>(std::llround(ms)) : rep{0}};
  }
  // The saturating sum of a finite label and an arc's cost as raw milliseconds, for the searches'
  // inner loops: an arc that may not be walked (kUnreachable: a gated compound's link entered from
  // outside) gives kUnreachable, which no label improves on; finite sums stop at kMaxFinite.
  static constexpr rep add(rep a, rep b) {
    const std::uint64_t s = std::uint64_t{a} + b;
    return s < kMaxFinite ? static_cast<rep>(s) : b == kUnreachable ? kUnreachable : kMaxFinite;
  }
  constexpr bool reachable() const { return ms != kUnreachable; }
  constexpr Seconds seconds() const { return {ms / 1000.0}; }
  constexpr auto operator<=>(const Cost&) const = default;
};

// Saturating add: unreachable stays unreachable, finite sums stop at kMaxFinite.
constexpr Cost operator+(Cost a, Cost b) {
  if (!a.reachable() || !b.reachable()) return Cost::unreachable();
  return {Cost::add(a.ms, b.ms)};
}

// Graph ids are 32-bit (house rule 1); kNone marks "no such node/edge/facility".
using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

}  // namespace lc
