// lifecircle graph: a built Network's walking graph as plain arrays, for inspection (a data frame
// of nodes and edges, a plot, a check against another router). Nodes sit at intersections and
// street ends; each edge is one undirected street piece whose geometry runs from node u to node v.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <lifecircle/datum.hpp>
#include <lifecircle/inputs.hpp>

namespace lifecircle {

struct GraphArrays {
  std::vector<LonLat> node_at;                 // WGS84
  std::vector<std::uint32_t> node_component;   // 0 is the largest component
  std::vector<std::uint32_t> edge_u, edge_v;   // node indices
  std::vector<double> edge_length_m;           // in the network's metric CRS
  std::vector<double> edge_time_factor;        // > 1 slows walking (steps)
  std::vector<double> edge_extra_s;            // fixed delay (crossings)
  // 0: walked both ways; 1: only edge_u -> edge_v; 2: only edge_v -> edge_u. Only the zero-length
  // links out of gated compounds are one way (docs/network.md, Gated compounds).
  std::vector<std::uint8_t> edge_oneway;
  std::vector<std::int64_t> edge_source;       // OSM way id, or the source feature's index
  std::vector<std::string> edge_class;         // street class ("" unknown)
  std::vector<std::uint32_t> geometry_first;   // edge -> its first point in `geometry`; edges + 1
  std::vector<LonLat> geometry;                // WGS84
};

GraphArrays graph_arrays(const Network& network);

}  // namespace lifecircle
