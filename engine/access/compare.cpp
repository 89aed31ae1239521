#include "access/compare.hpp"

#include <stdexcept>

namespace lc::access {

namespace {

io::Cell seconds_cell(Cost c) { return c.reachable() ? io::Cell{c.seconds().value} : io::Cell{}; }

io::Cell delta(std::optional<double> a, std::optional<double> b) {
  return a && b ? io::Cell{*b - *a} : io::Cell{};
}

void check_aligned(const std::vector<CategoryResult>& base, const std::vector<CategoryResult>& scenario) {
  if (base.size() != scenario.size()) throw std::invalid_argument("compare: base and scenario differ in categories");
  for (std::size_t i = 0; i < base.size(); ++i)
    if (base[i].id != scenario[i].id) throw std::invalid_argument("compare: category " + base[i].id + " is not aligned");
}

// Facilities within the last count threshold (compare counts within the category's threshold).
io::Cell count_at(const CategoryResult& c, std::size_t o) {
  const std::size_t T = c.threshold_minutes.size();
  if (T == 0 || c.counts.size() < (o + 1) * T) return {};
  return static_cast<long long>(c.counts[o * T + T - 1]);
}

}  // namespace

const char* change_name(Change c) {
  switch (c) {
    case Change::newly_covered: return "newly_covered";
    case Change::lost: return "lost";
    case Change::faster: return "faster";
    case Change::slower: return "slower";
    case Change::same: return "same";
  }
  return "same";
}

Change change_of(const CategoryResult& base, const CategoryResult& scenario, std::size_t o) {
  const bool b = base.covered(o), s = scenario.covered(o);
  if (!b && s) return Change::newly_covered;
  if (b && !s) return Change::lost;
  const Cost tb = base.nearest[o], ts = scenario.nearest[o];  // unreachable compares as the largest
  return ts < tb ? Change::faster : tb < ts ? Change::slower : Change::same;
}

io::Table compare_summary_table(const People& p, const std::vector<CategoryResult>& base,
                                const std::vector<CategoryResult>& scenario, const GroupShares& s) {
  check_aligned(base, scenario);
  using io::FieldType;
  io::Table t{"compare_summary", "Base against scenario per unit and category (lifecircle compare)",
              {{"unit"}, {"category"}, {"population", FieldType::real}, {"covered_base", FieldType::real},
               {"covered_scenario", FieldType::real}, {"newly_covered", FieldType::real}, {"lost", FieldType::real},
               {"coverage_base", FieldType::real}, {"coverage_scenario", FieldType::real},
               {"mean_s_base", FieldType::real}, {"mean_s_scenario", FieldType::real}, {"delta_mean_s", FieldType::real},
               {"p85_s_base", FieldType::real}, {"p85_s_scenario", FieldType::real}, {"delta_p85_s", FieldType::real}},
              false, {}, {}};
  for (const auto& [unit, members] : group_by(p.unit, true))
    for (std::size_t c = 0; c < base.size(); ++c) {
      const Stats sb = category_stats(p, base[c], members, s), ss = category_stats(p, scenario[c], members, s);
      double gained = 0, lost = 0;
      for (auto o : members) {
        const Change ch = change_of(base[c], scenario[c], o);
        if (ch == Change::newly_covered) gained += served(p, o, base[c].group, s);
        if (ch == Change::lost) lost += served(p, o, base[c].group, s);
      }
      t.add({unit, base[c].id, sb.population, sb.covered, ss.covered, gained, lost, sb.coverage(), ss.coverage(),
             io::opt_real(sb.mean_s), io::opt_real(ss.mean_s), delta(sb.mean_s, ss.mean_s), io::opt_real(sb.p85_s),
             io::opt_real(ss.p85_s), delta(sb.p85_s, ss.p85_s)});
    }
  return t;
}

io::Table origin_changes_table(const People& p, const std::vector<CategoryResult>& base,
                               const std::vector<CategoryResult>& scenario, const GroupShares& s) {
  check_aligned(base, scenario);
  using io::FieldType;
  io::Table t{"origin_changes", "Origins whose walk changed in the scenario (lifecircle compare)",
              {{"origin_id"}, {"category"}, {"population", FieldType::real}, {"base_s", FieldType::real},
               {"scenario_s", FieldType::real}, {"delta_s", FieldType::real}, {"base_nearest_id"},
               {"scenario_nearest_id"}, {"count_base", FieldType::integer}, {"count_scenario", FieldType::integer},
               {"status"}, {"unit"}},
              true, {}, {}};
  for (std::size_t c = 0; c < base.size(); ++c)
    for (std::size_t o = 0; o < p.size(); ++o) {
      const Cost tb = base[c].nearest[o], ts = scenario[c].nearest[o];
      const io::Cell nb = count_at(base[c], o), ns = count_at(scenario[c], o);
      if (tb == ts && base[c].nearest_id[o] == scenario[c].nearest_id[o] && nb == ns) continue;
      const io::Cell d = tb.reachable() && ts.reachable() ? io::Cell{ts.seconds().value - tb.seconds().value} : io::Cell{};
      t.add({p.id[o], base[c].id, served(p, o, base[c].group, s), seconds_cell(tb), seconds_cell(ts), d,
             base[c].nearest_id[o], scenario[c].nearest_id[o], nb, ns, std::string(change_name(change_of(base[c], scenario[c], o))),
             p.unit[o]},
            p.wkt_point[o]);
    }
  return t;
}

}  // namespace lc::access
