// lc::network pedestrian areas walked across (docs/network.md, Pedestrian areas): a square mapped
// as a closed way with area=yes is walked along its rim and straight across between the places
// where other ways reach it, bending only at its reflex corners (a visibility graph; GEOS decides
// what lies inside).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "io/geo.hpp"

namespace lc::network {

// The straight walks across one simple polygon. `ring` lists its vertices once each (not closed
// again), `entry` marks the ring vertices where other ways reach it, `inner` are the ends of ways
// inside it. Points are numbered ring first (0..ring.size()-1), then inner. Answers each pair
// (a < b) among the entries, the inner points and the reflex corners whose segment lies inside
// the polygon or on its boundary, leaving out pairs of neighbours along the ring (the rim is walked
// anyway) and segments that pass through a reflex corner instead of round it (no shortest walk
// uses them: the reduced visibility graph). Nothing when there are no entries and no inner points, or the polygon is not valid.
std::vector<std::pair<std::uint32_t, std::uint32_t>> sight_lines(const std::vector<Point>& ring,
                                                                  const std::vector<bool>& entry,
                                                                  const std::vector<Point>& inner);

}  // namespace lc::network
