// The profile table of docs/network.md, row by row, on drawn OSM files: a way 1-2-3 straight east,
// 100 m long, with the tags of the row, and node 2 (its middle, 50 m) with the row's node tags.
// Each row says how long the walk from 1 to 3 takes at 1 m/s, worked out on paper: 100 s on a
// plain walkable way, x2 on steps, +5 s or +20 s at a crossing, never when the row is not walked.
//
//     1 (0,0) ------- 2 (50,0) ------- 3 (100,0)
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "network/osm_sketch.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kNever;

struct ProfileRow {
  const char* row;  // the docs/network.md row it proves
  TagList way;
  TagList node;
  double seconds;  // from 1 to 3 at 1 m/s; kNever: no walk
};

std::string describe(const ProfileRow& r) {
  std::string s = std::string("[") + r.row + "] way:";
  for (const auto& [k, v] : r.way) s += " " + k + "=" + v;
  s += " node:";
  for (const auto& [k, v] : r.node) s += " " + k + "=" + v;
  return s;
}

double walk(const test::TempDir& dir, const ProfileRow& r) {
  test::OsmSketch s;
  s.node(1, 0, 0);
  s.node(2, 50, 0, r.node);
  s.node(3, 100, 0);
  s.way(10, {1, 2, 3}, r.way);
  return test::OsmSketch::walk_s(s.graph(dir), {0, 0}, {100, 0});
}

const std::vector<ProfileRow>& rows() {
  static const std::vector<ProfileRow> r = {
      // highway=*: the walkable values
      {"highway", {{"highway", "footway"}}, {}, 100},
      {"highway", {{"highway", "path"}}, {}, 100},
      {"highway", {{"highway", "pedestrian"}}, {}, 100},
      {"highway", {{"highway", "living_street"}}, {}, 100},
      {"highway", {{"highway", "residential"}}, {}, 100},
      {"highway", {{"highway", "service"}}, {}, 100},
      {"highway", {{"highway", "track"}}, {}, 100},
      {"highway", {{"highway", "unclassified"}}, {}, 100},
      {"highway", {{"highway", "tertiary"}}, {}, 100},
      {"highway", {{"highway", "secondary_link"}}, {}, 100},
      {"highway", {{"highway", "primary"}}, {}, 100},
      {"highway", {{"highway", "road"}}, {}, 100},
      {"highway", {{"highway", "cycleway"}}, {}, 100},
      {"highway", {{"highway", "bridleway"}}, {}, 100},
      {"highway", {{"highway", "platform"}}, {}, 100},
      {"highway", {{"highway", "corridor"}}, {}, 100},
      {"highway", {{"highway", "primary"}, {"oneway", "yes"}}, {}, 100},
      // highway=*: motor roads only with foot=yes, and what is not a way to walk
      {"motor roads", {{"highway", "motorway"}}, {}, kNever},
      {"motor roads", {{"highway", "trunk"}}, {}, kNever},
      {"motor roads", {{"highway", "trunk_link"}, {"sidewalk", "both"}}, {}, 100},
      {"motor roads", {{"highway", "trunk"}, {"sidewalk:right", "yes"}}, {}, 100},
      {"motor roads", {{"highway", "trunk"}, {"sidewalk", "separate"}}, {}, kNever},
      {"motor roads", {{"highway", "trunk"}, {"sidewalk", "both"}, {"foot", "no"}}, {}, kNever},
      {"motor roads", {{"highway", "motorway"}, {"sidewalk", "both"}}, {}, kNever},
      {"motor roads", {{"highway", "trunk"}, {"foot", "yes"}}, {}, 100},
      {"motor roads", {{"highway", "motorway_link"}, {"foot", "designated"}}, {}, 100},
      {"not ways", {{"highway", "construction"}}, {}, kNever},
      {"not ways", {{"highway", "proposed"}}, {}, kNever},
      {"not ways", {{"highway", "bus_guideway"}}, {}, kNever},
      {"not ways", {{"highway", "raceway"}}, {}, kNever},
      {"not ways", {{"railway", "platform"}}, {}, kNever},
      {"not ways", {{"public_transport", "platform"}}, {}, kNever},
      // access=*
      {"access", {{"highway", "residential"}, {"access", "no"}}, {}, kNever},
      {"access", {{"highway", "track"}, {"access", "agricultural"}}, {}, kNever},
      {"access", {{"highway", "track"}, {"access", "forestry"}}, {}, kNever},
      {"access", {{"highway", "residential"}, {"access", "destination"}}, {}, 100},
      {"access", {{"highway", "service"}, {"access", "customers"}}, {}, 100},
      {"access", {{"highway", "service"}, {"access", "delivery"}}, {}, 100},
      {"access", {{"highway", "footway"}, {"access", "permissive"}}, {}, 100},
      {"access", {{"highway", "footway"}, {"access", "yes"}}, {}, 100},
      // private service roads
      {"private service roads", {{"highway", "service"}, {"access", "private"}}, {}, kNever},
      {"private service roads", {{"highway", "service"}, {"service", "driveway"}, {"access", "private"}}, {}, kNever},
      {"private service roads", {{"highway", "service"}, {"service", "driveway"}}, {}, 100},
      {"private service roads", {{"highway", "service"}, {"service", "parking_aisle"}}, {}, 100},
      {"private service roads", {{"highway", "service"}, {"access", "private"}, {"foot", "yes"}}, {}, 100},
      // foot=* (use_sidepath has rows of its own)
      {"foot", {{"highway", "residential"}, {"foot", "no"}}, {}, kNever},
      {"foot", {{"highway", "residential"}, {"foot", "private"}}, {}, kNever},
      {"foot", {{"highway", "cycleway"}, {"foot", "no"}}, {}, kNever},
      {"foot", {{"highway", "service"}, {"access", "no"}, {"foot", "yes"}}, {}, 100},
      {"foot", {{"highway", "footway"}, {"access", "no"}, {"foot", "permissive"}}, {}, 100},
      {"foot", {{"highway", "service"}, {"access", "private"}, {"foot", "customers"}}, {}, 100},
      {"foot", {{"highway", "service"}, {"access", "no"}, {"foot", "destination"}}, {}, 100},
      // sidewalk:* is not read: a road is walked whatever it says
      {"sidewalk", {{"highway", "residential"}, {"sidewalk", "separate"}}, {}, 100},
      {"sidewalk", {{"highway", "residential"}, {"sidewalk", "no"}}, {}, 100},
      {"sidewalk", {{"highway", "residential"}, {"sidewalk", "both"}}, {}, 100},
      {"sidewalk", {{"highway", "secondary"}, {"sidewalk:both", "separate"}}, {}, 100},
      {"sidewalk", {{"highway", "secondary"}, {"sidewalk:left", "no"}, {"sidewalk:right", "yes"}}, {}, 100},
      // footway=sidewalk|crossing and crossing=* on ways
      {"footway=sidewalk", {{"highway", "footway"}, {"footway", "sidewalk"}}, {}, 100},
      {"footway=crossing", {{"highway", "footway"}, {"footway", "crossing"}}, {}, 105},
      {"footway=crossing", {{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "uncontrolled"}}, {}, 105},
      {"footway=crossing", {{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "traffic_signals"}}, {}, 120},
      {"footway=crossing", {{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "marked"}, {"crossing:signals", "yes"}}, {}, 120},
      {"footway=crossing", {{"highway", "path"}, {"path", "crossing"}}, {}, 105},
      {"footway=crossing", {{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "no"}}, {}, 100},
      // crossing=* on nodes
      {"crossing nodes", {{"highway", "footway"}}, {{"highway", "crossing"}}, 105},
      {"crossing nodes", {{"highway", "footway"}}, {{"crossing", "zebra"}}, 105},
      {"crossing nodes", {{"highway", "footway"}}, {{"highway", "crossing"}, {"crossing", "traffic_signals"}}, 120},
      {"crossing nodes", {{"highway", "path"}}, {{"crossing", "marked"}, {"crossing:signals", "yes"}}, 120},
      {"crossing nodes", {{"highway", "footway"}}, {{"crossing", "no"}}, 100},
      {"crossing nodes", {{"highway", "residential"}}, {{"highway", "crossing"}}, 100},
      {"crossing nodes", {{"highway", "footway"}, {"footway", "crossing"}}, {{"highway", "crossing"}}, 105},
      // indoor, level, tunnel: walked as any way of their highway=* value
      {"indoor/level/tunnel", {{"highway", "corridor"}, {"indoor", "yes"}, {"level", "-1"}}, {}, 100},
      {"indoor/level/tunnel", {{"highway", "footway"}, {"tunnel", "yes"}, {"layer", "-1"}}, {}, 100},
      {"indoor/level/tunnel", {{"highway", "footway"}, {"tunnel", "building_passage"}}, {}, 100},
      {"indoor/level/tunnel", {{"highway", "footway"}, {"level", "-2"}}, {}, 100},
      {"indoor/level/tunnel", {{"indoor", "corridor"}, {"level", "-1"}}, {}, 100},
      {"indoor/level/tunnel", {{"indoor", "area"}, {"level", "-1"}}, {}, 100},
      {"indoor/level/tunnel", {{"indoor", "corridor"}, {"access", "private"}}, {}, kNever},
      {"indoor/level/tunnel", {{"indoor", "room"}, {"level", "-1"}}, {}, kNever},
      {"indoor/level/tunnel", {{"indoor", "wall"}}, {}, kNever},
      // steps and ramps
      {"steps", {{"highway", "steps"}}, {}, 200},
      {"steps", {{"highway", "steps"}, {"incline", "up"}, {"step_count", "40"}}, {}, 200},
      {"ramps", {{"highway", "steps"}, {"ramp", "yes"}}, {}, 200},
      {"ramps", {{"highway", "footway"}, {"incline", "8%"}}, {}, 100},
      {"ramps", {{"highway", "footway"}, {"ramp", "yes"}}, {}, 100},
      // elevator
      {"elevator", {{"highway", "elevator"}}, {}, 130},
      // walking along a way past an elevator node costs nothing; riding it (from one way into
      // another) costs 30 s: tests/network/station_test.cpp
      {"elevator", {{"highway", "footway"}}, {{"highway", "elevator"}}, 100},
      {"elevator", {{"highway", "corridor"}, {"level", "-1"}}, {{"highway", "elevator"}, {"level", "-1;0"}}, 100},
      // ferry
      {"ferry", {{"route", "ferry"}}, {}, kNever},
      {"ferry", {{"route", "ferry"}, {"foot", "yes"}}, {}, kNever},
      // barrier=* nodes
      {"barrier", {{"highway", "footway"}}, {{"barrier", "gate"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "entrance"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "bollard"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "kerb"}, {"kerb", "raised"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "turnstile"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "fence"}}, kNever},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "wall"}}, kNever},
      {"barrier", {{"highway", "path"}}, {{"barrier", "hedge"}}, kNever},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "gate"}, {"locked", "yes"}}, kNever},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "gate"}, {"foot", "no"}}, kNever},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "gate"}, {"access", "no"}}, kNever},
      {"barrier", {{"highway", "service"}}, {{"barrier", "gate"}, {"access", "no"}, {"foot", "yes"}}, 100},
      {"barrier", {{"highway", "service"}}, {{"barrier", "gate"}, {"access", "private"}}, 100},
      {"barrier", {{"highway", "service"}}, {{"barrier", "gate"}, {"foot", "private"}}, kNever},
      {"barrier", {{"highway", "service"}}, {{"barrier", "lift_gate"}, {"access", "private"}, {"foot", "yes"}}, 100},
      {"barrier", {{"highway", "footway"}}, {{"barrier", "fence"}, {"foot", "yes"}}, 100},
  };
  return r;
}

TEST(ProfileRows, EachRowWalksAsDocumented) {
  test::TempDir dir;
  for (const ProfileRow& r : rows()) {
    const double t = walk(dir, r);
    if (r.seconds == kNever) {
      EXPECT_EQ(t, kNever) << describe(r);
    } else {
      EXPECT_NEAR(t, r.seconds, 0.03) << describe(r);
    }
  }
}

// A closed barrier where two ways meet end to end stops the walk too: each way keeps its own end
// at the barrier, and neither reaches the other.
TEST(ProfileRows, ABarrierWhereTwoWaysMeet) {
  test::TempDir dir;
  for (const auto& [barrier, seconds] : {std::pair{std::string("fence"), kNever}, std::pair{std::string("gate"), 100.0}}) {
    test::OsmSketch s;
    s.node(1, 0, 0);
    s.node(2, 50, 0, {{"barrier", barrier}});
    s.node(3, 100, 0);
    s.node(4, 50, 60);
    s.way(10, {1, 2}, {{"highway", "footway"}});
    s.way(11, {2, 3}, {{"highway", "residential"}});
    s.way(12, {2, 4}, {{"highway", "path"}});
    const auto g = s.graph(dir);
    if (seconds == kNever) {
      EXPECT_EQ(test::OsmSketch::walk_s(g, {0, 0}, {100, 0}), kNever);
      EXPECT_EQ(test::OsmSketch::walk_s(g, {0, 0}, {50, 60}), kNever);
      EXPECT_EQ(test::OsmSketch::walk_s(g, {100, 0}, {50, 60}), kNever);  // every way through it ends there
    } else {
      EXPECT_NEAR(test::OsmSketch::walk_s(g, {0, 0}, {100, 0}), 100.0, 0.03);
      EXPECT_NEAR(test::OsmSketch::walk_s(g, {0, 0}, {50, 60}), 110.0, 0.03);
    }
  }
}

}  // namespace
}  // namespace lc
