// lc::network pedestrian profile: which OSM ways a person may walk and how slowly, and which
// barrier nodes stop them, as pure functions of the tags (table-tested; docs/network.md has the
// table, tag by tag, against OSRM's foot profile and Valhalla's pedestrian costing). Oneway is
// ignored on foot.
#pragma once

#include <string>

#include "io/tags.hpp"
#include "network/graph.hpp"

namespace lc::network {

struct WalkProfile {
  // Assumptions, not standards (docs/network.md): stairs take about twice as long as the same
  // horizontal distance; a crossing costs a short wait, a signalled one half a typical cycle.
  float steps_factor = 2.0f;
  float crossing_s = 5.0f;
  float signal_crossing_s = 20.0f;
  // foot=use_sidepath is obeyed only where a separately mapped footway runs beside the road:
  // within this distance of the road along at least half of its length (docs/network.md).
  double sidepath_m = 25.0;
  // Waiting for an elevator and riding it, per elevator node or edge of an elevator way.
  float elevator_s = 30.0f;
  // The wheelchair profile (docs/network.md, Wheelchair): no steps, no way or node tagged
  // wheelchair=no, and a raised kerb (kerb=raised, or barrier=kerb without kerb=lowered|flush|no)
  // stops the chair as a wall stops a walker; wheelchair=yes|designated|limited on a node passes it.
  bool wheelchair = false;
};

// The walking profiles a run may name (besides "", the walker's).
inline constexpr const char* kWalkProfiles[] = {"wheelchair"};
// The profile of that name; UsageError naming --walk-profile for one it does not know.
WalkProfile walk_profile(const std::string& name);

struct WayAccess {
  bool walkable = false;
  float time_factor = 1.0f;
  float extra_s = 0.0f;
  // foot=use_sidepath: walkable unless a sidepath runs beside it (decided with the geometry, in
  // input_from_osm).
  bool sidepath = false;
  // A pedestrian area (highway=pedestrian|footway|... with area=yes, or area:highway=*): when its
  // way is closed, walked along the rim and straight across (input_from_osm, network/areas).
  bool area = false;
  // access=private (or foot=private) on a way the profile would walk otherwise: not walkable, but
  // input_from_osm walks it as a gated compound's own way when it lies inside landuse=residential
  // (docs/network.md, Gated compounds): residents leave by it, nobody enters by it.
  bool private_way = false;
};

WayAccess walk_access(const TagList& tags, const WalkProfile& profile);

// The ways input_from_osm reads: those walk_access admits, private ones (private_way) and the
// outlines of residential land (landuse=residential), which tell a compound's private ways.
bool network_way(const TagList& tags, const WalkProfile& profile);
bool residential_land(const TagList& tags);

// A barrier that passes (barrier_blocks is false) with access=private: a compound's gate. Where
// it closes the compound's ways off from the street (docs/network.md, Gated compounds), it is
// walked outwards only.
bool private_gate(const TagList& node_tags, const WalkProfile& profile);

// The street class of a way the profile admits: its highway=* value, for an area mapped only as
// area:highway=*, that value, and for indoor ways without highway=* "indoor_corridor" or
// "indoor_area".
const char* street_class(const TagList& tags);

// The delay of going through a node from one walked way into another: an elevator
// (highway=elevator) costs elevator_s; walking along one way past it costs nothing.
float node_delay_s(const TagList& node_tags, const WalkProfile& profile);

// Whether a barrier node (barrier=*) stops a walker: walls, fences and the like always, any
// barrier when foot=no|private (or access=no without foot=*) or locked=yes. Gates, entrances,
// bollards, kerbs, turnstiles pass.
bool barrier_blocks(const TagList& node_tags);
// The same for the profile: with `wheelchair`, also kerbs and wheelchair=no (WalkProfile).
bool barrier_blocks(const TagList& node_tags, const WalkProfile& profile);

// How a DEM is read along a way (docs/network.md, Slope): not at all for steps (their factor
// already stands for the climb), elevators, corridors and anything indoors or on a level other
// than 0; only at its ends for bridges and tunnels (the DEM is the ground under the deck or over
// the tube, so the structure's own grade is the straight line between its ends); along the way
// otherwise.
Grade way_grade(const TagList& tags);

// Paths that pedestrians use on their own (a crossing node on them is a road crossing), as
// opposed to roads whose crossing nodes are crossed by other ways.
bool is_path_class(const TagList& tags);

// Ways a walker may use as a sidepath of a foot=use_sidepath road: footways (sidewalks
// included), paths, cycleways and pedestrian streets, not their crossings (the caller checks that
// they are walkable).
bool is_sidepath_class(const TagList& tags);

}  // namespace lc::network
