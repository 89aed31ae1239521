#include "plan/siting.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace lc::plan {

namespace {

constexpr double kTargetTolerance = 1e-12;

std::string fmt_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string fmt_percent(double fraction) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * fraction);
  return buf;
}

[[noreturn]] void usage(const std::string& what) { throw UsageError("siting: " + what); }

// About the request's fields (count, target_coverage, per_district), each written {name} in `what`
// for a client to name in its own words (lifecircle site: --count).
[[noreturn]] void usage_of(const std::string& what) {
  throw UsageError(FieldText{"siting: " + what, {"count", "target_coverage", "per_district"}});
}

// Checks the problem's shape; returns the number of candidates.
std::size_t validate_problem(const SitingProblem& p) {
  const CoverSets& cs = p.covers;
  std::size_t n = 0;
  if (cs.first.empty()) {
    if (!cs.ids.empty()) usage("cover sets have ids but no candidate ranges (covers.first is empty)");
  } else {
    n = cs.first.size() - 1;
    if (cs.first.front() != 0)
      usage("cover-set ranges must start at 0 (covers.first[0] = " + std::to_string(cs.first.front()) + ")");
    for (std::size_t c = 0; c < n; ++c)
      if (cs.first[c + 1] < cs.first[c])
        usage("cover-set range of candidate " + std::to_string(c) + " ends before it starts (" +
              std::to_string(cs.first[c]) + " > " + std::to_string(cs.first[c + 1]) + ")");
    if (cs.first.back() != cs.ids.size())
      usage("cover-set ranges end at " + std::to_string(cs.first.back()) + " but there are " +
            std::to_string(cs.ids.size()) + " ids");
  }
  const std::size_t origins = p.demand.size();
  for (std::size_t c = 0; c < n; ++c) {
    for (std::uint32_t k = cs.first[c]; k < cs.first[c + 1]; ++k) {
      if (cs.ids[k] >= origins)
        usage("candidate " + std::to_string(c) + " covers origin " + std::to_string(cs.ids[k]) +
              " but there are " + std::to_string(origins) + " origins");
      if (k > cs.first[c] && cs.ids[k] <= cs.ids[k - 1])
        usage("cover set of candidate " + std::to_string(c) + " is not sorted and unique");
    }
  }
  if (!p.candidate_district.empty() && p.candidate_district.size() != n)
    usage("candidate_district has " + std::to_string(p.candidate_district.size()) + " entries for " +
          std::to_string(n) + " candidates");
  if (!p.candidate_capacity.empty()) {
    if (p.candidate_capacity.size() != n)
      usage("candidate_capacity has " + std::to_string(p.candidate_capacity.size()) + " entries for " +
            std::to_string(n) + " candidates");
    for (std::size_t c = 0; c < n; ++c)
      if (std::isnan(p.candidate_capacity[c]) || p.candidate_capacity[c] < 0)
        usage("capacity of candidate " + std::to_string(c) + " must be a number >= 0 (got " +
              fmt_number(p.candidate_capacity[c]) + ")");
  }
  for (std::size_t o = 0; o < origins; ++o)
    if (!std::isfinite(p.demand[o]) || p.demand[o] < 0)
      usage("demand of origin " + std::to_string(o) + " must be a finite number >= 0 (got " +
            fmt_number(p.demand[o]) + ")");
  if (!std::isfinite(p.total_population) || p.total_population < 0)
    usage("total population must be a finite number >= 0 (got " + fmt_number(p.total_population) + ")");
  if (!std::isfinite(p.covered_population) || p.covered_population < 0)
    usage("covered population must be a finite number >= 0 (got " + fmt_number(p.covered_population) + ")");
  return n;
}

struct HeapEntry {
  double gain;
  std::uint32_t candidate;
  std::size_t round;  // number of sites chosen when `gain` was evaluated
};

// Max-heap order: higher gain first, then lower candidate index.
struct HeapLess {
  bool operator()(const HeapEntry& a, const HeapEntry& b) const {
    if (a.gain != b.gain) return a.gain < b.gain;
    return a.candidate > b.candidate;
  }
};

}  // namespace

SitingResult greedy_mclp(const SitingProblem& p, const SitingRequest& r) {
  const std::size_t n = validate_problem(p);

  // The mode.
  std::vector<std::string> given;
  if (r.count) given.emplace_back("{count}");
  if (r.target_coverage) given.emplace_back("{target_coverage}");
  if (!r.per_district.empty()) given.emplace_back("{per_district}");
  if (given.empty()) usage_of("give one of {count}, {target_coverage}, {per_district}");
  if (given.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < given.size(); ++i)
      list += (i == 0 ? "" : (i + 1 == given.size() ? " and " : ", ")) + given[i];
    usage_of("give only one of {count}, {target_coverage}, {per_district} (got " + list + ")");
  }

  SitingResult result;
  auto district_of = [&](std::size_t c) -> const std::string& {
    static const std::string outside;
    return p.candidate_district.empty() ? outside : p.candidate_district[c];
  };

  // Eligibility and the number of sites wanted.
  std::size_t wanted = 0;  // count and quota modes
  std::vector<std::size_t> quota_left;                   // per quota district
  std::vector<std::int32_t> quota_index(n, -1);          // per candidate: its quota district or -1
  std::vector<std::string> quota_names;
  if (r.count) {
    if (*r.count == 0) usage_of("{count} must be at least 1 (got 0)");
    if (*r.count > n)
      usage_of("{count} " + std::to_string(*r.count) + " exceeds the " + std::to_string(n) + " candidates");
    wanted = *r.count;
  } else if (r.target_coverage) {
    const double f = *r.target_coverage;
    if (!(f > 0.0 && f <= 1.0)) usage_of("{target_coverage} must be in (0, 1] (got " + fmt_number(f) + ")");
  } else {
    std::map<std::string, std::size_t> per_district_candidates;
    for (std::size_t c = 0; c < n; ++c) {
      const std::string& d = district_of(c);
      if (d.empty()) result.outside_districts.push_back(static_cast<std::uint32_t>(c));
      else ++per_district_candidates[d];
    }
    for (const auto& [name, quota] : r.per_district) {
      const auto it = per_district_candidates.find(name);
      if (it == per_district_candidates.end()) {
        std::string known;
        for (const auto& [d, k] : per_district_candidates) known += (known.empty() ? "" : ", ") + d;
        usage_of("{per_district}: unknown district " + (name.empty() ? std::string("\"\"") : name) +
              " (candidate districts: " + (known.empty() ? std::string("none") : known) + ")");
      }
      if (quota > it->second)
        usage_of("{per_district}: quota " + std::to_string(quota) + " for district " + name + " exceeds its " +
              std::to_string(it->second) + " candidate" + (it->second == 1 ? "" : "s"));
      quota_names.push_back(name);
      quota_left.push_back(quota);
      wanted += quota;
    }
    if (wanted == 0) usage_of("{per_district}: the quotas add up to 0 sites");
    for (std::size_t c = 0; c < n; ++c) {
      const auto it = r.per_district.find(district_of(c));
      if (it != r.per_district.end())
        quota_index[c] = static_cast<std::int32_t>(std::distance(r.per_district.begin(), it));
    }
  }
  const bool quotas = !r.per_district.empty();
  auto eligible = [&](std::uint32_t c) {
    return !quotas || (quota_index[c] >= 0 && quota_left[static_cast<std::size_t>(quota_index[c])] > 0);
  };

  // Demand left per origin, and each candidate's current gain.
  std::vector<double> left = p.demand;
  const bool capacitated = !p.candidate_capacity.empty();
  auto gain = [&](std::uint32_t c) {
    double s = 0;
    for (std::uint32_t k = p.covers.first[c]; k < p.covers.first[c + 1]; ++k) s += left[p.covers.ids[k]];
    return capacitated ? std::min(s, p.candidate_capacity[c]) : s;
  };

  double cumulative = p.covered_population;
  auto coverage_of = [&](double covered) { return p.total_population > 0 ? covered / p.total_population : 0.0; };
  auto target_met = [&]() { return coverage_of(cumulative) + kTargetTolerance >= *r.target_coverage; };

  if (r.target_coverage && target_met()) {
    result.target_reached = true;
    return result;
  }

  std::vector<HeapEntry> entries;
  entries.reserve(n);
  for (std::size_t c = 0; c < n; ++c) {
    const auto cu = static_cast<std::uint32_t>(c);
    if (eligible(cu)) entries.push_back({gain(cu), cu, 0});
  }
  std::priority_queue<HeapEntry, std::vector<HeapEntry>, HeapLess> heap(HeapLess{}, std::move(entries));

  bool exhausted = false;  // no allowed candidate newly covers anyone
  while (true) {
    if (!r.target_coverage && result.sites.size() == wanted) break;
    // The best allowed candidate with a fresh gain.
    std::optional<HeapEntry> best;
    while (!heap.empty()) {
      HeapEntry top = heap.top();
      heap.pop();
      if (!eligible(top.candidate)) continue;  // its district's quota is filled: for good
      if (top.round != result.sites.size()) {
        top.gain = gain(top.candidate);
        top.round = result.sites.size();
        heap.push(top);
        continue;
      }
      best = top;
      break;
    }
    if (!best || !(best->gain > 0)) {
      exhausted = true;
      break;
    }
    const std::uint32_t c = best->candidate;
    // Take the demand left in its set: all of it, or up to the capacity in origin-id order.
    if (capacitated) {
      double room = p.candidate_capacity[c];
      for (std::uint32_t k = p.covers.first[c]; k < p.covers.first[c + 1] && room > 0; ++k) {
        double& l = left[p.covers.ids[k]];
        const double take = std::min(l, room);
        l -= take;
        room -= take;
      }
    } else {
      for (std::uint32_t k = p.covers.first[c]; k < p.covers.first[c + 1]; ++k) left[p.covers.ids[k]] = 0;
    }
    cumulative += best->gain;
    if (quotas) --quota_left[static_cast<std::size_t>(quota_index[c])];
    result.sites.push_back({c, result.sites.size() + 1, best->gain, cumulative, coverage_of(cumulative)});
    if (r.target_coverage && target_met()) {
      result.target_reached = true;
      break;
    }
  }

  if (exhausted) {
    if (r.target_coverage) {
      result.warnings.push_back("target coverage " + fmt_percent(*r.target_coverage) +
                                " not reached: the best coverage is " + fmt_percent(coverage_of(cumulative)) +
                                " with " + std::to_string(result.sites.size()) + " site" +
                                (result.sites.size() == 1 ? "" : "s") +
                                " (no further candidate newly covers anyone)");
    } else if (r.count) {
      result.warnings.push_back("only " + std::to_string(result.sites.size()) + " of the " +
                                std::to_string(wanted) + " requested sites newly cover anyone; the other " +
                                std::to_string(wanted - result.sites.size()) + " are not proposed");
    } else {
      std::string list;
      for (std::size_t i = 0; i < quota_names.size(); ++i) {
        if (quota_left[i] == 0) continue;
        const std::size_t quota = r.per_district.at(quota_names[i]);
        list += (list.empty() ? "" : ", ") + quota_names[i] + " (" + std::to_string(quota - quota_left[i]) +
                " of " + std::to_string(quota) + " placed)";
      }
      result.warnings.push_back("per-district quotas not filled, no remaining candidate there newly covers anyone: " +
                                list);
    }
  }
  return result;
}

double exact_mclp(const SitingProblem& p, std::size_t count) {
  const std::size_t n = validate_problem(p);
  if (!p.candidate_capacity.empty()) usage("exact_mclp does not support capacities");
  if (n > 25) usage("exact_mclp is for at most 25 candidates (got " + std::to_string(n) + ")");
  if (count > 6) usage("exact_mclp is for a count of at most 6 (got " + std::to_string(count) + ")");
  const std::size_t k = std::min(count, n);
  if (k == 0) return 0.0;

  std::vector<std::uint32_t> times_covered(p.demand.size(), 0);
  double best = 0;
  // Depth-first over the k-subsets in lexicographic order; `value` is the demand the chosen
  // candidates cover, carried down (not undone) so that no rounding accumulates.
  auto dfs = [&](auto&& self, std::size_t start, std::size_t depth, double value) -> void {
    if (depth == k) {
      best = std::max(best, value);
      return;
    }
    for (std::size_t c = start; c + (k - depth) <= n; ++c) {
      const std::uint32_t b = p.covers.first[c], e = p.covers.first[c + 1];
      double added = 0;
      for (std::uint32_t i = b; i < e; ++i)
        if (times_covered[p.covers.ids[i]]++ == 0) added += p.demand[p.covers.ids[i]];
      self(self, c + 1, depth + 1, value + added);
      for (std::uint32_t i = b; i < e; ++i) --times_covered[p.covers.ids[i]];
    }
  };
  dfs(dfs, 0, 0, 0.0);
  return best;
}

}  // namespace lc::plan
