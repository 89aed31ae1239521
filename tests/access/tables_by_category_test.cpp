// The tables built category by category (issue 20: coverage streams its results, so each
// category's per-origin results are freed once added): CoverageStats, GapAreaBuilder and the
// per-category rows of origin_access and gaps, against the functions that take every category at
// once (coverage_table, gap_areas_table, unit_gaps_table, origin_access_table, gaps_table), cell
// for cell, on random cases with area origins (grid cells) and with plain points (Voronoi cells).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "access/coverage.hpp"
#include "access/gap_areas.hpp"
#include "io/crs.hpp"
#include "io/table_writer.hpp"

namespace lc {
namespace {

using access::CategoryResult;
using access::People;

struct CategoryCase {
  io::Projector proj{32648};
  People p;
  std::vector<std::string> areas;  // "" for plain points
  std::vector<CategoryResult> cats;
};

// W x H origins 100 m apart in three units and a few communities; cells or points; categories of
// levels 5, 10, 15 and 0 with random times (some unreachable), served groups varied.
void random_case(CategoryCase& k, int w, int h, bool cells, unsigned seed) {
  std::mt19937 rng(seed);
  auto ll = [&](double x, double y) {
    const LonLat l = k.proj.inverse({x, y});
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10f %.10f", l.lon, l.lat);
    return std::string(buf);
  };
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const double x = 600000 + 100.0 * i, y = 4390000 + 100.0 * j;
      k.areas.push_back(cells ? "POLYGON ((" + ll(x, y) + ", " + ll(x + 100, y) + ", " + ll(x + 100, y + 100) + ", " +
                                    ll(x, y + 100) + ", " + ll(x, y) + "))"
                              : std::string());
      k.p.id.push_back("o" + std::to_string(k.p.id.size()));
      k.p.population.push_back(static_cast<double>(rng() % 40));  // some empty
      k.p.elderly_share.push_back(rng() % 3 == 0 ? std::nan("") : 0.05 * static_cast<double>(rng() % 8));
      k.p.unit.push_back(i < w / 3 ? "west" : i < 2 * w / 3 ? "middle" : (j % 5 == 0 ? "" : "east"));
      k.p.community.push_back(rng() % 4 == 0 ? "" : "c" + std::to_string((i / 4) + 10 * (j / 4)));
      k.p.wkt_point.push_back("POINT (" + ll(x + 50 + (cells ? 0.0 : static_cast<double>(rng() % 30)), y + 50) + ")");
      k.p.snapped.push_back(rng() % 10 != 0);
    }
  const access::Population groups[] = {access::Population::all, access::Population::age_60_plus, access::Population::age_3_6};
  const int levels[] = {5, 5, 10, 15, 0, 10};
  for (int c = 0; c < 6; ++c) {
    CategoryResult r{"cat" + std::to_string(c), Cost{static_cast<Cost::rep>(200000 + 100000 * c)}, groups[c % 3], levels[c],
                     {}, {}, {}, {5, 10, 15}, {}, {}};
    for (std::size_t o = 0; o < k.p.size(); ++o) {
      const bool none = rng() % 9 == 0;
      r.nearest.push_back(none ? Cost::unreachable() : Cost{static_cast<Cost::rep>(rng() % 900000)});
      r.nearest_id.push_back(none ? "" : "f" + std::to_string(rng() % 5));
      for (int t = 0; t < 3; ++t) r.counts.push_back(rng() % 4);
      r.fca.push_back(0.001 * static_cast<double>(rng() % 100));
      r.fca_gaussian.push_back(0.001 * static_cast<double>(rng() % 100));
    }
    k.cats.push_back(std::move(r));
  }
}

std::string text(const io::Table& t) {
  std::string s = t.name + "|" + t.description + "|" + std::to_string(t.has_geometry) + "\n";
  for (const auto& f : t.fields) s += f.name + ":" + std::to_string(static_cast<int>(f.type)) + ",";
  s += "\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (const auto& c : t.rows[r]) {
      char buf[64];
      if (const double* v = std::get_if<double>(&c)) std::snprintf(buf, sizeof buf, "%a", *v);  // every bit
      s += (std::get_if<double>(&c) ? std::string(buf) : io::format_cell(c)) + ",";
    }
    s += (t.has_geometry ? t.wkt[r] : std::string()) + "\n";
  }
  return s;
}

std::vector<CategoryResult> headers(const std::vector<CategoryResult>& cats) {
  std::vector<CategoryResult> out;
  for (const auto& c : cats) out.push_back({c.id, c.threshold, c.group, c.level, {}, {}, {}, c.threshold_minutes, {}, {}});
  return out;
}

void check(const CategoryCase& k) {
  const access::GroupShares s;
  const auto h = headers(k.cats);
  for (bool units : {false, true}) {
    const auto groups = access::group_by(units ? k.p.unit : k.p.community, units);
    access::CoverageStats stats(units ? "unit_coverage" : "community_coverage", units ? "unit" : "community", groups, k.p, h, s);
    for (const auto& c : k.cats) stats.add(c);
    EXPECT_EQ(text(stats.table()), text(access::coverage_table(units ? "unit_coverage" : "community_coverage",
                                                                units ? "unit" : "community", groups, k.p, k.cats, s)));
  }
  access::GapAreaBuilder areas(k.p, k.areas, h, s, k.proj, {120});
  io::Table oa = access::origin_access_schema(h), gaps = access::gaps_schema(h);
  for (const auto& c : k.cats) {
    areas.add(c);
    for (std::size_t first = 0; first < k.p.size(); first += 37) {  // in parts, as streamed
      access::add_origin_access_rows(oa, k.p, c, s, first, first + 37);
      access::add_gaps_rows(gaps, k.p, c, s, first, first + 37);
    }
  }
  const io::Table whole = access::gap_areas_table(k.p, k.areas, k.cats, s, k.proj, {120});
  EXPECT_GT(whole.rows.size(), 6u);
  EXPECT_EQ(text(areas.gap_areas()), text(whole));
  EXPECT_EQ(text(areas.unit_gaps()), text(access::unit_gaps_table(whole, k.p, k.cats, s)));
  EXPECT_EQ(text(oa), text(access::origin_access_table(k.p, k.cats, s)));
  EXPECT_EQ(text(gaps), text(access::gaps_table(k.p, k.cats, s)));
}

TEST(TablesByCategory, GridCellsEqualTheWholeTables) {
  for (unsigned seed : {1u, 2u}) {
    CategoryCase k;
    random_case(k, 17, 11, true, seed);
    check(k);
  }
}

TEST(TablesByCategory, PlainPointsEqualTheWholeTables) {
  for (unsigned seed : {3u, 4u}) {
    CategoryCase k;
    random_case(k, 13, 9, false, seed);
    check(k);
  }
}

}  // namespace
}  // namespace lc
