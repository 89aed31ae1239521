// lc::network pedestrian profile: which OSM ways a person may walk and how slowly, as pure
// functions of the tags (table-tested). Oneway is ignored on foot.
#pragma once

#include "io/tags.hpp"

namespace lc::network {

struct WalkProfile {
  // Assumptions, not standards (docs/network.md): stairs take about twice as long as the same
  // horizontal distance; a crossing costs a short wait, a signalled one half a typical cycle.
  float steps_factor = 2.0f;
  float crossing_s = 5.0f;
  float signal_crossing_s = 20.0f;
};

struct WayAccess {
  bool walkable = false;
  float time_factor = 1.0f;
  float extra_s = 0.0f;
};

WayAccess walk_access(const TagList& tags, const WalkProfile& profile);

// Paths that pedestrians use on their own (a crossing node on them is a road crossing), as
// opposed to roads whose crossing nodes are crossed by other ways.
bool is_path_class(const TagList& tags);

}  // namespace lc::network
