// lc::access fca: supply-demand accessibility and its equity. This file owns the two-step floating
// catchment area measure (2SFCA, Luo & Wang 2003) and its Gaussian-decay variant (Dai 2010),
// computed on a sparse origin x facility weight matrix built from the bounded walking searches,
// plus the two population-weighted summaries used across people: the Gini coefficient and the
// weighted quantile (e.g. p85 of walking time). Everything here is a pure function of its inputs;
// reading people and facilities, and choosing the served population, belong to the callers.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lc::access {

// One origin that reaches one facility by walking, and how long it takes. Only pairs found by the
// bounded searches are listed; an origin-facility pair that is absent is not reached at all.
struct ReachPair {
  std::uint32_t origin;    // index into the demand array
  std::uint32_t facility;  // index into the capacity array
  double seconds;          // walking time, >= 0
};

// How a facility's pull falls off with walking time d inside the catchment d0:
//   step:     W(d) = 1 for d <= d0, 0 beyond (the original 2SFCA);
//   gaussian: W(d) = (exp(-0.5 (d/d0)^2) - exp(-0.5)) / (1 - exp(-0.5)) for d <= d0, 0 beyond
//             (Dai 2010: 1 at the door, 0 at the edge of the catchment).
enum class Decay { step, gaussian };

struct FcaResult {
  // Per origin: A_i = sum_j W(d_ij) R_j, the capacity per person available to someone living at i
  // (e.g. places per older resident when demand counts older residents).
  std::vector<double> accessibility;
  // Per facility: R_j = S_j / sum_i P_i W(d_ij), capacity over the demand in its catchment;
  // 0 for a facility that no demand reaches (see weighted_demand), whose capacity serves no one.
  std::vector<double> ratio;
  // Per facility: sum_i P_i W(d_ij), the decay-weighted people competing for it.
  std::vector<double> weighted_demand;
};

// The decay weight of one walking time; 0 beyond the catchment. Throws lc::UsageError when the
// time is negative or not finite, or the catchment is not a finite number > 0.
double decay_weight(double seconds, double catchment_s, Decay decay);

// 2SFCA over `demand.size()` origins and `capacity.size()` facilities.
// demand: people to serve per origin (e.g. residents aged 60+); capacity: seats, beds or places per
// facility (give 1 when unknown, which makes R_j "facilities per person"). Pairs beyond the
// catchment are allowed and weigh 0, so a caller may pass a search bound slightly wider than d0.
// A pair listed more than once (same origin and facility, e.g. reached from several entrances of
// one compound) counts once, with its smallest time: people take the quickest way in.
// Throws lc::UsageError on an index out of range, a negative or non-finite demand, capacity or
// time, or a catchment that is not a finite number > 0.
FcaResult two_step_fca(std::span<const ReachPair> pairs, std::span<const double> demand,
                       std::span<const double> capacity, double catchment_s, Decay decay);

// Population-weighted Gini coefficient of `values` (e.g. A_i) held by `weights` people each:
//   G = sum_i sum_k w_i w_k |x_i - x_k| / (2 W^2 mean),  W = sum w,  mean = sum w x / W,
// 0 when everyone has the same, 1 - 1/n when one of n equal groups holds everything. Integer
// weights give the same value as repeating each value that many times. When every value is 0
// (nobody has anything) the result is 0: all are equal. Values and weights must be finite and
// >= 0, the spans of one length, and the total weight > 0 (lc::UsageError otherwise).
double gini(std::span<const double> values, std::span<const double> weights);

// Weighted quantile without interpolation: the lowest value v, among the values with a weight > 0,
// such that the weight of the values <= v is at least q of the total weight (q in [0, 1]; q = 0.85
// gives the p85 planners report: 85% of the people are at or below it). Every returned value is
// one somebody actually has. A relative slack of 1e-12 of the total absorbs rounding in the sums,
// so 17 of 20 equal weights meet q = 0.85. Values finite, weights finite and >= 0, total > 0,
// spans of one length (lc::UsageError otherwise).
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);

// The positions of the values with a weight > 0 in increasing order of value, as gini and
// weighted_quantile sort them; given to both, the values are sorted once for the two (results
// unchanged: the same sort of the same values).
std::vector<std::size_t> weighted_order(std::span<const double> values, std::span<const double> weights);
double gini(std::span<const double> values, std::span<const double> weights, const std::vector<std::size_t>& order);
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q,
                         const std::vector<std::size_t>& order);

}  // namespace lc::access
