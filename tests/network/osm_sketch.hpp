// tests: small OSM files drawn by hand in metres. Nodes are placed at (x, y) metres from an origin
// in UTM zone 48N and written as lon/lat, so the graph the reader and the profile build from the
// file has the lengths drawn on paper, to within a centimetre per node: libosmium keeps locations
// to 1e-7 degrees (1.1 cm of latitude). Compare walks within 0.03 s at 1 m/s.
#pragma once

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/osm_profile.hpp"
#include "support/brute_force.hpp"
#include "support/test_support.hpp"

namespace lc::test {

class OsmSketch {
 public:
  static constexpr double kX0 = 500000.0, kY0 = 4390000.0;  // UTM 48N, near Wuhai

  void node(std::int64_t id, double x, double y, const TagList& tags = {}) {
    const LonLat ll = proj_.inverse({kX0 + x, kY0 + y});
    char buf[128];
    std::snprintf(buf, sizeof buf, "  <node id=\"%lld\" lat=\"%.10f\" lon=\"%.10f\"", static_cast<long long>(id), ll.lat, ll.lon);
    nodes_ += buf;
    if (tags.empty()) {
      nodes_ += "/>\n";
      return;
    }
    nodes_ += ">";
    for (const auto& [k, v] : tags) nodes_ += "<tag k=\"" + k + "\" v=\"" + v + "\"/>";
    nodes_ += "</node>\n";
  }

  void way(std::int64_t id, const std::vector<std::int64_t>& refs, const TagList& tags) {
    ways_ += "  <way id=\"" + std::to_string(id) + "\">";
    for (auto r : refs) ways_ += "<nd ref=\"" + std::to_string(r) + "\"/>";
    for (const auto& [k, v] : tags) ways_ += "<tag k=\"" + k + "\" v=\"" + v + "\"/>";
    ways_ += "</way>\n";
  }

  std::string xml() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"handwritten\">\n" + nodes_ +
           ways_ + "</osm>\n";
  }

  // The walking graph of the drawing, through the reader, the profile and the builder as `reach`
  // runs them.
  network::Graph graph(const TempDir& dir, const network::WalkProfile& profile = {}) const {
    write_file(dir.file("sketch.osm"), xml());
    const auto osm = io::read_osm(
        dir.file("sketch.osm"), [&](const TagList& t) { return network::network_way(t, profile); }, nullptr);
    return network::build_graph(network::input_from_osm(osm, proj_, profile));
  }

  // The graph node at drawn (x, y), or kNone.
  static NodeId node_at(const network::Graph& g, double x, double y) {
    for (NodeId n = 0; n < g.node_count(); ++n)
      if (std::abs(g.node_xy[n].x - kX0 - x) < 0.05 && std::abs(g.node_xy[n].y - kY0 - y) < 0.05) return n;
    return kNone;
  }

  // Seconds walked at 1 m/s between drawn points that are graph nodes (textbook Dijkstra); infinity
  // when no walk joins them (or either is not in the graph).
  static double walk_s(const network::Graph& g, Point a, Point b) {
    const NodeId s = node_at(g, a.x, a.y), t = node_at(g, b.x, b.y);
    if (s == kNone || t == kNone) return std::numeric_limits<double>::infinity();
    const auto w = network::make_weights(g, MetresPerSecond{1.0});
    const auto d = dijkstra(g, w, {{s, 0}})[t];
    return d == UINT64_MAX ? std::numeric_limits<double>::infinity() : static_cast<double>(d) / 1000.0;
  }

 private:
  io::Projector proj_{32648};
  std::string nodes_, ways_;
};

}  // namespace lc::test
