// lc::network points along the streets: candidate sites generated every so many metres along
// every walkable edge, for siting when the planner has no candidate layer.
#pragma once

#include <vector>

#include "network/graph.hpp"

namespace lc::network {

// Points at spacing/2, 3*spacing/2, ... along each edge's geometry (so a short edge gets its
// midpoint and no point lands on an intersection twice), in edge order: deterministic.
std::vector<Point> points_along_edges(const Graph& g, double spacing_m);

}  // namespace lc::network
