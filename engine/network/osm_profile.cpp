#include "network/osm_profile.hpp"

#include <array>
#include <string_view>

namespace lc::network {

namespace {

using namespace std::string_view_literals;

constexpr std::array kWalkable = {
    "footway"sv,     "path"sv,         "pedestrian"sv,    "steps"sv,      "living_street"sv,
    "residential"sv, "service"sv,      "track"sv,         "unclassified"sv, "tertiary"sv,
    "tertiary_link"sv, "secondary"sv,  "secondary_link"sv, "primary"sv,   "primary_link"sv,
    "road"sv,        "corridor"sv,     "bridleway"sv,     "cycleway"sv,   "platform"sv,
    "elevator"sv};

// Motor roads: walking only where a foot tag explicitly allows it.
constexpr std::array kMotorOnly = {"motorway"sv, "motorway_link"sv, "trunk"sv, "trunk_link"sv};

constexpr std::array kPathClass = {"footway"sv, "path"sv, "pedestrian"sv, "steps"sv,
                                   "cycleway"sv, "bridleway"sv, "corridor"sv, "platform"sv};

template <std::size_t N>
bool one_of(const char* v, const std::array<std::string_view, N>& set) {
  if (!v) return false;
  for (auto s : set)
    if (s == v) return true;
  return false;
}

constexpr std::array kFootYes = {"yes"sv, "designated"sv, "permissive"sv, "destination"sv,
                                 "official"sv};
constexpr std::array kNo = {"no"sv, "private"sv, "use_sidepath"sv};

// foot=* decides when present; access=* only when foot=* says nothing.
bool foot_allowed(const TagList& tags, bool by_default) {
  const char* foot = find_tag(tags, "foot");
  if (one_of(foot, kFootYes)) return true;
  if (one_of(foot, kNo)) return false;
  const char* access = find_tag(tags, "access");
  if (one_of(access, kNo)) return false;
  return by_default;
}

float crossing_delay(const TagList& tags, const WalkProfile& p) {
  const bool crossing = tag_is(tags, "footway", "crossing") || tag_is(tags, "highway", "crossing") ||
                        tag_is(tags, "path", "crossing") || tag_is(tags, "cycleway", "crossing");
  if (!crossing) return 0.0f;
  const bool signals = tag_is(tags, "crossing", "traffic_signals") || tag_is(tags, "crossing:signals", "yes");
  return signals ? p.signal_crossing_s : p.crossing_s;
}

}  // namespace

WayAccess walk_access(const TagList& tags, const WalkProfile& p) {
  const char* hw = find_tag(tags, "highway");
  if (!hw) return {};
  if (tag_is(tags, "area", "yes") && !tag_is(tags, "highway", "pedestrian")) return {};
  bool walkable = false;
  if (one_of(hw, kWalkable)) walkable = foot_allowed(tags, true);
  else if (one_of(hw, kMotorOnly)) walkable = one_of(find_tag(tags, "foot"), kFootYes);
  if (!walkable) return {};
  WayAccess a{true, 1.0f, crossing_delay(tags, p)};
  if (std::string_view(hw) == "steps") a.time_factor = p.steps_factor;
  return a;
}

bool is_path_class(const TagList& tags) { return one_of(find_tag(tags, "highway"), kPathClass); }

}  // namespace lc::network
