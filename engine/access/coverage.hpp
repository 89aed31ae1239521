// lc::access coverage: who is reached and who is not. Turns per-origin walking times into
// population-weighted coverage, mean and 85th-percentile times, equity (Gini) and completeness
// per community, administrative unit and the whole area, and lists the uncovered origins.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "core/units.hpp"
#include "io/table.hpp"

namespace lc::access {

// Shares of a place's population in each served group when the data do not say (assumptions, see
// docs/coverage.md; overridable). Wuhai 2021: 12.1% aged 65+, 13.4% aged 0-14.
struct GroupShares {
  double age_60_plus = 0.18;
  double age_0_3 = 0.03;
  double age_3_6 = 0.03;
  double school_age = 0.09;
};

// The people at each origin, and where they belong.
struct People {
  std::vector<std::string> id;
  std::vector<double> population;
  std::vector<double> elderly_share;  // NaN: unknown
  std::vector<std::string> unit;      // administrative unit, "" outside all
  std::vector<std::string> community; // "" when none
  std::vector<std::string> wkt_point; // representative point, WGS84
  std::vector<bool> snapped;
  std::size_t size() const { return id.size(); }
};

double served(const People& p, std::size_t origin, Population group, const GroupShares& shares);

// One category's walking results at every origin.
struct CategoryResult {
  std::string id;
  Cost threshold;
  Population group = Population::all;
  int level = 0;  // 5, 10 or 15; 0: not part of any circle level (ad-hoc categories)
  std::vector<Cost> nearest;              // per origin
  std::vector<std::string> nearest_id;    // per origin, "" when unreachable
  std::vector<std::uint32_t> counts;      // origin x thresholds (5, 10, 15 min by default)
  std::vector<double> threshold_minutes;  // the count thresholds
  std::vector<double> fca, fca_gaussian;  // per origin: 2SFCA and Gaussian 2SFCA (empty: not computed)
  bool covered(std::size_t o) const { return nearest[o].reachable() && nearest[o] <= threshold; }
};

struct Stats {
  double population = 0;
  double covered = 0;
  std::optional<double> mean_s;  // over people who reach one at all
  std::optional<double> p85_s;   // empty when the 85th percentile person reaches none
  std::optional<double> gini;    // of walking times among people who reach one
  double coverage() const { return population > 0 ? covered / population : 0.0; }
};

// Statistics over the origins in `members` for one category.
Stats category_stats(const People& p, const CategoryResult& c, const std::vector<std::size_t>& members,
                     const GroupShares& shares);

// Share of people who are covered for every category of `level` (completeness of that circle level).
Stats completeness(const People& p, const std::vector<CategoryResult>& cats, int level,
                   const std::vector<std::size_t>& members);

// Groups of origins by a key (unit or community), in sorted key order, plus "ALL".
std::vector<std::pair<std::string, std::vector<std::size_t>>> group_by(const std::vector<std::string>& key,
                                                                       bool with_all);

// "convenience_store 5 min (all), ...": each category's threshold and the group it serves, for
// layer descriptions.
std::string describe_thresholds(const std::vector<CategoryResult>& cats);

io::Table origin_access_table(const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s);
// The same built category by category (what streaming writers need): the layer without rows (its
// description names every category of `cats`, whose per-origin vectors may be empty), then each
// category's rows appended in the order origin_access_table has them.
io::Table origin_access_schema(const std::vector<CategoryResult>& cats);
// Origins [first, last) of one category; into a RowBlock (the cells refer to `p` and `c`, which
// must outlive it) or a Table, the same cells.
void add_origin_access_rows(io::RowBlock& b, const People& p, const CategoryResult& c, const GroupShares& s,
                            std::size_t first = 0, std::size_t last = SIZE_MAX);
void add_origin_access_rows(io::Table& t, const People& p, const CategoryResult& c, const GroupShares& s,
                            std::size_t first = 0, std::size_t last = SIZE_MAX);
io::Table coverage_table(const std::string& name, const std::string& key_field,
                         const std::vector<std::pair<std::string, std::vector<std::size_t>>>& groups,
                         const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s);
io::Table gaps_table(const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s);
io::Table gaps_schema(const std::vector<CategoryResult>& cats);
void add_gaps_rows(io::RowBlock& b, const People& p, const CategoryResult& c, const GroupShares& s,
                   std::size_t first = 0, std::size_t last = SIZE_MAX);
void add_gaps_rows(io::Table& t, const People& p, const CategoryResult& c, const GroupShares& s, std::size_t first = 0,
                   std::size_t last = SIZE_MAX);

// origin_access_wide, the wide layout (docs/coverage.md, "Layouts"): one row per origin, with
// origin_id, population (all its people), categories_covered (how many categories have a facility
// within their threshold), then per category in id order <id>_min (minutes to the nearest
// facility, empty when none is reachable) and <id>_covered (1 within the threshold, else 0), then
// unit and community. It is origin_access pivoted: <id>_min is nearest_s / 60 and <id>_covered is
// covered of that category's row. Throws UsageError (field `layout`) when two columns would share a
// name, letter case aside (GeoPackage and QGIS fields are case-insensitive).
io::Table origin_wide_schema(const std::vector<CategoryResult>& cats);

// The wide layer's rows, made once every category has been added: each category's nearest times
// are kept (4 bytes per origin and category) as the categories come, in the order of `headers`.
class WideRows {
 public:
  explicit WideRows(const std::vector<CategoryResult>& headers);
  void add(const CategoryResult& c);
  bool complete() const { return nearest_.size() == thresholds_.size(); }
  // Origins [first, last): cells referring to `p`, which must outlive the block.
  void rows(io::RowBlock& b, const People& p, std::size_t first, std::size_t last) const;

 private:
  std::vector<Cost> thresholds_;
  std::vector<std::vector<Cost>> nearest_;  // per category added, per origin
};

using Groups = std::vector<std::pair<std::string, std::vector<std::size_t>>>;

// coverage_table built category by category: each category's statistics per group as it is
// added (its per-origin results can then be freed), the completeness of each circle level kept
// as one flag per origin. table() equals coverage_table(name, key_field, groups, p, cats, s) for
// the categories added, in the order of `headers` (their per-origin vectors may be empty).
class CoverageStats {
 public:
  CoverageStats(std::string name, std::string key_field, Groups groups, const People& p,
                std::vector<CategoryResult> headers, const GroupShares& s);
  void add(const CategoryResult& c);  // the next category of `headers`
  io::Table table() const;

 private:
  static constexpr int kLevels[3] = {5, 10, 15};
  std::string name_, key_field_;
  Groups groups_;
  const People& p_;
  std::vector<CategoryResult> headers_;
  GroupShares shares_;
  std::vector<std::vector<Stats>> stats_;  // category x group
  std::vector<char> all_covered_[3];       // per level (empty: no category of that level), per origin
};
// unit,category,population,covered_population,coverage,mean_s,p85_s (the --summary contract).
io::Table summary_table(const io::Table& unit_coverage);

}  // namespace lc::access
