// Isochrones and service areas on networks drawn by hand (speed 1 m/s, so metres are seconds),
// in UTM 48N around (500000, 4400000) where the projection barely distorts lengths.
//
// The river: two streets 200 m apart, joined only by a bridge at the far end.
//
//     W1 (0,1000) ====== bridge 200 m ====== E1 (200,1000)
//        |                                     |
//        | west street           river         | east street
//        |                                     |
//      * f (-5,100): 5 m off the west street   |
//        |                                     |
//     W0 (0,0)                                E0 (200,0)
//
// With 400 s, f walks 5 m to the street and then 395 m each way: down to W0 (100 m, a dead end)
// and up to y = 495. The east street is 200 m away as the crow flies but 1.8 km on foot.
#include <gtest/gtest.h>

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <queue>
#include <random>

#include "access/isochrones.hpp"
#include "io/geos.hpp"
#include "network/builder.hpp"
#include "network/snap.hpp"
#include "reach/reached.hpp"
#include "support/networks.hpp"

namespace lc {
namespace {

constexpr double kX = 500000, kY = 4400000;
constexpr int kUtm48 = 32648;
constexpr double kPi = 3.14159265358979323846;

Point at(double x, double y) { return {kX + x, kY + y}; }

struct Net {
  network::Graph g;
  network::Snapper snapper;
  network::Weights w;
  explicit Net(network::NetworkInput in)
      : g(network::build_graph(in)), snapper(g), w(network::make_weights(g, MetresPerSecond{1.0})) {}
  reach::Anchor anchor(Point p) { return reach::make_anchor(g, w, snapper.snap(p, {Metres{5000.0}})); }
};

double area_of(io::geos::Geos& geos, const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(geos.h, g, &a);
  return a;
}

double distance(io::geos::Geos& geos, const GEOSGeometry* a, const GEOSGeometry* b) {
  double d = 0;
  GEOSDistance_r(geos.h, a, b, &d);
  return d;
}

io::geos::GeomPtr segment(io::geos::Geos& geos, Point a, Point b) {
  return geos.read_wkt("LINESTRING (" + std::to_string(a.x) + " " + std::to_string(a.y) + ", " +
                           std::to_string(b.x) + " " + std::to_string(b.y) + ")",
                       {});
}

class River : public ::testing::Test {
 protected:
  River()
      : net(test::drawn({{{at(0, 0), at(0, 1000)}}, {{at(0, 1000), at(200, 1000)}}, {{at(200, 1000), at(200, 0)}}})) {}
  Net net;
  io::Projector utm{kUtm48};
  static constexpr double kCorridor = 50.0, kLimit = 400.0, kReachedTop = 495.0;
};

TEST_F(River, ReachedPartIsCutWhereTheBudgetEnds) {
  const reach::Anchor f = net.anchor(at(-5, 100));
  ASSERT_TRUE(f.valid());
  EXPECT_EQ(f.leg.ms, 5000u);
  const auto reached = reach::reached_edges(net.g, net.w, f, Cost{400000});
  ASSERT_EQ(reached.size(), 1u);  // only the west street: W0 is a dead end, W1 is 905 s away
  const auto pieces = reached[0].pieces();
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_NEAR(pieces[0].second - pieces[0].first, 0.495, 1e-9);
}

TEST_F(River, IsochroneKeepsToTheReachedStreet) {
  const reach::Anchor f = net.anchor(at(-5, 100));
  const auto reached = reach::reached_edges(net.g, net.w, f, Cost{400000});
  const access::StreetShape shape = access::isochrone(net.g, reached, kCorridor, utm);
  ASSERT_FALSE(shape.wkt.empty());
  EXPECT_NEAR(shape.street_m, kReachedTop, 1e-6);

  io::geos::Geos geos;
  const auto poly = geos.metric_from_wkt(shape.wkt, utm, {});
  ASSERT_EQ(GEOSisValid_r(geos.h, poly.get()), 1);

  // (a) every reached point of the west street is inside, with the corridor around it.
  for (double y = 0; y <= kReachedTop; y += 15) {
    const auto p = geos.point(kX, kY + y);
    EXPECT_EQ(GEOSContains_r(geos.h, poly.get(), p.get()), 1) << "y = " << y;
    EXPECT_EQ(GEOSContains_r(geos.h, poly.get(), geos.point(kX + 45, kY + y).get()), 1) << "y = " << y;
  }

  // The river matters: most of the east street lies within 400 m of f as the crow flies.
  const auto east = segment(geos, at(200, 0), at(200, 1000));
  const auto f_point = geos.point(kX - 5, kY + 100);
  EXPECT_LT(distance(geos, f_point.get(), east.get()), kLimit);

  // (b) no point of the east street or the bridge comes within the corridor: the polygon stays
  // 150 m short of the east street. The west street beyond the reach is out as soon as it leaves
  // the corridor's round end.
  const double d_east = distance(geos, poly.get(), east.get());
  EXPECT_GT(d_east, kCorridor);
  EXPECT_NEAR(d_east, 200.0 - kCorridor, 0.05);
  const auto bridge = segment(geos, at(0, 1000), at(200, 1000));
  EXPECT_GT(distance(geos, poly.get(), bridge.get()), kCorridor);
  const auto west_beyond = segment(geos, at(0, kReachedTop + kCorridor + 0.5), at(0, 1000));
  EXPECT_GT(distance(geos, poly.get(), west_beyond.get()), 0.0);
  // Every unreached street point is more than the corridor from every reached one, or it would
  // be inside: sample the unreached west street and check its distance to the reached line.
  const auto reached_line = segment(geos, at(0, 0), at(0, kReachedTop));
  for (double y = kReachedTop + kCorridor + 1; y <= 1000; y += 25) {
    const auto p = geos.point(kX, kY + y);
    EXPECT_GT(distance(geos, p.get(), reached_line.get()), kCorridor);
    EXPECT_EQ(GEOSContains_r(geos.h, poly.get(), p.get()), 0) << "y = " << y;
  }
  double ymax = 0;
  GEOSGeom_getYMax_r(geos.h, poly.get(), &ymax);
  EXPECT_NEAR(ymax - kY, kReachedTop + kCorridor, 0.05);

  // (c) the area is the reached length times twice the corridor, plus the two round ends.
  const double expected = kReachedTop * 2 * kCorridor + kPi * kCorridor * kCorridor;
  const double area = area_of(geos, poly.get());
  std::printf("river isochrone: area %.1f m2 (after WGS84 round trip), %.1f m2 (metric), expected %.1f m2\n",
              area, shape.area_m2, expected);
  EXPECT_NEAR(area / expected, 1.0, 0.10);
  EXPECT_NEAR(shape.area_m2 / expected, 1.0, 0.10);
}

TEST_F(River, NothingReachedGivesNoPolygon) {
  reach::Anchor f = net.anchor(at(-5, 100));
  const auto reached = reach::reached_edges(net.g, net.w, f, Cost{4000});  // not even to the street
  EXPECT_TRUE(reached.empty() || reached[0].pieces().empty());
  EXPECT_EQ(access::isochrone_wkt(net.g, reached, kCorridor, utm), "");
}

TEST_F(River, TableHasEveryFacilityThresholdAndTheMergedRow) {
  access::FacilitySet set{"clinic", {"f", "g", "far"}, {net.anchor(at(-5, 100)), net.anchor(at(205, 100)), {}}};
  const io::Table t = access::isochrones_table(net.g, net.w, {set}, utm, {{5, 10, 15}, kCorridor});
  ASSERT_EQ(t.rows.size(), 9u);  // f, g (the unsnapped one is left out), merged; 3 thresholds each
  ASSERT_EQ(t.wkt.size(), t.rows.size());
  auto area = [&](std::size_t r) { return std::get<double>(t.rows[r][3]); };
  for (std::size_t r = 0; r < 9; ++r) {
    EXPECT_EQ(std::get<std::string>(t.rows[r][0]), "clinic");
    EXPECT_EQ(std::get<std::string>(t.rows[r][1]), r < 3 ? "f" : r < 6 ? "g" : "");
    EXPECT_EQ(std::get<double>(t.rows[r][2]), 5.0 * static_cast<double>(r % 3 + 1));
    EXPECT_FALSE(t.wkt[r].empty());
    if (r % 3) {
      EXPECT_GE(area(r), area(r - 1) - 1e-6);  // grows with the threshold
    }
  }
  // f and g each keep to their own street (W1 and E1 are 905 s away, beyond even 15 minutes),
  // 200 m apart: the merged area is their sum.
  EXPECT_NEAR(area(6), area(0) + area(3), 1e-3 * area(6));
  EXPECT_NEAR(area(8), area(2) + area(5), 1e-3 * area(8));
  std::printf("river table: f %.1f / %.1f / %.1f m2, merged %.1f / %.1f / %.1f m2\n", area(0), area(1), area(2),
              area(6), area(7), area(8));
}

// A facility in the middle of a 1000 m edge with 100 s: 100 m each way from the snap point.
TEST(ReachedEdges, PartialEdgeAroundTheSnapPoint) {
  Net net(test::drawn({{{at(0, 0), at(1000, 0)}}}));
  const reach::Anchor f = net.anchor(at(500, 0));
  ASSERT_TRUE(f.valid());
  EXPECT_EQ(f.along.ms, 500000u);
  const auto reached = reach::reached_edges(net.g, net.w, f, Cost{100000});
  ASSERT_EQ(reached.size(), 1u);
  const reach::ReachedEdge& r = reached[0];
  EXPECT_EQ(r.edge, 0u);
  EXPECT_EQ(r.from_u, 0.0);  // neither end is reached
  EXPECT_EQ(r.from_v, 0.0);
  EXPECT_EQ(r.lo, 0.4);  // 0.1 of the edge on each side of the middle, exactly
  EXPECT_EQ(r.hi, 0.6);
  EXPECT_FALSE(r.full());
  EXPECT_NEAR(r.share(), 0.2, 1e-15);

  const io::Projector utm(kUtm48);
  const access::StreetShape shape = access::isochrone(net.g, reached, 50.0, utm);
  EXPECT_NEAR(shape.street_m, 200.0, 1e-9);
  const double expected = 200.0 * 100.0 + kPi * 2500.0;
  std::printf("partial edge: area %.1f m2, expected %.1f m2\n", shape.area_m2, expected);
  EXPECT_NEAR(shape.area_m2 / expected, 1.0, 0.01);
}

TEST(ReachedEdges, WalksIntoTheNextEdgeFromTheReachedEnd) {
  Net net(test::drawn({{{at(0, 0), at(1000, 0)}}, {{at(1000, 0), at(2000, 0)}}}));
  const reach::Anchor f = net.anchor(at(500, 0));
  const auto reached = reach::reached_edges(net.g, net.w, f, Cost{700000});
  ASSERT_EQ(reached.size(), 2u);
  for (const auto& r : reached) {
    if (r.edge == f.edge) {
      EXPECT_TRUE(r.full());  // both ends reached at 500 s
      EXPECT_NEAR(r.from_u, 0.2, 1e-12);
      EXPECT_NEAR(r.from_v, 0.2, 1e-12);
      EXPECT_EQ(r.lo, 0.0);
      EXPECT_EQ(r.hi, 1.0);
      continue;
    }
    // The shared node (1000, 0) is reached at 500 s, leaving 200 s: 0.2 of the next edge.
    const bool u_shared = net.g.node_xy[net.g.edge_u[r.edge]].x == kX + 1000;
    EXPECT_NEAR(u_shared ? r.from_u : r.from_v, 0.2, 1e-12);
    EXPECT_EQ(u_shared ? r.from_v : r.from_u, 0.0);
    EXPECT_GT(r.lo, r.hi);  // nobody stands on it
    EXPECT_NEAR(r.share(), 0.2, 1e-12);
  }
}

TEST(ReachedEdges, SeveralSourcesOnOneEdgeKeepSeparateStretches) {
  Net net(test::drawn({{{at(0, 0), at(1000, 0)}}}));
  const std::vector<reach::Anchor> fs{net.anchor(at(200, 0)), net.anchor(at(800, 0))};
  const auto reached = reach::reached_edges(net.g, net.w, fs, Cost{100000});
  std::vector<std::pair<double, double>> pieces;
  for (const auto& r : reached)
    for (const auto& p : r.pieces()) pieces.push_back(p);
  std::sort(pieces.begin(), pieces.end());
  ASSERT_EQ(pieces.size(), 2u);  // 0.3 .. 0.7 is nobody's
  EXPECT_NEAR(pieces[0].first, 0.1, 1e-12);  // the same fractions whichever way the edge runs
  EXPECT_NEAR(pieces[0].second, 0.3, 1e-12);
  EXPECT_NEAR(pieces[1].first, 0.7, 1e-12);
  EXPECT_NEAR(pieces[1].second, 0.9, 1e-12);
  // With 300 s the stretches reach both ends and each other: the whole edge.
  const auto more = reach::reached_edges(net.g, net.w, fs, Cost{300000});
  bool full = false;
  for (const auto& r : more) full = full || (r.edge == 0 && r.full());
  EXPECT_TRUE(full);
}

// Two facilities at the two ends of a 1000 m street: 500 m each.
TEST(ServiceAreas, TwoEndsSplitTheStreetInHalf) {
  Net net(test::drawn({{{at(0, 0), at(1000, 0)}}}));
  const std::vector<reach::Anchor> fs{net.anchor(at(0, 0)), net.anchor(at(1000, 0))};
  const auto pieces = access::service_pieces(net.g, net.w, fs);
  ASSERT_EQ(pieces.size(), 2u);
  double len[2] = {0, 0};
  for (const auto& p : pieces) len[p.facility] += (p.hi - p.lo) * net.g.edge_length_m[p.edge];
  EXPECT_NEAR(len[0], 500.0, 1e-6);
  EXPECT_NEAR(len[1], 500.0, 1e-6);

  const io::Projector utm(kUtm48);
  const io::Table t = access::service_areas_table(net.g, net.w, {{"school", {"west", "east"}, fs}}, utm, 50.0);
  ASSERT_EQ(t.rows.size(), 2u);
  const double a0 = std::get<double>(t.rows[0][2]), a1 = std::get<double>(t.rows[1][2]);
  std::printf("service areas: west %.1f m2, east %.1f m2 (500 m x 100 m + ends = %.1f)\n", a0, a1,
              500.0 * 100.0 + kPi * 2500.0);
  EXPECT_NEAR(a0 / a1, 1.0, 0.01);
  EXPECT_NEAR(std::get<double>(t.rows[0][3]), 500.0, 1e-6);
  EXPECT_NEAR(std::get<double>(t.rows[1][3]), 500.0, 1e-6);
  EXPECT_EQ(std::get<std::string>(t.rows[0][1]), "west");

  // The west area holds the west half and stops at the corridor's end beyond the middle.
  io::geos::Geos geos;
  const auto west = geos.metric_from_wkt(t.wkt[0], utm, {});
  EXPECT_EQ(GEOSContains_r(geos.h, west.get(), geos.point(kX + 490, kY).get()), 1);
  EXPECT_EQ(GEOSContains_r(geos.h, west.get(), geos.point(kX + 560, kY).get()), 0);
}

// Plain Dijkstra from one anchor, for the brute force below.
std::vector<double> brute_costs(const network::Graph& g, const network::Weights& w, const reach::Anchor& f) {
  std::vector<double> d(g.node_count(), INFINITY);
  using Item = std::pair<double, NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
  auto offer = [&](NodeId n, double c) {
    if (c < d[n]) d[n] = c, q.push({c, n});
  };
  offer(f.u, f.to_u.ms);
  offer(f.v, f.to_v.ms);
  while (!q.empty()) {
    const auto [c, n] = q.top();
    q.pop();
    if (c > d[n]) continue;
    for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) offer(g.head[a], c + w.arc_ms[a]);
  }
  return d;
}

TEST(ServiceAreas, EveryPieceGoesToTheCheapestFacility) {
  std::size_t splits = 0, shared = 0;  // the cases worth checking must occur
  for (unsigned seed = 1; seed <= 25; ++seed) {
    std::mt19937 rng(seed);
    Net net(test::random_network(rng, 60, 1000.0));
    std::uniform_real_distribution<double> coord(0.0, 1000.0);
    std::vector<reach::Anchor> fs;
    for (int i = 0; i < 3; ++i) fs.push_back(net.anchor({coord(rng), coord(rng)}));
    if (seed % 3 == 0) fs[2] = net.anchor({net.g.node_xy[fs[0].u].x * 0.6 + net.g.node_xy[fs[0].v].x * 0.4,
                                           net.g.node_xy[fs[0].u].y * 0.6 + net.g.node_xy[fs[0].v].y * 0.4});
    shared += fs[2].valid() && fs[2].edge == fs[0].edge;
    std::vector<std::vector<double>> d;
    for (const auto& f : fs) d.push_back(brute_costs(net.g, net.w, f));
    const network::Graph& g = net.g;
    // Cost from facility f to the point at fraction x of edge e, every way there.
    auto cost = [&](std::uint32_t f, EdgeId e, double x) {
      const double len = net.w.edge_ms[e];
      double c = std::min(d[f][g.edge_u[e]] + x * len, d[f][g.edge_v[e]] + (1 - x) * len);
      if (fs[f].edge == e) c = std::min(c, fs[f].leg.ms + std::abs(x * len - fs[f].along.ms));
      return c;
    };
    const auto pieces = access::service_pieces(g, net.w, fs);
    std::vector<double> covered(g.edge_count(), 0.0);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto& p = pieces[i];
      ASSERT_LT(p.lo, p.hi);
      covered[p.edge] += p.hi - p.lo;
      for (double x : {p.lo + (p.hi - p.lo) * 0.01, (p.lo + p.hi) / 2, p.hi - (p.hi - p.lo) * 0.01}) {
        double best = INFINITY;
        for (std::uint32_t f = 0; f < fs.size(); ++f) best = std::min(best, cost(f, p.edge, x));
        EXPECT_LE(cost(p.facility, p.edge, x), best + 1.0) << "seed " << seed << " edge " << p.edge;
        ++checked;
      }
      // Where the nearest facility changes, the walks from both ends meet: equal costs.
      if (i + 1 < pieces.size() && pieces[i + 1].edge == p.edge && pieces[i + 1].facility != p.facility) {
        ++splits;
        EXPECT_NEAR(pieces[i + 1].lo, p.hi, 1e-12);
        EXPECT_NEAR(cost(p.facility, p.edge, p.hi), cost(pieces[i + 1].facility, p.edge, p.hi), 2.0);
      }
    }
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      bool reachable = false;
      for (std::uint32_t f = 0; f < fs.size(); ++f) reachable = reachable || std::isfinite(cost(f, e, 0.5));
      EXPECT_NEAR(covered[e], reachable ? 1.0 : 0.0, 1e-9) << "seed " << seed << " edge " << e;
    }
    EXPECT_GT(checked, 0u);
  }
  std::printf("service pieces: %zu splits inside edges, %zu runs with two facilities on one edge\n", splits, shared);
  EXPECT_GT(splits, 25u);
  EXPECT_GT(shared, 3u);
}

}  // namespace
}  // namespace lc
