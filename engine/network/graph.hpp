// lc::network graph: the walking network as plain data (house rule 1). Nodes exist only at
// intersections and dead ends; each street piece between them is one undirected edge with its
// geometry kept for snapping and output, and appears as two arcs in the CSR arrays.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "io/geo.hpp"

namespace lc::network {

enum class Grade : std::uint8_t { ground = 0, ends = 1, none = 2 };

struct Graph {
  // CSR over arcs: the arcs leaving node n are [first_out[n], first_out[n+1]).
  std::vector<std::uint32_t> first_out;  // node_count + 1
  std::vector<NodeId> head;              // arc -> node it enters
  std::vector<EdgeId> arc_edge;          // arc -> the undirected edge it walks

  std::vector<Point> node_xy;              // metric CRS
  std::vector<std::uint32_t> component;    // node -> connected component id
  std::vector<std::uint32_t> component_size;  // component id -> node count, largest first

  // Undirected edges; geometry runs from edge_u to edge_v.
  std::vector<NodeId> edge_u, edge_v;
  std::vector<double> edge_length_m;
  std::vector<float> edge_time_factor;  // >1 slows walking (steps)
  std::vector<float> edge_extra_s;      // fixed delay (crossings)
  // Slope (docs/network.md, Slope): time multipliers walking edge_u -> edge_v and back, from a
  // DEM by Tobler's hiking function; both empty when no DEM was given (flat: 1 each way).
  std::vector<float> edge_slope_uv, edge_slope_vu;
  // How an edge meets the ground, from its way's tags: the DEM is read along it, only at its ends
  // (a bridge or tunnel: its own straight grade), or not at all (steps, elevators, indoors).
  std::vector<std::uint8_t> edge_grade;  // Grade; empty: every edge follows the ground
  // Edges walked one way only: 1 edge_u -> edge_v, 2 edge_v -> edge_u, 0 both; empty: every edge
  // both ways. Only the links out of gated compounds (docs/network.md, Gated compounds) are; they
  // have no length, the other direction costs Cost::kUnreachable and no point joins them.
  std::vector<std::uint8_t> edge_oneway;
  std::vector<std::int64_t> edge_source;  // OSM way id or source feature id
  // Street class of each edge (OSM highway=*, or a GIS layer's class field), as an index into
  // class_names; class 0 is "" (not known). Only siting candidates read it.
  std::vector<std::uint16_t> edge_class;
  std::vector<std::string> class_names{""};
  std::vector<std::uint32_t> geom_first;  // edge -> first point in geom_xy; edge_count + 1
  std::vector<Point> geom_xy;

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(node_xy.size()); }
  std::uint32_t edge_count() const { return static_cast<std::uint32_t>(edge_u.size()); }
  std::uint32_t arc_count() const { return static_cast<std::uint32_t>(head.size()); }
  bool oneway(EdgeId e) const { return !edge_oneway.empty() && edge_oneway[e] != 0; }
};

// Integer walking costs for one speed. With a DEM the two directions of an edge differ
// (uphill is slower), so costs are directed. Every search starts at the facilities and grows
// against the walking direction (a node's label is the walk from that node to its nearest
// facility): the cost a search pays on arc a, `arc_ms[a]` and `arcs[a].ms`, is the time to walk
// the arc backwards, from head[a] to the node it leaves. `arc_walk_ms[a]` is the time to walk it
// forwards. Without a DEM all of them equal the edge's one time. A direction an edge may not be
// walked (Graph::edge_oneway) costs Cost::kUnreachable, and the searches never relax it.
struct Arc {
  NodeId head;
  Cost::rep ms;
};

struct Weights {
  MetresPerSecond speed;
  std::vector<Cost::rep> edge_ms;      // walking edge_u -> edge_v
  std::vector<Cost::rep> edge_ms_vu;   // walking edge_v -> edge_u
  std::vector<Cost::rep> arc_ms;       // searches: walking head[a] -> the arc's tail
  std::vector<Cost::rep> arc_walk_ms;  // walking the arc's tail -> head[a]
  // head and search cost side by side: the hottest loop reads both, and one cache line beats two.
  std::vector<Arc> arcs;
  bool directed = false;  // some edge costs differ by direction
};

Weights make_weights(const Graph& g, MetresPerSecond speed);

// Time to walk `fraction` of edge `e` from edge_u towards edge_v at the weights' speed: the
// edge's u -> v time shared by length (its factors, its slope and its fixed delay spread
// evenly). partial_cost_vu: the same share of the v -> u time.
Cost partial_cost(const Graph& g, const Weights& w, EdgeId e, double fraction);
Cost partial_cost_vu(const Graph& g, const Weights& w, EdgeId e, double fraction);

}  // namespace lc::network
