#include "network/links.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "network/builder.hpp"

namespace lc::network {

namespace {

struct NearestNode {
  NodeId node = kNone;
  double d = 1e300;
};

// Links are few: a scan of the nodes per end is cheaper than building an index.
NearestNode nearest_node(const Graph& g, Point p) {
  NearestNode best;
  for (NodeId n = 0; n < g.node_count(); ++n) {
    const double d = std::hypot(g.node_xy[n].x - p.x, g.node_xy[n].y - p.y);
    if (d < best.d) best = {n, d};
  }
  return best;
}

std::string metres(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f m", m);
  return buf;
}

}  // namespace

LinkedGraph add_links(const Graph& base, const std::vector<LinkLine>& lines, Metres max_snap,
                      const std::string& source) {
  LinkedGraph out{base, {}};
  Graph& g = out.graph;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LinkLine& l = lines[i];
    const Where where{source, "", "feature " + l.id};
    if (l.xy.size() < 2) throw InputError(where, "a link needs at least two points");
    NodeId ends[2];
    for (int k = 0; k < 2; ++k) {
      const Point p = k == 0 ? l.xy.front() : l.xy.back();
      const NearestNode n = nearest_node(base, p);
      if (n.node == kNone || n.d > max_snap.value)
        throw InputError(where, std::string(k == 0 ? "start" : "end") + " of the link is " +
                                    (n.node == kNone ? "beyond an empty network" : metres(n.d) + " from the nearest network node") +
                                    ", farther than the snap distance " + metres(max_snap.value));
      ends[k] = n.node;
    }
    if (ends[0] == ends[1]) throw InputError(where, "both ends of the link join the same network node");
    // The walk runs from the first node along the drawn line to the second.
    std::vector<Point> geom{base.node_xy[ends[0]]};
    geom.insert(geom.end(), l.xy.begin() + 1, l.xy.end() - 1);
    geom.push_back(base.node_xy[ends[1]]);
    double length = 0;
    for (std::size_t j = 1; j < geom.size(); ++j) length += std::hypot(geom[j].x - geom[j - 1].x, geom[j].y - geom[j - 1].y);
    out.added.push_back(g.edge_count());
    g.edge_u.push_back(ends[0]), g.edge_v.push_back(ends[1]);
    g.edge_length_m.push_back(length);
    g.edge_time_factor.push_back(1.0f), g.edge_extra_s.push_back(0.0f);
    // A drawn link is walked flat (no DEM is read along it), both ways alike.
    if (!g.edge_slope_uv.empty()) g.edge_slope_uv.push_back(1.0f), g.edge_slope_vu.push_back(1.0f);
    if (!g.edge_grade.empty()) g.edge_grade.push_back(static_cast<std::uint8_t>(Grade::none));
    if (!g.edge_oneway.empty()) g.edge_oneway.push_back(0);
    g.edge_source.push_back(-static_cast<std::int64_t>(i + 1));  // negative: scenario links, not source ways
    g.edge_class.push_back(0);  // a drawn link has no street class
    g.geom_xy.insert(g.geom_xy.end(), geom.begin(), geom.end());
    g.geom_first.push_back(static_cast<std::uint32_t>(g.geom_xy.size()));
  }
  fill_csr(g);
  label_components(g);
  return out;
}

}  // namespace lc::network
