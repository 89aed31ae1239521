// lc::network points along the streets: candidate sites generated every so many metres along
// the walkable edges (all of them, or those of some street classes), for siting when the planner
// has no candidate layer.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "network/graph.hpp"

namespace lc::network {

// Edges per class id (parallel to g.class_names).
std::vector<std::size_t> edges_per_class(const Graph& g);

// The classes `names` pick, as a mask over g.class_names; `unknown` lists the names no edge has,
// in the order given.
struct ClassSelection {
  std::vector<bool> allowed;
  std::vector<std::string> unknown;
};
ClassSelection select_classes(const Graph& g, const std::vector<std::string>& names);

// Points at spacing/2, 3*spacing/2, ... along each edge's geometry (so a short edge gets its
// midpoint and no point lands on an intersection twice), in edge order: deterministic. With a
// non-empty `allowed` (a mask over g.class_names), only along edges of the allowed classes.
std::vector<Point> points_along_edges(const Graph& g, double spacing_m, const std::vector<bool>& allowed = {});

}  // namespace lc::network
