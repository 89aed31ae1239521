// Street classes through the network build and siting candidates along chosen classes
// (network::points_along_edges with a class mask): by hand on a drawn network and on GIS lines
// with a highway field (with and without noding), on random networks against a brute force, and
// on the Helsinki extract against the OSM tags read independently.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "io/vector_reader.hpp"
#include "network/along.hpp"
#include "network/from_lines.hpp"
#include "network/from_osm.hpp"
#include "network/snap.hpp"
#include "support/networks.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

std::string class_of(const network::Graph& g, EdgeId e) { return g.class_names[g.edge_class[e]]; }

std::vector<bool> mask(const network::Graph& g, const std::vector<std::string>& names) {
  const auto s = network::select_classes(g, names);
  EXPECT_TRUE(s.unknown.empty());
  return s.allowed;
}

// Points rounded to the millimetre, sorted: positions compared whatever the edge order.
std::vector<std::pair<long, long>> rounded(const std::vector<Point>& pts) {
  std::vector<std::pair<long, long>> out;
  for (const Point p : pts) out.emplace_back(std::lround(p.x * 1000), std::lround(p.y * 1000));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<long, long>> mm(std::initializer_list<Point> pts) { return rounded(pts); }

// The points of one edge on its own: a graph holding that edge only (the generator's own loop
// run edge by edge, so that a filtered run can be compared with the unfiltered pieces).
std::vector<Point> points_of_edge(const network::Graph& g, EdgeId e, double spacing) {
  network::Graph one;
  one.node_xy = {g.node_xy[g.edge_u[e]], g.node_xy[g.edge_v[e]]};
  one.edge_u = {0}, one.edge_v = {1}, one.edge_length_m = {g.edge_length_m[e]}, one.edge_class = {0};
  one.geom_xy.assign(g.geom_xy.begin() + g.geom_first[e], g.geom_xy.begin() + g.geom_first[e + 1]);
  one.geom_first = {0, static_cast<std::uint32_t>(one.geom_xy.size())};
  return network::points_along_edges(one, spacing);
}

// How many points an edge of length L gets: at min(s/2, L/2), then every s up to L.
std::size_t expected_count(double length, double spacing) {
  if (!(length > 0)) return 0;
  return static_cast<std::size_t>(std::floor((length - std::min(spacing / 2, length / 2)) / spacing + 1e-9)) + 1;
}

double segment_distance(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

//   (0,0) residential (300,0); (300,0) footway (300,100) (300,200), a shape point between;
//   (0,0) primary (0,-100); (300,200) footway (500,200); (500,200) steps (500,270);
//   (500,270) no class (600,270). Lengths are chosen so that the points are symmetric on every
//   edge: they do not depend on which end the node order makes the edge start from. Every way end is a node, so the footway-footway and
//   footway-steps joins stay nodes of degree 2: no edge spans two ways or two classes.
network::Graph drawn_town() {
  return network::build_graph(test::drawn({
      {{{0, 0}, {300, 0}}, 1.0f, "residential"},
      {{{300, 0}, {300, 100}, {300, 200}}, 1.0f, "footway"},
      {{{0, 0}, {0, -100}}, 1.0f, "primary"},
      {{{300, 200}, {500, 200}}, 1.0f, "footway"},
      {{{500, 200}, {500, 270}}, 2.0f, "steps"},
      {{{500, 270}, {600, 270}}},
  }));
}

TEST(StreetClasses, DrawnEdgesKeepTheirWaysClass) {
  const network::Graph g = drawn_town();
  EXPECT_EQ(g.node_count(), 7u);
  ASSERT_EQ(g.edge_count(), 6u);
  EXPECT_EQ(g.class_names, (std::vector<std::string>{"", "residential", "footway", "primary", "steps"}));
  const std::vector<std::string> by_way = {"residential", "footway", "primary", "footway", "steps", ""};
  for (EdgeId e = 0; e < g.edge_count(); ++e) EXPECT_EQ(class_of(g, e), by_way[g.edge_source[e]]) << e;
  EXPECT_EQ(network::edges_per_class(g), (std::vector<std::size_t>{1, 1, 2, 1, 1}));
}

TEST(StreetClasses, DrawnCandidatesOnlyAlongAllowedClasses) {
  const network::Graph g = drawn_town();
  // All streets at 100 m: 3 on the residential 300 m, 2 on each 200 m footway, the midpoints of
  // the 100 m primary, the 70 m steps and the unclassed 100 m.
  EXPECT_EQ(rounded(network::points_along_edges(g, 100)),
            mm({{50, 0}, {150, 0}, {250, 0}, {300, 50}, {300, 150}, {0, -50}, {350, 200}, {450, 200}, {500, 235}, {550, 270}}));
  EXPECT_EQ(rounded(network::points_along_edges(g, 100, mask(g, {"footway"}))),
            mm({{300, 50}, {300, 150}, {350, 200}, {450, 200}}));
  EXPECT_EQ(rounded(network::points_along_edges(g, 100, mask(g, {"steps", "footway"}))),
            mm({{300, 50}, {300, 150}, {350, 200}, {450, 200}, {500, 235}}));
  EXPECT_EQ(rounded(network::points_along_edges(g, 100, mask(g, {"primary", "residential"}))),
            mm({{0, -50}, {50, 0}, {150, 0}, {250, 0}}));
}

TEST(StreetClasses, UnknownNamesAreListedInOrder) {
  const network::Graph g = drawn_town();
  const auto s = network::select_classes(g, {"alley", "footway", "motorway"});
  EXPECT_EQ(s.unknown, (std::vector<std::string>{"alley", "motorway"}));
  EXPECT_EQ(s.allowed, (std::vector<bool>{false, false, true, false, false}));
}

// GIS lines in metres (EPSG:32648) with a highway field: a residential street, a footway
// crossing it without a shared vertex, and an unclassed spur. Offsets from (654000, 4392000).
constexpr double kX0 = 654000, kY0 = 4392000;

network::Graph lines_town(const test::TempDir& dir, bool node_crossings) {
  const std::string file = dir.file("classes.geojson");
  test::write_file(file, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},"features":[
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[654000,4392000],[654200,4392000]]}},
{"type":"Feature","properties":{"highway":"footway"},"geometry":{"type":"LineString","coordinates":[[654100,4391950],[654100,4392050]]}},
{"type":"Feature","properties":{"highway":null},"geometry":{"type":"LineString","coordinates":[[654200,4392000],[654200,4392080]]}}]})");
  const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(file), {io::GeomKind::lines, "", {"highway"}});
  const io::Projector proj(32648);
  network::LineOptions opt;
  opt.node_crossings = node_crossings;
  opt.class_value = 0;
  return network::build_graph(network::input_from_lines(layer, proj, opt));
}

std::vector<Point> local(std::vector<Point> pts) {
  for (auto& p : pts) p.x -= kX0, p.y -= kY0;
  return pts;
}

TEST(StreetClasses, GisLinesTakeTheClassField) {
  test::TempDir dir;
  const std::vector<std::string> by_feature = {"residential", "footway", ""};
  for (const bool noded : {false, true}) {
    const network::Graph g = lines_town(dir, noded);
    // Noding splits the residential street and the footway where they cross.
    ASSERT_EQ(g.edge_count(), noded ? 5u : 3u);
    std::map<std::string, int> edges;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      EXPECT_EQ(class_of(g, e), by_feature[static_cast<std::size_t>(g.edge_source[e])]) << e;
      ++edges[class_of(g, e)];
    }
    EXPECT_EQ(edges, (std::map<std::string, int>{{"", 1}, {"footway", noded ? 2 : 1}, {"residential", noded ? 2 : 1}}));
    // At 50 m: the footway's 100 m gives 25 m either side of the crossing, noded or not (the
    // two 50 m pieces have their midpoints there); the street 4 points, the spur 2.
    EXPECT_EQ(rounded(local(network::points_along_edges(g, 50, mask(g, {"footway"})))), mm({{100, -25}, {100, 25}}));
    EXPECT_EQ(rounded(local(network::points_along_edges(g, 50, mask(g, {"residential"})))),
              mm({{25, 0}, {75, 0}, {125, 0}, {175, 0}}));
    EXPECT_EQ(network::points_along_edges(g, 50).size(), 8u);
  }
}

TEST(StreetClasses, GisLinesWithoutAClassFieldHaveNoClasses) {
  test::TempDir dir;
  test::write_file(dir.file("plain.geojson"), R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"LineString","coordinates":[[106.800,39.670],[106.802,39.670]]}}]})");
  const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(dir.file("plain.geojson")), {io::GeomKind::lines, "", {}});
  const io::Projector proj(32648);
  const network::Graph g = network::build_graph(network::input_from_lines(layer, proj, {}));
  EXPECT_EQ(g.class_names, (std::vector<std::string>{""}));
  EXPECT_EQ(g.edge_class, (std::vector<std::uint16_t>{0}));
  EXPECT_EQ(network::select_classes(g, {"footway"}).unknown, (std::vector<std::string>{"footway"}));
}

// Random networks with random classes: every edge carries its way's class, and the filtered
// candidates are exactly the edges' own points for the allowed classes, each lying on an edge
// of an allowed class (brute force over all segments), as many as the closed form says.
TEST(StreetClasses, RandomMatchesBruteForce) {
  const std::vector<std::string> names = {"", "footway", "residential", "steps", "primary"};
  for (unsigned seed = 1; seed <= 30; ++seed) {
    std::mt19937 rng(seed);
    network::NetworkInput in = test::random_network(rng, 60, 1500.0);
    in.class_names = names;
    std::map<std::int64_t, std::string> way_class;
    for (auto& w : in.ways) {
      w.cls = static_cast<std::uint16_t>(rng() % names.size());
      way_class[w.source] = names[w.cls];
    }
    const network::Graph g = network::build_graph(in);
    for (EdgeId e = 0; e < g.edge_count(); ++e) ASSERT_EQ(class_of(g, e), way_class.at(g.edge_source[e])) << seed;

    std::set<std::string> pick;
    for (const auto& n : names)
      if (!n.empty() && rng() % 2) pick.insert(n);
    if (pick.empty()) pick.insert("footway");
    const double spacing = 20.0 + static_cast<double>(rng() % 200);
    const std::vector<std::string> picked(pick.begin(), pick.end());
    const auto sel = network::select_classes(g, picked);
    std::vector<bool> allowed(g.class_names.size(), false);
    for (std::size_t c = 0; c < g.class_names.size(); ++c) allowed[c] = pick.count(g.class_names[c]) > 0;
    for (const auto& u : sel.unknown) EXPECT_EQ(network::edges_per_class(g)[static_cast<std::size_t>(
                                                    std::find(names.begin(), names.end(), u) - names.begin())], 0u);
    const auto got = network::points_along_edges(g, spacing, allowed);

    std::vector<Point> want;
    std::size_t count = 0;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      if (!pick.count(class_of(g, e))) continue;
      const auto mine = points_of_edge(g, e, spacing);
      want.insert(want.end(), mine.begin(), mine.end());
      double length = 0;
      for (auto i = g.geom_first[e]; i + 1 < g.geom_first[e + 1]; ++i)
        length += std::hypot(g.geom_xy[i + 1].x - g.geom_xy[i].x, g.geom_xy[i + 1].y - g.geom_xy[i].y);
      count += expected_count(length, spacing);
    }
    ASSERT_EQ(got.size(), want.size()) << seed;
    EXPECT_EQ(got.size(), count) << seed;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].x, want[i].x) << seed;
      EXPECT_EQ(got[i].y, want[i].y) << seed;
      double best = 1e300;
      for (EdgeId e = 0; e < g.edge_count(); ++e)
        if (pick.count(class_of(g, e)))
          for (auto k = g.geom_first[e]; k + 1 < g.geom_first[e + 1]; ++k)
            best = std::min(best, segment_distance(got[i], g.geom_xy[k], g.geom_xy[k + 1]));
      EXPECT_LT(best, 1e-6) << seed;
    }
  }
}

// Helsinki: each edge's class is the highway tag of its OSM way; the classes change nothing else
// in the graph; candidates along footway and residential lie on a network built only from the
// ways so tagged, and their number matches a count from the tags (not from the edge classes).
TEST(StreetClasses, HelsinkiClassesFromTheOsmTags) {
  LC_GEODATA(path, "osm/helsinki_micro.osm.pbf");
  const network::WalkProfile profile;
  const auto osm = io::read_osm(path, [&](const TagList& t) { return network::walk_access(t, profile).walkable; }, nullptr);
  BBox box;
  for (const auto& w : osm.ways)
    for (const auto& c : w.coords) box.add(c.lon, c.lat);
  const io::Projector proj(io::utm_epsg_for(box));
  network::NetworkInput in = network::input_from_osm(osm, proj, profile);
  const network::Graph g = network::build_graph(in);

  std::map<std::int64_t, std::string> highway;
  for (const auto& w : osm.ways) highway[w.id] = network::street_class(w.tags);  // area:highway for areas drawn so
  for (EdgeId e = 0; e < g.edge_count(); ++e) ASSERT_EQ(class_of(g, e), highway.at(g.edge_source[e])) << e;
  const auto per_class = network::edges_per_class(g);
  EXPECT_EQ(per_class[0], 0u) << "every walkable OSM way has a highway tag";
  EXPECT_GT(per_class.size(), 6u);

  // The same graph without classes: the build does not depend on them.
  in.class_names = {""};
  for (auto& w : in.ways) w.cls = 0;
  const network::Graph plain = network::build_graph(in);
  EXPECT_EQ(plain.node_count(), g.node_count());
  EXPECT_EQ(plain.edge_count(), g.edge_count());
  EXPECT_EQ(plain.edge_u, g.edge_u);
  EXPECT_EQ(plain.edge_v, g.edge_v);
  EXPECT_EQ(plain.edge_length_m, g.edge_length_m);
  EXPECT_EQ(plain.edge_source, g.edge_source);
  // 566 nodes and 760 edges before pedestrian areas were walked across (docs/network.md): the ten
  // squares of the extract add their entries and corners as nodes and the walks across as edges
  // (662 and 1,336); the 39 crossing nodes where footpaths meet a walked road or each other add a
  // crossing hub each, a node and its link (docs/network.md, Time penalties).
  EXPECT_EQ(g.node_count(), 701u);
  EXPECT_EQ(g.edge_count(), 1375u);

  // Candidates along footways and residential streets lie on the network of those ways alone. The
  // walks across pedestrian squares depend on the other ways that reach a square, so this part
  // compares the networks without the squares.
  io::OsmData lines;
  for (const auto& w : osm.ways)
    if (!network::walk_access(w.tags, profile).area) lines.ways.push_back(w);
  const network::Graph gl = network::build_graph(network::input_from_osm(lines, proj, profile));
  const std::set<std::string> pick = {"footway", "residential"};
  const double spacing = 50;
  const auto got = network::points_along_edges(gl, spacing, mask(gl, {pick.begin(), pick.end()}));
  std::size_t want = 0;
  for (EdgeId e = 0; e < gl.edge_count(); ++e)
    if (pick.count(highway.at(gl.edge_source[e]))) want += points_of_edge(gl, e, spacing).size();
  EXPECT_EQ(got.size(), want);
  EXPECT_GT(got.size(), 100u);
  EXPECT_LT(got.size(), network::points_along_edges(gl, spacing).size());

  io::OsmData only;
  for (const auto& w : lines.ways)
    if (pick.count(network::street_class(w.tags))) only.ways.push_back(w);
  const network::Graph allowed_net = network::build_graph(network::input_from_osm(only, proj, profile));
  const network::Snapper snapper(allowed_net);
  for (const Point p : got) {
    const auto s = snapper.snap(p, {});
    ASSERT_TRUE(s.snapped());
    EXPECT_LT(s.offset.value, 1e-6);
  }
}

}  // namespace
}  // namespace lc
