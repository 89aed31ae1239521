// lc::network snapping: every origin and facility joins the network at the nearest point of the
// nearest walkable edge (not the nearest node), found with a Boost.Geometry R-tree over edge
// segments. A point farther than the limit stays unsnapped and is reported, never moved far.
#pragma once

#include <memory>
#include <vector>

#include "core/units.hpp"
#include "io/geo.hpp"
#include "network/graph.hpp"

namespace lc::network {

struct Snap {
  EdgeId edge = kNone;  // kNone: unsnapped
  double fraction = 0;  // position along the edge from edge_u, 0..1 of its length
  Metres offset;        // straight-line distance from the point to the network
  Point at;             // the snapped point
  bool snapped() const { return edge != kNone; }
};

struct SnapOptions {
  Metres max_distance{250.0};
  // Components with fewer nodes are skipped (0: snap to any). Clipped extracts leave crumbs of
  // network at their edges that would strand a home that is really well connected.
  std::uint32_t min_component_nodes = 0;
};

// A point standing exactly on node n, as snap() would place it there: fraction 0 or 1 of the
// node's first incident edge, no off-network leg. Unsnapped for a node without edges.
Snap snap_at_node(const Graph& g, NodeId n);

class Snapper {
 public:
  explicit Snapper(const Graph& g);
  ~Snapper();
  Snapper(const Snapper&) = delete;
  Snapper& operator=(const Snapper&) = delete;

  // Thread-safe (read-only).
  Snap snap(Point p, const SnapOptions& options) const;
  std::vector<Snap> snap_all(const std::vector<Point>& points, const SnapOptions& options) const;

 private:
  struct Index;
  const Graph& g_;
  std::unique_ptr<Index> index_;
};

}  // namespace lc::network
