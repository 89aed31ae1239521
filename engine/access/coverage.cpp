#include "access/coverage.hpp"

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>

#include "access/fca.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/table_writer.hpp"

namespace lc::access {

double served(const People& p, std::size_t o, Population group, const GroupShares& s) {
  const double pop = p.population[o];
  switch (group) {
    case Population::all: return pop;
    case Population::age_60_plus:
      return pop * (std::isnan(p.elderly_share[o]) ? s.age_60_plus : p.elderly_share[o]);
    case Population::age_0_3: return pop * s.age_0_3;
    case Population::age_3_6: return pop * s.age_3_6;
    case Population::school_age: return pop * s.school_age;
  }
  return pop;
}

Stats category_stats(const People& p, const CategoryResult& c, const std::vector<std::size_t>& members,
                     const GroupShares& shares) {
  Stats st;
  std::vector<double> times, weights;
  double unreached = 0;
  for (auto o : members) {
    const double w = served(p, o, c.group, shares);
    st.population += w;
    if (c.covered(o)) st.covered += w;
    if (c.nearest[o].reachable()) times.push_back(c.nearest[o].seconds().value), weights.push_back(w);
    else unreached += w;
  }
  double sw = 0, swt = 0;
  for (std::size_t i = 0; i < times.size(); ++i) sw += weights[i], swt += weights[i] * times[i];
  if (!(sw > 0)) return st;
  const std::vector<std::size_t> order = weighted_order(times, weights);  // sorted once for both
  st.mean_s = swt / sw, st.gini = gini(times, weights, order);
  // The 85th-percentile person: unreachable people rank last, so when they are more than 15% of
  // the population there is no finite answer.
  if (unreached <= 0.15 * (sw + unreached)) {
    const double q = std::min(1.0, 0.85 * (sw + unreached) / sw);
    st.p85_s = weighted_quantile(times, weights, q, order);
  }
  return st;
}

Stats completeness(const People& p, const std::vector<CategoryResult>& cats, int level,
                   const std::vector<std::size_t>& members) {
  Stats st;
  for (auto o : members) {
    bool all = true, any = false;
    for (const auto& c : cats)
      if (c.level == level) any = true, all = all && c.covered(o);
    st.population += p.population[o];
    if (any && all) st.covered += p.population[o];
  }
  return st;
}

std::vector<std::pair<std::string, std::vector<std::size_t>>> group_by(const std::vector<std::string>& key,
                                                                       bool with_all) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < key.size(); ++i)
    if (!key[i].empty()) groups[key[i]].push_back(i);
  std::vector<std::pair<std::string, std::vector<std::size_t>>> out(groups.begin(), groups.end());
  if (with_all) {
    std::vector<std::size_t> all(key.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    out.emplace_back("ALL", std::move(all));
  }
  return out;
}

namespace {

io::CellRef seconds_ref(Cost c) { return c.reachable() ? io::CellRef{c.seconds().value} : io::CellRef{}; }

}  // namespace

namespace {

std::string minutes(Cost threshold) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", threshold.seconds().value / 60.0);
  return buf;
}

}  // namespace

std::string describe_thresholds(const std::vector<CategoryResult>& cats) {
  std::string out;
  for (const auto& c : cats)
    out += (out.empty() ? "" : ", ") + c.id + " " + minutes(c.threshold) + " min (" +
           std::string(to_string(c.group)) + ")";
  return out;
}

io::Table origin_access_schema(const std::vector<CategoryResult>& cats) {
  io::Table t{"origin_access",
      "Per origin and category: walking time to the nearest facility over the street network (nearest_s, seconds "
      "including the walks to and from the street; empty: none reachable), covered = within the category's threshold, "
      "facilities counted within each count_ threshold, 2SFCA and Gaussian 2SFCA within the threshold, population = "
      "the people of the group the category serves. Thresholds: " + describe_thresholds(cats), {{"origin_id"}, {"category"}, {"population", io::FieldType::real},
      {"nearest_s", io::FieldType::real}, {"nearest_id"}, {"threshold_s", io::FieldType::real},
      {"covered", io::FieldType::integer}}, true, {}, {}};
  if (!cats.empty())
    for (double m : cats.front().threshold_minutes) t.fields.push_back({"count_" + io::minutes_label(m), io::FieldType::integer});
  t.fields.insert(t.fields.end(), {{"fca", io::FieldType::real}, {"fca_gaussian", io::FieldType::real},
                                   {"unit"}, {"community"}});
  return t;
}

void add_origin_access_rows(io::RowBlock& b, const People& p, const CategoryResult& c, const GroupShares& s,
                            std::size_t first, std::size_t last) {
  const std::size_t T = c.threshold_minutes.size();
  b.width = 11 + T;
  b.points = &p.wkt_point;
  const double threshold_s = c.threshold.seconds().value;
  for (std::size_t o = first; o < std::min(last, p.size()); ++o) {
    b.cells.insert(b.cells.end(), {std::string_view(p.id[o]), std::string_view(c.id), served(p, o, c.group, s),
                                   seconds_ref(c.nearest[o]), std::string_view(c.nearest_id[o]), threshold_s,
                                   static_cast<long long>(c.covered(o))});
    for (std::size_t k = 0; k < T; ++k)
      b.cells.push_back(p.snapped[o] ? io::CellRef{static_cast<long long>(c.counts[o * T + k])} : io::CellRef{});
    b.cells.push_back(c.fca.empty() ? io::CellRef{} : io::CellRef{c.fca[o]});
    b.cells.push_back(c.fca_gaussian.empty() ? io::CellRef{} : io::CellRef{c.fca_gaussian[o]});
    b.cells.insert(b.cells.end(), {std::string_view(p.unit[o]), std::string_view(p.community[o])});
    b.point.push_back(static_cast<std::uint32_t>(o));
  }
}

void add_origin_access_rows(io::Table& t, const People& p, const CategoryResult& c, const GroupShares& s,
                            std::size_t first, std::size_t last) {
  io::RowBlock b;
  add_origin_access_rows(b, p, c, s, first, last);
  io::append_rows(t, b);
}

io::Table origin_access_table(const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s) {
  io::Table t = origin_access_schema(cats);
  for (const auto& c : cats) add_origin_access_rows(t, p, c, s);
  return t;
}

io::Table origin_wide_schema(const std::vector<CategoryResult>& cats) {
  io::Table t{"origin_access_wide",
      "Per origin, one row (origin_access pivoted): population = all its people, categories_covered = how many "
      "categories have a facility within their threshold, then per category <id>_min = walking minutes to the nearest "
      "facility over the street network (including the walks to and from the street; empty: none reachable) and "
      "<id>_covered = 1 within the category's threshold. Thresholds: " + describe_thresholds(cats),
      {{"origin_id"}, {"population", io::FieldType::real}, {"categories_covered", io::FieldType::integer}}, true, {}, {}};
  for (const auto& c : cats)
    t.fields.insert(t.fields.end(), {{c.id + "_min", io::FieldType::real}, {c.id + "_covered", io::FieldType::integer}});
  t.fields.insert(t.fields.end(), {{"unit"}, {"community"}});
  std::map<std::string, std::string> seen;  // lower-case name -> name
  for (const auto& f : t.fields) {
    if (const auto [it, added] = seen.emplace(lower(f.name), f.name); !added)
      throw UsageError(Field{"layout"}, "the wide layer would have two columns named '" + it->second + "' and '" + f.name +
                                            "' (from the category ids): use the long layout");
  }
  return t;
}

WideRows::WideRows(const std::vector<CategoryResult>& headers) {
  for (const auto& c : headers) thresholds_.push_back(c.threshold);
}

void WideRows::add(const CategoryResult& c) { nearest_.push_back(c.nearest); }

void WideRows::rows(io::RowBlock& b, const People& p, std::size_t first, std::size_t last) const {
  const std::size_t n = nearest_.size();
  b.width = 5 + 2 * n;
  b.points = &p.wkt_point;
  for (std::size_t o = first; o < std::min(last, p.size()); ++o) {
    b.cells.insert(b.cells.end(), {std::string_view(p.id[o]), p.population[o], 0LL});
    const std::size_t count_at = b.cells.size() - 1;
    long long covered = 0;
    for (std::size_t c = 0; c < n; ++c) {
      const Cost t = nearest_[c][o];
      const bool in = t.reachable() && t <= thresholds_[c];
      covered += in ? 1 : 0;
      b.cells.push_back(t.reachable() ? io::CellRef{t.seconds().value / 60.0} : io::CellRef{});
      b.cells.push_back(io::CellRef{static_cast<long long>(in)});
    }
    b.cells[count_at] = covered;
    b.cells.insert(b.cells.end(), {std::string_view(p.unit[o]), std::string_view(p.community[o])});
    b.point.push_back(static_cast<std::uint32_t>(o));
  }
}

namespace {

std::vector<io::Cell> stats_row(const std::string& key, const std::string& category, const Stats& st) {
  return {key, category, st.population, st.covered, st.coverage(), io::opt_real(st.mean_s),
          io::opt_real(st.p85_s), io::opt_real(st.gini)};
}

}  // namespace

io::Table coverage_table(const std::string& name, const std::string& key_field,
                         const std::vector<std::pair<std::string, std::vector<std::size_t>>>& groups,
                         const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s) {
  io::Table t{name, "Per " + key_field + " and category: people of the served group, those within the category's "
      "threshold and their share, mean and 85th-percentile walking time and its Gini among those who reach one; "
      "all_level_5|10|15 rows: people covered for every category of that circle level. Thresholds: " +
      describe_thresholds(cats), {{key_field}, {"category"}, {"population", io::FieldType::real},
      {"covered_population", io::FieldType::real}, {"coverage", io::FieldType::real},
      {"mean_s", io::FieldType::real}, {"p85_s", io::FieldType::real}, {"gini", io::FieldType::real}}, false, {}, {}};
  for (const auto& [key, members] : groups) {
    for (const auto& c : cats) t.add(stats_row(key, c.id, category_stats(p, c, members, s)));
    for (int level : {5, 10, 15})  // completeness of each circle level, as categories of their own
      if (std::any_of(cats.begin(), cats.end(), [&](const CategoryResult& c) { return c.level == level; }))
        t.add(stats_row(key, "all_level_" + std::to_string(level), completeness(p, cats, level, members)));
  }
  return t;
}

io::Table gaps_schema(const std::vector<CategoryResult>& cats) {
  return {"gaps", "Origins whose served people are not within the category's threshold, with the minutes "
      "beyond it (empty: no facility reachable). Thresholds: " + describe_thresholds(cats), {{"origin_id"}, {"category"}, {"population", io::FieldType::real},
      {"nearest_s", io::FieldType::real}, {"threshold_s", io::FieldType::real},
      {"minutes_beyond", io::FieldType::real}, {"unit"}, {"community"}}, true, {}, {}};
}

void add_gaps_rows(io::RowBlock& b, const People& p, const CategoryResult& c, const GroupShares& s, std::size_t first,
                   std::size_t last) {
  b.width = 8;
  b.points = &p.wkt_point;
  const double threshold_s = c.threshold.seconds().value;
  for (std::size_t o = first; o < std::min(last, p.size()); ++o) {
    const double pop = served(p, o, c.group, s);
    if (c.covered(o) || pop <= 0) continue;
    const io::CellRef beyond = c.nearest[o].reachable()
                                   ? io::CellRef{(c.nearest[o].seconds().value - threshold_s) / 60.0}
                                   : io::CellRef{};
    b.cells.insert(b.cells.end(), {std::string_view(p.id[o]), std::string_view(c.id), pop, seconds_ref(c.nearest[o]),
                                   threshold_s, beyond, std::string_view(p.unit[o]), std::string_view(p.community[o])});
    b.point.push_back(static_cast<std::uint32_t>(o));
  }
}

void add_gaps_rows(io::Table& t, const People& p, const CategoryResult& c, const GroupShares& s, std::size_t first,
                   std::size_t last) {
  io::RowBlock b;
  add_gaps_rows(b, p, c, s, first, last);
  io::append_rows(t, b);
}

io::Table gaps_table(const People& p, const std::vector<CategoryResult>& cats, const GroupShares& s) {
  io::Table t = gaps_schema(cats);
  for (const auto& c : cats) add_gaps_rows(t, p, c, s);
  return t;
}

CoverageStats::CoverageStats(std::string name, std::string key_field, Groups groups, const People& p,
                             std::vector<CategoryResult> headers, const GroupShares& s)
    : name_(std::move(name)), key_field_(std::move(key_field)), groups_(std::move(groups)), p_(p),
      headers_(std::move(headers)), shares_(s) {
  for (std::size_t l = 0; l < 3; ++l)
    if (std::any_of(headers_.begin(), headers_.end(), [&](const CategoryResult& c) { return c.level == kLevels[l]; }))
      all_covered_[l].assign(p.size(), 1);
}

void CoverageStats::add(const CategoryResult& c) {
  std::vector<Stats> row;
  row.reserve(groups_.size());
  for (const auto& [key, members] : groups_) row.push_back(category_stats(p_, c, members, shares_));
  stats_.push_back(std::move(row));
  for (std::size_t l = 0; l < 3; ++l)
    if (c.level == kLevels[l])
      for (std::size_t o = 0; o < p_.size(); ++o) all_covered_[l][o] = all_covered_[l][o] && c.covered(o);
}

io::Table CoverageStats::table() const {
  io::Table t = coverage_table(name_, key_field_, {}, p_, headers_, shares_);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto& [key, members] = groups_[g];
    for (std::size_t c = 0; c < stats_.size(); ++c) t.add(stats_row(key, headers_[c].id, stats_[c][g]));
    for (std::size_t l = 0; l < 3; ++l) {
      if (all_covered_[l].empty()) continue;
      Stats st;  // as completeness(): every origin counted, covered when every category of the level covers it
      for (auto o : members) {
        st.population += p_.population[o];
        if (all_covered_[l][o]) st.covered += p_.population[o];
      }
      t.add(stats_row(key, "all_level_" + std::to_string(kLevels[l]), st));
    }
  }
  return t;
}

io::Table summary_table(const io::Table& unit_coverage) {
  io::Table t{"summary", "", {}, false, {}, {}};
  t.fields.assign(unit_coverage.fields.begin(), unit_coverage.fields.begin() + 7);
  t.fields[0].name = "unit";
  for (const auto& row : unit_coverage.rows) t.add(std::vector<io::Cell>(row.begin(), row.begin() + 7));
  return t;
}

}  // namespace lc::access
