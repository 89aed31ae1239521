// lc::network graph building: turns ways (OSM ways or GIS lines, already in metric coordinates
// and already judged walkable) into the compact CSR graph. Vertices shared by several ways, and
// way ends, become nodes; the vertices between them fold into edge geometry and length. Since
// every way end is a node, an edge never spans two ways: it keeps its way's id and street class.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "io/geo.hpp"
#include "network/graph.hpp"

namespace lc::network {

struct WayPiece {
  std::vector<std::uint32_t> vertices;  // indices into NetworkInput::vertices, in walking order
  float time_factor = 1.0f;             // steps walk slower
  float extra_s = 0.0f;                 // added once to every edge made from this way
  std::vector<float> vertex_extra_s;    // empty, or per vertex: a delay at that vertex
  std::int64_t source = 0;
  std::uint16_t cls = 0;                // street class: index into NetworkInput::class_names
  Grade grade = Grade::ground;          // how a DEM is read along it (graph.hpp)
  // A gated compound's own way (docs/network.md, Gated compounds): a walk may leave the compound's
  // ways for the others, never enter them from the others. build_graph gives the compound's ways
  // their own vertex wherever they meet the others, joined by a link walked outwards only.
  bool compound = false;
  bool oneway = false;                  // walked only in vertex order (those links)
};

struct NetworkInput {
  std::vector<Point> vertices;  // metric CRS; identical index = the same place
  std::vector<WayPiece> ways;
  std::vector<std::string> class_names{""};  // class id -> name; 0 is "" (not known)
};

// Gives each street class name the small id WayPiece::cls holds, appending new names to the
// table it was made with ("" stays 0).
class ClassIds {
 public:
  explicit ClassIds(std::vector<std::string>& names);
  // Throws InputError at `where` past 65,535 distinct names: no street classification has them.
  std::uint16_t id(const std::string& name, const Where& where);

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, std::uint16_t> ids_;
};

Graph build_graph(const NetworkInput& input);

// Position of (x, y) on a Hilbert curve over a 2^16 grid covering `box`: nodes sorted by it sit
// near their neighbours in memory.
std::uint64_t hilbert_index(const BBox& box, double x, double y);

// Fills first_out, head and arc_edge from the edge lists (arcs in edge order per node).
void fill_csr(Graph& g);

// Fills component and component_size (largest component first, ties by lowest node id).
void label_components(Graph& g);

}  // namespace lc::network
