// lc::access scenario comparison: the base and a scenario (facilities added or removed, walking
// links added) side by side, per category and unit (who is newly covered, who is lost, how the
// mean and 85th-percentile walks change), and origin by origin where anything changed.
#pragma once

#include <string>
#include <vector>

#include "access/coverage.hpp"
#include "io/table.hpp"

namespace lc::access {

enum class Change { newly_covered, lost, faster, slower, same };
const char* change_name(Change c);

// How origin o fares in the scenario against the base (same category, same origins).
// Coverage changes win over time changes; `same` is an unchanged time.
Change change_of(const CategoryResult& base, const CategoryResult& scenario, std::size_t o);

// unit,category,population,covered_base,covered_scenario,newly_covered,lost,coverage_base,
// coverage_scenario,mean_s_base,mean_s_scenario,delta_mean_s,p85_s_base,p85_s_scenario,delta_p85_s:
// one row per unit and category (categories in `base` order) and ALL. `base` and `scenario`
// hold the same categories in the same order.
io::Table compare_summary_table(const People& p, const std::vector<CategoryResult>& base,
                                const std::vector<CategoryResult>& scenario, const GroupShares& s);

// Origins whose walking time or nearest facility changed, with their point:
// origin_id,category,population,base_s,scenario_s,delta_s,base_nearest_id,scenario_nearest_id,
// count_base,count_scenario (facilities within the last count threshold),status,unit. status
// `same` marks an unchanged time with a new nearest facility or a changed count.
io::Table origin_changes_table(const People& p, const std::vector<CategoryResult>& base,
                               const std::vector<CategoryResult>& scenario, const GroupShares& s);

}  // namespace lc::access
