// lc::access fca: 2SFCA / Gaussian 2SFCA on an Eigen sparse weight matrix, and the weighted Gini
// and quantile used to summarise access across people. See fca.hpp for the definitions.
#include "access/fca.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>

#include "core/error.hpp"

namespace lc::access {
namespace {

using WeightMatrix = Eigen::SparseMatrix<double>;  // origins x facilities

std::string number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

bool finite_non_negative(double x) { return std::isfinite(x) && x >= 0.0; }

void check_amounts(std::span<const double> amounts, const std::string& what) {
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    if (!finite_non_negative(amounts[i])) {
      throw UsageError(what + " " + std::to_string(i) + " is " + number(amounts[i]) +
                       "; it must be a finite number >= 0");
    }
  }
}

void check_catchment(double catchment_s) {
  if (!std::isfinite(catchment_s) || catchment_s <= 0.0) {
    throw UsageError("the catchment is " + number(catchment_s) +
                     " s; it must be a finite number of seconds > 0");
  }
}

// Eigen indexes sparse matrices with int; counts beyond that cannot be stored, so say so plainly.
int matrix_extent(std::size_t count, const std::string& what) {
  if (count > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw UsageError("too many " + what + " for one accessibility matrix: " +
                     std::to_string(count));
  }
  return static_cast<int>(count);
}

void check_pairs(std::span<const ReachPair> pairs, std::size_t origins, std::size_t facilities) {
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const ReachPair& p = pairs[k];
    const std::string where = "reach pair " + std::to_string(k) + " ";
    if (p.origin >= origins) {
      throw UsageError(where + "names origin " + std::to_string(p.origin) + " of " +
                       std::to_string(origins));
    }
    if (p.facility >= facilities) {
      throw UsageError(where + "names facility " + std::to_string(p.facility) + " of " +
                       std::to_string(facilities));
    }
    if (!finite_non_negative(p.seconds)) {
      throw UsageError(where + "takes " + number(p.seconds) +
                       " s; a walking time must be a finite number >= 0");
    }
  }
}

// One pair per (origin, facility), keeping the smallest time. Needed because Eigen's
// setFromTriplets adds duplicates up, which would count the same people twice.
std::vector<ReachPair> quickest_pairs(std::span<const ReachPair> pairs) {
  std::vector<ReachPair> sorted(pairs.begin(), pairs.end());
  std::sort(sorted.begin(), sorted.end(), [](const ReachPair& a, const ReachPair& b) {
    if (a.origin != b.origin) return a.origin < b.origin;
    if (a.facility != b.facility) return a.facility < b.facility;
    return a.seconds < b.seconds;
  });
  const auto same_link = [](const ReachPair& a, const ReachPair& b) {
    return a.origin == b.origin && a.facility == b.facility;
  };
  // std::unique keeps the first of each run, which the sort made the quickest.
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same_link), sorted.end());
  return sorted;
}

WeightMatrix weight_matrix(std::span<const ReachPair> pairs, int origins, int facilities,
                           double catchment_s, Decay decay) {
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(pairs.size());
  for (const ReachPair& p : quickest_pairs(pairs)) {
    const double w = decay_weight(p.seconds, catchment_s, decay);
    // Zero weights (beyond d0, or at its edge under Gaussian decay) are left out so that a
    // facility only they touch counts as not reached.
    if (w > 0.0) entries.emplace_back(static_cast<int>(p.origin), static_cast<int>(p.facility), w);
  }
  WeightMatrix weights(origins, facilities);
  weights.setFromTriplets(entries.begin(), entries.end());
  return weights;
}

Eigen::Map<const Eigen::VectorXd> as_vector(std::span<const double> values, int size) {
  return Eigen::Map<const Eigen::VectorXd>(values.data(), size);
}

std::vector<double> to_std(const Eigen::VectorXd& v) {
  return std::vector<double>(v.data(), v.data() + v.size());
}

void check_summary_inputs(std::span<const double> values, std::span<const double> weights) {
  if (values.size() != weights.size()) {
    throw UsageError("got " + std::to_string(values.size()) + " values but " +
                     std::to_string(weights.size()) + " weights");
  }
  check_amounts(weights, "weight");
}

double total_weight(std::span<const double> weights) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  // No people: neither inequality nor a quantile among them means anything.
  if (!(total > 0.0)) throw UsageError("the weights add up to 0: there is no one to summarise");
  return total;
}

}  // namespace

std::vector<std::size_t> weighted_order(std::span<const double> values,
                                        std::span<const double> weights) {
  std::vector<std::size_t> order;
  order.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (weights[i] > 0.0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  return order;
}

double decay_weight(double seconds, double catchment_s, Decay decay) {
  check_catchment(catchment_s);
  if (!finite_non_negative(seconds)) {
    throw UsageError("a walking time of " + number(seconds) + " s; it must be finite and >= 0");
  }
  if (seconds > catchment_s) return 0.0;
  if (decay == Decay::step) return 1.0;
  const double edge = std::exp(-0.5);
  const double r = seconds / catchment_s;
  return (std::exp(-0.5 * r * r) - edge) / (1.0 - edge);
}

FcaResult two_step_fca(std::span<const ReachPair> pairs, std::span<const double> demand,
                       std::span<const double> capacity, double catchment_s, Decay decay) {
  check_catchment(catchment_s);
  check_amounts(demand, "demand of origin");
  check_amounts(capacity, "capacity of facility");
  check_pairs(pairs, demand.size(), capacity.size());
  const int origins = matrix_extent(demand.size(), "origins");
  const int facilities = matrix_extent(capacity.size(), "facilities");

  const WeightMatrix w = weight_matrix(pairs, origins, facilities, catchment_s, decay);
  // Step 1: each facility's capacity shared among the decay-weighted people around it.
  const Eigen::VectorXd weighted_demand = w.transpose() * as_vector(demand, origins);
  const Eigen::VectorXd supply = as_vector(capacity, facilities);
  Eigen::VectorXd ratio = Eigen::VectorXd::Zero(facilities);
  for (int j = 0; j < facilities; ++j) {
    // A facility no demand reaches has no one to serve: R_j = 0 rather than S_j / 0. Its
    // capacity then adds to nobody's A_i, which is why sum_i P_i A_i equals the capacity of the
    // reached facilities only.
    if (weighted_demand[j] > 0.0) ratio[j] = supply[j] / weighted_demand[j];
  }
  // Step 2: each origin adds up the ratios of the facilities it reaches, decay-weighted again.
  const Eigen::VectorXd accessibility = w * ratio;
  return {to_std(accessibility), to_std(ratio), to_std(weighted_demand)};
}

namespace {

// What gini and weighted_quantile check before sorting; returns the total weight.
double check_gini(std::span<const double> values, std::span<const double> weights) {
  check_summary_inputs(values, weights);
  check_amounts(values, "value");
  return total_weight(weights);
}

double check_quantile(std::span<const double> values, std::span<const double> weights, double q) {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw UsageError("quantile " + number(q) + " is not between 0 and 1");
  }
  check_summary_inputs(values, weights);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw UsageError("value " + std::to_string(i) + " is " + number(values[i]) +
                       "; it must be finite");
    }
  }
  return total_weight(weights);
}

}  // namespace

double gini(std::span<const double> values, std::span<const double> weights) {
  check_gini(values, weights);
  return gini(values, weights, weighted_order(values, weights));
}

double gini(std::span<const double> values, std::span<const double> weights, const std::vector<std::size_t>& order) {
  const double total = check_gini(values, weights);

  // sum_{i<k} w_i w_k (x_k - x_i) over the sorted values equals, gap by gap, each gap between
  // neighbours times the weight below it times the weight above it. Every term is >= 0 and equal
  // values add exactly 0, so rounding cannot turn "all equal" into a tiny non-zero Gini.
  double below = 0.0;
  double held = 0.0;  // sum w x
  double spread = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    below += weights[i];
    held += weights[i] * values[i];
    if (k + 1 < order.size()) {
      const double gap = values[order[k + 1]] - values[i];
      spread += gap * below * std::max(total - below, 0.0);
    }
  }
  if (held == 0.0) return 0.0;  // everyone has nothing: perfectly equal
  // G = 2 spread / (2 W^2 mean) with mean = held / W.
  return spread / (total * held);
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights,
                         double q) {
  check_quantile(values, weights, q);
  return weighted_quantile(values, weights, q, weighted_order(values, weights));
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q,
                         const std::vector<std::size_t>& order) {
  const double total = check_quantile(values, weights, q);
  const double needed = q * total - 1e-12 * total;
  double cumulative = 0.0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= needed) return values[i];
  }
  return values[order.back()];  // unreachable in exact arithmetic; rounding guard
}

}  // namespace lc::access
