// Slope from a DEM (docs/network.md, Slope): Tobler's hiking function normalised to the level,
// checked on synthetic DEMs written here as GeoTIFFs: a ridge and a ramp worked out on paper, a
// bridge and steps that do not follow the ground, a street leaving the DEM, and a tilted plane in
// every direction against the closed form L / f(s) uphill and L / f(-s) downhill.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

#include "core/error.hpp"
#include "io/dem.hpp"
#include "io/vector_reader.hpp"
#include "network/builder.hpp"
#include "network/slope.hpp"
#include "support/dem.hpp"
#include "support/networks.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

constexpr int kUtm50 = 32650;
constexpr double kX = 500000, kY = 4400000;  // the drawings' origin, UTM 50N

// A DEM of `n` x `n` cells of `cell` m in UTM 50N, cell centres at kX + cell * (i - 5),
// kY + cell * (5 - j) for column i and row j: the drawings' points at multiples of the cell size
// fall on centres, where bilinear sampling returns the drawn height exactly.
std::string write_dem(const test::TempDir& dir, const std::string& name, const std::function<double(double, double)>& z,
                      int n = 60, double cell = 10) {
  const std::string path = dir.file(name);
  EXPECT_TRUE(test::write_dem(path, kUtm50, kX - 5 * cell, kY + 5 * cell, cell, n, n,
                              [&](double x, double y) { return z(x - kX, y - kY); }));
  return path;
}

BBox box_of(const network::Graph& g) {
  BBox b;
  for (const auto& p : g.geom_xy) b.add(p.x, p.y);
  return b;
}

// Walking times in seconds along the edge from the drawn point `from` (the edge's u or v).
struct TwoWays {
  double there, back;
};
TwoWays times(const network::Graph& g, const network::Weights& w, EdgeId e, Point from) {
  const bool u_first = g.node_xy[g.edge_u[e]].x == from.x && g.node_xy[g.edge_u[e]].y == from.y;
  const double uv = w.edge_ms[e] / 1000.0, vu = w.edge_ms_vu[e] / 1000.0;
  return u_first ? TwoWays{uv, vu} : TwoWays{vu, uv};
}

Point at(double dx, double dy) { return {kX + dx, kY + dy}; }

TEST(Slope, ToblerIsNormalisedToTheLevel) {
  EXPECT_DOUBLE_EQ(network::tobler_factor(0.0), 1.0);
  EXPECT_NEAR(network::tobler_factor(0.1), std::exp(-0.35), 1e-12);    // 10% up: 0.7047
  EXPECT_NEAR(network::tobler_factor(-0.1), 1.0, 1e-12);               // 10% down: as fast as the level
  EXPECT_NEAR(network::tobler_factor(-0.05), std::exp(0.175), 1e-12);  // the fastest grade: 1.191
  EXPECT_NEAR(network::tobler_factor(0.05), std::exp(-0.175), 1e-12);
  EXPECT_LT(network::tobler_factor(-0.3), network::tobler_factor(-0.1));  // steep descents slow down
}

// Paper: a 200 m street over a ridge 10 m high in its middle climbs 100 m at 10% (100 / 0.7047
// = 141.907 s at 1 m/s) and descends 100 m at 10% (100 s): 241.907 s either way. A 100 m ramp
// rising 10% eastwards: 141.907 s up, 100 s down (f(-0.1) = 1). A 100 m ramp rising 5%
// northwards: up 100 / f(0.05) = 100 e^0.175 = 119.125 s, down 100 / f(-0.05) = 100 e^-0.175 = 83.946 s.
TEST(Slope, HandComputedRidgeAndRamps) {
  test::TempDir dir;
  const std::string dem_path = write_dem(dir, "hills.tif", [](double x, double y) {
    if (y == 0) return 30.0 - 0.1 * std::abs(x - 100);  // the ridge, along y = 0
    if (y == -200) return 0.1 * x;                      // the eastward ramp, along y = -200
    if (x == 300) return 0.05 * (y + 400);              // the northward ramp, along x = 300
    return 0.0;
  });
  // Sampled on cell centres only (every 10 m along streets drawn on multiples of 10 m), so the
  // heights off the drawn lines never enter.
  const network::Graph g0 = network::build_graph(test::drawn({
      {{at(0, 0), at(200, 0)}},
      {{at(0, -200), at(100, -200)}},
      {{at(300, -400), at(300, -300)}},
  }));
  network::Graph g = g0;
  const io::Dem dem(dem_path, kUtm50, box_of(g));
  EXPECT_NEAR(dem.cell_m(), 10.0, 1e-6);
  EXPECT_DOUBLE_EQ(network::dem_spacing_m(dem), 10.0);
  const auto st = network::apply_dem(g, dem, network::dem_spacing_m(dem));
  EXPECT_EQ(st.edges, 3u);
  EXPECT_EQ(st.partly_flat, 0u);
  EXPECT_NEAR(st.max_rise, 0.1, 1e-6);
  const auto w = network::make_weights(g, MetresPerSecond{1.0});
  EXPECT_TRUE(w.directed);
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const Point a = g.node_xy[g.edge_u[e]];
    if (a.y == kY && std::min(a.x, g.node_xy[g.edge_v[e]].x) == kX) {
      const auto t = times(g, w, e, at(0, 0));
      EXPECT_NEAR(t.there, 241.907, 0.002);
      EXPECT_NEAR(t.back, 241.907, 0.002);
    } else if (a.y == kY - 200) {
      const auto t = times(g, w, e, at(0, -200));
      EXPECT_NEAR(t.there, 141.907, 0.002);  // up
      EXPECT_NEAR(t.back, 100.000, 0.002);   // down at 10%: level speed
    } else {
      const auto t = times(g, w, e, at(300, -400));
      EXPECT_NEAR(t.there, 119.125, 0.002);  // up 5%
      EXPECT_NEAR(t.back, 83.946, 0.002);    // down 5%: the fastest grade
    }
  }
  // Without the DEM nothing changes: 200 s, 100 s, 100 s both ways.
  const auto flat = network::make_weights(g0, MetresPerSecond{1.0});
  EXPECT_FALSE(flat.directed);
  for (EdgeId e = 0; e < g0.edge_count(); ++e) EXPECT_EQ(flat.edge_ms[e], flat.edge_ms_vu[e]);
}

// A bridge over a 10 m deep valley is walked at its own grade (level: both ends at 0 m), not down
// and up the valley floor; steps keep their factor 2 and ignore the ground; a street running off
// the DEM is walked flat where there is no height (and counted).
TEST(Slope, BridgesStepsAndStreetsOffTheDem) {
  test::TempDir dir;
  const std::string dem_path = write_dem(dir, "valley.tif", [](double x, double) {
    return x > 0 && x < 100 ? -10.0 + 0.2 * std::abs(x - 50) : 0.0;  // 10 m deep, 20% sides
  }, 30);
  network::NetworkInput in = test::drawn({
      {{at(0, 0), at(100, 0)}},           // on the ground: down and up the valley
      {{at(0, -50), at(100, -50)}},         // a bridge
      {{at(0, -100), at(100, -100)}, 2.0f},  // steps
      {{at(200, -150), at(400, -150)}},     // from inside the DEM (cells up to x = 240) out of it
  });
  in.ways[1].grade = network::Grade::ends;
  in.ways[2].grade = network::Grade::none;
  network::Graph g = network::build_graph(in);
  const io::Dem dem(dem_path, kUtm50, box_of(g));
  const auto st = network::apply_dem(g, dem, 10.0);
  EXPECT_EQ(st.edges, 3u);  // the steps are not read
  EXPECT_EQ(st.partly_flat, 1u);
  const auto w = network::make_weights(g, MetresPerSecond{1.0});
  // The valley: 50 m down at 20% (50 / f(-0.2) = 50 / e^-0.525 * e^-0.175 = 50 e^0.35 = 70.953 s)
  // and 50 m up at 20% (50 / e^-0.875 * e^-0.175 = 50 e^0.7 = 100.688 s): 171.641 s each way.
  const double valley = 50 * std::exp(0.35) + 50 * std::exp(0.7);
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const double y = g.node_xy[g.edge_u[e]].y - kY;
    const auto t = times(g, w, e, g.node_xy[g.edge_u[e]]);
    if (y == 0) {
      EXPECT_NEAR(t.there, valley, 0.002);
      EXPECT_NEAR(t.back, valley, 0.002);
    }
    if (y == -50) {
      EXPECT_NEAR(t.there, 100.0, 0.002);
      EXPECT_NEAR(t.back, 100.0, 0.002);
    }
    if (y == -100) {
      EXPECT_NEAR(t.there, 200.0, 0.002);
      EXPECT_NEAR(t.back, 200.0, 0.002);
    }
    if (y == -150) {
      EXPECT_NEAR(t.there, 200.0, 0.002);
      EXPECT_NEAR(t.back, 200.0, 0.002);
    }  // level where known
  }
}

TEST(Slope, ADemThatMissesTheNetworkIsAnInputError) {
  test::TempDir dir;
  const std::string dem_path = write_dem(dir, "flat.tif", [](double, double) { return 0.0; }, 10);
  network::Graph g = network::build_graph(test::drawn({{{at(5000, 5000), at(5100, 5000)}}}));
  EXPECT_THROW(io::Dem(dem_path, kUtm50, box_of(g)), InputError);
  EXPECT_THROW(io::Dem(dir.file("none.tif"), kUtm50, box_of(g)), InputError);
}

// On a plane z = a x + b y a street heading theta climbs s = a cos(theta) + b sin(theta), so it
// takes L / f(s) one way and L / f(-s) the other, whatever the sampling; the plane is tilted
// 3% east and -6% north, and the streets of a star point in 16 directions, from 0.6 m to 290 m long.
TEST(Slope, TiltedPlaneMatchesTheClosedFormInEveryDirection) {
  test::TempDir dir;
  const double a = 0.03, b = -0.06;
  const std::string dem_path = write_dem(dir, "plane.tif", [&](double x, double y) { return 100 + a * x + b * y; }, 80);
  const Point centre = at(300, -300);
  std::vector<test::DrawnWay> ways;
  std::vector<double> length, theta;
  for (int k = 0; k < 16; ++k) {
    theta.push_back(2 * std::numbers::pi * k / 16 + 0.1);
    length.push_back(0.6 + 19.3 * k);
    ways.push_back({{centre, {centre.x + length.back() * std::cos(theta.back()), centre.y + length.back() * std::sin(theta.back())}}});
  }
  network::NetworkInput in;
  for (auto& wy : ways) {
    network::WayPiece p;
    for (const Point& q : wy.points) {
      in.vertices.push_back(q);
      p.vertices.push_back(static_cast<std::uint32_t>(in.vertices.size() - 1));
    }
    p.vertices.front() = 0;  // every street starts at the centre
    in.ways.push_back(p);
  }
  network::Graph g = network::build_graph(in);
  ASSERT_EQ(g.edge_count(), 16u);
  const io::Dem dem(dem_path, kUtm50, box_of(g));
  network::apply_dem(g, dem, 10.0);
  const auto w = network::make_weights(g, MetresPerSecond{1.3});
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const bool centre_is_u = g.node_xy[g.edge_u[e]].x == centre.x && g.node_xy[g.edge_u[e]].y == centre.y;
    const Point far = g.node_xy[centre_is_u ? g.edge_v[e] : g.edge_u[e]];
    const double th = std::atan2(far.y - centre.y, far.x - centre.x);
    const double L = std::hypot(far.x - centre.x, far.y - centre.y);
    const double s = a * std::cos(th) + b * std::sin(th);
    const auto t = times(g, w, e, centre);
    EXPECT_NEAR(t.there, L / 1.3 / network::tobler_factor(s), 0.002) << "street " << e << " s " << s;
    EXPECT_NEAR(t.back, L / 1.3 / network::tobler_factor(-s), 0.002) << "street " << e << " s " << s;
  }
}

}  // namespace
}  // namespace lc
