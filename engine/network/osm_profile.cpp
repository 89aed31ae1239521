#include "network/osm_profile.hpp"

#include <array>
#include <string_view>

#include "core/error.hpp"

namespace lc::network {

namespace {

using namespace std::string_view_literals;

constexpr std::array kWalkable = {
    "footway"sv,     "path"sv,         "pedestrian"sv,    "steps"sv,      "living_street"sv,
    "residential"sv, "service"sv,      "track"sv,         "unclassified"sv, "tertiary"sv,
    "tertiary_link"sv, "secondary"sv,  "secondary_link"sv, "primary"sv,   "primary_link"sv,
    "road"sv,        "corridor"sv,     "bridleway"sv,     "cycleway"sv,   "platform"sv,
    "elevator"sv};

// Motor roads: walking only where a foot tag explicitly allows it, or on a trunk road, a
// sidewalk on the road itself.
constexpr std::array kMotorOnly = {"motorway"sv, "motorway_link"sv, "trunk"sv, "trunk_link"sv};
constexpr std::array kTrunk = {"trunk"sv, "trunk_link"sv};
constexpr std::array kSidewalkHere = {"both"sv, "left"sv, "right"sv, "yes"sv};

// Areas walked across: with area=yes on the highway=* tag, or as area:highway=* (the surface of a
// square mapped beside its lines; area:highway=primary and the like are carriageways, walked along
// their centrelines instead).
constexpr std::array kAreaWalk = {"pedestrian"sv, "footway"sv, "path"sv, "service"sv, "living_street"sv,
                                  "platform"sv, "corridor"sv, "track"sv};
constexpr std::array kAreaHighway = {"pedestrian"sv, "footway"sv, "path"sv, "platform"sv, "corridor"sv};

// Simple Indoor Tagging without highway=*: corridors and open indoor areas (concourses, halls)
// are walked, as areas when closed; rooms, walls and levels are not ways to walk.
constexpr std::array kIndoorWalk = {"corridor"sv, "area"sv};

constexpr std::array kPathClass = {"footway"sv, "path"sv, "pedestrian"sv, "steps"sv,
                                   "cycleway"sv, "bridleway"sv, "corridor"sv, "platform"sv};

constexpr std::array kSidepathClass = {"footway"sv, "path"sv, "cycleway"sv, "pedestrian"sv};

template <std::size_t N>
bool one_of(const char* v, const std::array<std::string_view, N>& set) {
  if (!v) return false;
  for (auto s : set)
    if (s == v) return true;
  return false;
}

constexpr std::array kFootYes = {"yes"sv, "designated"sv, "permissive"sv, "destination"sv,
                                 "official"sv, "customers"sv};
constexpr std::array kFootNo = {"no"sv, "private"sv};
constexpr std::array kAccessNo = {"no"sv, "private"sv, "agricultural"sv, "forestry"sv};

// Barriers that stand across a way: a way drawn through one crosses nothing a person can pass.
constexpr std::array kClosedBarriers = {"fence"sv, "wall"sv, "hedge"sv, "retaining_wall"sv,
                                        "city_wall"sv, "guard_rail"sv};

// A kerb a wheelchair rolls over, and node tags that say a wheelchair passes.
constexpr std::array kKerbPassable = {"lowered"sv, "flush"sv, "no"sv};
constexpr std::array kWheelchairYes = {"yes"sv, "designated"sv, "limited"sv};

enum class Foot { yes, no, priv, sidepath, unsaid };

// foot=* decides when present; access=* only when foot=* says nothing. `priv`: no, because the way
// is private (foot=private, or access=private without foot=*).
Foot foot_rule(const TagList& tags) {
  const char* foot = find_tag(tags, "foot");
  if (one_of(foot, kFootYes)) return Foot::yes;
  if (foot && std::string_view(foot) == "private") return Foot::priv;
  if (one_of(foot, kFootNo)) return Foot::no;
  if (foot && std::string_view(foot) == "use_sidepath") return Foot::sidepath;
  const char* access = find_tag(tags, "access");
  if (access && std::string_view(access) == "private") return Foot::priv;
  if (one_of(access, kAccessNo)) return Foot::no;
  return Foot::unsaid;
}

// A sidewalk drawn as part of the road (sidewalk=both|left|right|yes, or sidewalk:both|left|right=yes),
// not a separately mapped one (separate) nor none.
bool sidewalk_on_road(const TagList& tags) {
  if (one_of(find_tag(tags, "sidewalk"), kSidewalkHere)) return true;
  for (const char* key : {"sidewalk:both", "sidewalk:left", "sidewalk:right"})
    if (tag_is(tags, key, "yes")) return true;
  return false;
}

float crossing_delay(const TagList& tags, const WalkProfile& p) {
  const bool crossing = tag_is(tags, "footway", "crossing") || tag_is(tags, "highway", "crossing") ||
                        tag_is(tags, "path", "crossing") || tag_is(tags, "cycleway", "crossing");
  if (!crossing || tag_is(tags, "crossing", "no")) return 0.0f;
  const bool signals = tag_is(tags, "crossing", "traffic_signals") || tag_is(tags, "crossing:signals", "yes");
  return signals ? p.signal_crossing_s : p.crossing_s;
}

}  // namespace

WayAccess walk_access(const TagList& tags, const WalkProfile& p) {
  const char* hw = find_tag(tags, "highway");
  bool area = false;
  if (!hw) {
    hw = find_tag(tags, "area:highway");
    if (!one_of(hw, kAreaHighway)) hw = nullptr;
    if (!hw && one_of(find_tag(tags, "indoor"), kIndoorWalk)) hw = "footway";
    if (!hw) return {};
    area = true;
  } else if (tag_is(tags, "area", "yes")) {
    if (!one_of(hw, kAreaWalk)) return {};
    area = true;
  }
  const Foot foot = foot_rule(tags);
  bool walkable = false;
  if (one_of(hw, kWalkable)) walkable = foot != Foot::no;
  else if (one_of(hw, kMotorOnly))
    walkable = foot == Foot::yes || (foot == Foot::unsaid && one_of(hw, kTrunk) && sidewalk_on_road(tags));
  if (!walkable) return {};
  if (p.wheelchair && (std::string_view(hw) == "steps" || tag_is(tags, "wheelchair", "no"))) return {};
  WayAccess a{true, 1.0f, crossing_delay(tags, p), foot == Foot::sidepath, area, false};
  if (std::string_view(hw) == "steps") a.time_factor = p.steps_factor;
  if (std::string_view(hw) == "elevator") a.extra_s += p.elevator_s;
  if (foot == Foot::priv) a.walkable = false, a.private_way = true;  // a compound's, or nobody's
  return a;
}

bool residential_land(const TagList& tags) { return tag_is(tags, "landuse", "residential"); }

bool network_way(const TagList& tags, const WalkProfile& p) {
  const WayAccess a = walk_access(tags, p);
  return a.walkable || a.private_way || residential_land(tags);
}

bool private_gate(const TagList& n, const WalkProfile& p) {
  const char* barrier = find_tag(n, "barrier");
  return barrier && std::string_view(barrier) != "no" && !barrier_blocks(n, p) && tag_is(n, "access", "private") && !find_tag(n, "foot");
}

const char* street_class(const TagList& tags) {
  if (const char* hw = find_tag(tags, "highway")) return hw;
  if (const char* area = find_tag(tags, "area:highway"); one_of(area, kAreaHighway)) return area;
  if (tag_is(tags, "indoor", "corridor")) return "indoor_corridor";
  if (tag_is(tags, "indoor", "area")) return "indoor_area";
  return nullptr;
}

float node_delay_s(const TagList& n, const WalkProfile& p) {
  return tag_is(n, "highway", "elevator") ? p.elevator_s : 0.0f;
}

bool barrier_blocks(const TagList& n) {
  const char* barrier = find_tag(n, "barrier");
  if (!barrier || std::string_view(barrier) == "no") return false;
  const Foot foot = foot_rule(n);
  if (foot == Foot::yes) return false;
  // access=private on a gate is left open: a compound's residents walk out through it, and where it
  // closes a compound off it is walked outwards only (private_gate, input_from_osm); foot=private
  // closes it.
  const bool closed_by_tags = one_of(find_tag(n, "foot"), kFootNo) ||
                              (!find_tag(n, "foot") && tag_is(n, "access", "no")) || tag_is(n, "locked", "yes");
  return closed_by_tags || one_of(barrier, kClosedBarriers);
}

bool barrier_blocks(const TagList& n, const WalkProfile& p) {
  if (barrier_blocks(n)) return true;
  if (!p.wheelchair) return false;
  const char* wheelchair = find_tag(n, "wheelchair");
  if (wheelchair && std::string_view(wheelchair) == "no") return true;
  if (one_of(wheelchair, kWheelchairYes)) return false;
  const char* kerb = find_tag(n, "kerb");
  if (kerb && std::string_view(kerb) == "raised") return true;
  return tag_is(n, "barrier", "kerb") && !one_of(kerb, kKerbPassable);
}

WalkProfile walk_profile(const std::string& name) {
  WalkProfile p;
  if (name.empty()) return p;
  if (name != "wheelchair") throw UsageError(Field{"network.walk_profile"}, "unknown walking profile '" + name + "'; known: wheelchair");
  p.wheelchair = true;
  return p;
}

Grade way_grade(const TagList& tags) {
  const char* hw = find_tag(tags, "highway");
  const char* indoor = find_tag(tags, "indoor");
  const char* level = find_tag(tags, "level");
  if ((hw && (std::string_view(hw) == "steps" || std::string_view(hw) == "elevator" || std::string_view(hw) == "corridor")) ||
      (indoor && std::string_view(indoor) != "no") || (level && std::string_view(level) != "0"))
    return Grade::none;
  for (const char* key : {"bridge", "tunnel"})
    if (const char* v = find_tag(tags, key); v && std::string_view(v) != "no") return Grade::ends;
  return Grade::ground;
}

bool is_path_class(const TagList& tags) { return one_of(find_tag(tags, "highway"), kPathClass); }

bool is_sidepath_class(const TagList& tags) {
  for (const char* key : {"footway", "path", "cycleway"})
    if (tag_is(tags, key, "crossing")) return false;
  return one_of(find_tag(tags, "highway"), kSidepathClass);
}

}  // namespace lc::network
