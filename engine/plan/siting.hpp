// lc::plan siting: where to build new facilities of a category. Maximal covering location (MCLP)
// on sparse reach sets: each candidate site lists the origins it would reach within the category's
// threshold (from a bounded search; never a dense origin x candidate matrix). Pure functions over
// plain data; no I/O.
//
// Objective. The people of the served group not yet covered by an existing facility (`demand`)
// that the chosen sites newly cover. Without capacities this is a coverage function (monotone,
// submodular), so the greedy answer reaches at least (1 - 1/e) of the optimum.
//
// Greedy with lazy evaluation. Every candidate's gain is kept in a max-heap ordered by (gain
// descending, candidate index ascending). A gain can only fall as sites are added (the demand
// left to cover only decreases), so a stored gain is an upper bound of the current one: the top
// is re-evaluated, and when its fresh gain still tops the heap it is chosen. The picks are exactly
// those of plain greedy (argmax of the current gain, ties to the lowest candidate index).
//
// Modes (exactly one per request):
//   count P             P sites.
//   target_coverage F   sites are added until (covered_population + newly covered) /
//                       total_population >= F (tolerance 1e-12); zero sites when already met.
//   per_district        exactly n sites among the candidates of district A, m in B...: each step
//                       chooses the best candidate among the districts whose quota is not yet
//                       filled. Candidates outside every district ("") are not used (warning).
// In every mode the greedy stops early, with a warning, when no allowed candidate newly covers
// anyone: a site that adds nobody is not proposed (so `sites` may be shorter than the count or
// the quotas).
//
// Capacity (optional, per candidate). A site counts at most its capacity as newly covered. The
// simplification: when chosen, the site takes the demand left in its reach set in origin-id order,
// each origin in full or, for the last one, in part, until its capacity is used up; what it leaves
// stays to be covered by later sites. Its gain is min(capacity, demand left in its set). Gains
// still only fall, so the lazy greedy stays exact with respect to plain greedy; the (1 - 1/e)
// guarantee is stated for the uncapacitated problem only.
//
// Results. `cumulative_covered` counts all covered people of the served group: the already
// covered population plus the newly covered ones of this and earlier ranks. `cumulative_coverage`
// is cumulative_covered / total_population (0 when total_population is 0). Read rank by rank,
// these columns are the coverage curve.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lc::plan {

// Reach sets: candidate c would cover origins covers.ids[covers.first[c] .. covers.first[c+1])
// (sorted, unique).
struct CoverSets {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> ids;
};

struct SitingProblem {
  std::vector<double> demand;  // per origin: people (served group) NOT yet covered by existing facilities; 0 if covered
  double total_population = 0;    // all people of the served group (covered or not), for coverage fractions
  double covered_population = 0;  // people already covered by existing facilities
  CoverSets covers;               // per candidate
  std::vector<std::string> candidate_district;  // per candidate, "" when outside every district (empty: all outside)
  std::vector<double> candidate_capacity;       // empty, or per candidate: at most this many people counted as newly covered by it
};

struct SitingRequest {
  std::optional<std::size_t> count;                 // count P
  std::optional<double> target_coverage;            // target_coverage F (0..1]: stop when reached (or when no candidate adds anyone)
  std::map<std::string, std::size_t> per_district;  // per_district A=n,B=m: exactly n in A... (candidates of that district only)
};

struct ChosenSite {
  std::uint32_t candidate;
  std::size_t rank;  // 1-based, in the order chosen
  double new_covered;
  double cumulative_covered;
  double cumulative_coverage;
};

struct SitingResult {
  std::vector<ChosenSite> sites;
  std::vector<std::string> warnings;
  std::vector<std::uint32_t> outside_districts;  // with quotas: the candidates no district holds, never chosen
  bool target_reached = false;  // target mode only
};

// Throws lc::UsageError on a malformed problem (cover-set ranges or ids out of range, unsorted
// sets, sizes that do not match, negative or non-finite demand) or request (none or several modes,
// count 0 or above the number of candidates, target outside (0, 1], a quota naming a district no
// candidate has, a quota above its district's candidates, quotas adding up to 0); a request error
// names the request's fields (count, target_coverage, per_district) through UsageError::wording.
SitingResult greedy_mclp(const SitingProblem& p, const SitingRequest& r);

// Exact optimum by exhaustive search for small instances (<= 25 candidates, count <= 6): for tests
// and quality reports. Returns the most demand that min(count, candidates) sites newly cover (the
// already covered population not included). Capacities are not supported (UsageError), nor are
// larger instances.
double exact_mclp(const SitingProblem& p, std::size_t count);

}  // namespace lc::plan
