// lc::report where people live, as a few boxes: the static maps frame each populated cluster
// (a district seat, a separate town) on its own panel rather than one box over all of them,
// which in a city of separate towns (Wuhai's three district seats) is mostly empty land.
#pragma once

#include <vector>

#include "io/geo.hpp"

namespace lc::report {

// The boxes of the clusters of `points`: points on a grid of `cells` cells across the larger side
// of their box, cells joined when at most `gap` empty cells lie between them. West to east by
// box centre (then south to north). When the points form one cluster or more than `max_clusters`, the one box of them
// all (the single frame drawn before); none for no points.
std::vector<BBox> populated_clusters(const std::vector<LonLat>& points, int cells = 40, int gap = 2,
                                     std::size_t max_clusters = 4);

}  // namespace lc::report
