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
};

// Integer walking costs for one speed: per undirected edge and per arc (the same value, kept
// per arc so that searches read it next to `head`).
struct Arc {
  NodeId head;
  Cost::rep ms;
};

struct Weights {
  MetresPerSecond speed;
  std::vector<Cost::rep> edge_ms;
  std::vector<Cost::rep> arc_ms;
  // head and cost side by side: the hottest loop reads both, and one cache line beats two.
  std::vector<Arc> arcs;
};

Weights make_weights(const Graph& g, MetresPerSecond speed);

// Time to walk `length` of edge `e` at the weights' speed, including the edge's factor and a
// share of its fixed delay proportional to the part walked.
Cost partial_cost(const Graph& g, const Weights& w, EdgeId e, double fraction);

}  // namespace lc::network
