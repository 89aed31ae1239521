// lc::plan siting as an integer program: the exact maximal-covering optimum for small instances,
// solved with GLPK, to report how far the greedy answer (siting.hpp) is from it. GLPK is
// optional at build time; without it `ip_available()` is false and `ip_mclp` returns nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "plan/siting.hpp"

namespace lc::plan {

struct IpSolution {
  double covered = 0;                   // demand newly covered by the chosen sites
  std::vector<std::uint32_t> chosen;    // candidate indices, ascending
};

bool ip_available();

// max sum_o demand_o * y_o  s.t.  y_o <= sum_{c covers o} x_c,  sum_c x_c = min(count, candidates),
// x binary, 0 <= y <= 1. Uncapacitated only (UsageError with capacities). nullopt without GLPK
// or when GLPK does not prove an optimum.
std::optional<IpSolution> ip_mclp(const SitingProblem& p, std::size_t count);

}  // namespace lc::plan
