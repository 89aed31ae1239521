// lc::network sidepaths: whether a separately mapped footway runs beside a road, for
// foot=use_sidepath (docs/network.md, Sidepaths). Plain geometry in the run's metric CRS.
#pragma once

#include <vector>

#include "io/geo.hpp"

namespace lc::network {

using Polyline = std::vector<Point>;

// For each road: true when at least half of its length lies beside one of `paths`. A point of the
// road is beside a path segment when the segment runs within `within_m` of it, measured square to
// the segment (the point's foot falls on the segment), and within 30 degrees of parallel to the
// road there. Roads are measured in pieces of at most 5 m, each judged at its middle.
std::vector<bool> has_sidepath(const std::vector<Polyline>& roads, const std::vector<Polyline>& paths, double within_m);

}  // namespace lc::network
