// A hand-drawn two-level station (docs/network.md, Stations and underground passages): a street
// footway at level 0, a concourse (indoor=area, level -1) reached by entrance stairs and by an
// elevator, and a platform at level -2 down more stairs. Walks at 1 m/s worked out on paper.
//
//   level 0:   S1 (0,0) ---------------------------- S2 (100,0)
//               \ footway                              | steps (20 m, x2)
//                E (-10,-10) elevator node             |
//               / footway                              |
//   level -1:  C4 (0,-20) ------------------------- C1 (100,-20)    concourse: indoor=area,
//               |                                      |              a 100 x 60 rectangle
//              C3 (0,-80) ------------------------- C2 (100,-80)
//                                                      | steps (20 m, x2)
//   level -2:  P2 (0,-100) ------------------------ P1 (100,-100)   highway=platform
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "network/osm_sketch.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

using test::kNever;

struct Station {
  TagList concourse = {{"indoor", "area"}, {"level", "-1"}};
  TagList elevator = {{"highway", "elevator"}, {"level", "-1;0"}};
  bool elevator_way = false;  // an elevator drawn as a way S1 - C4 instead of a node
};

double walk(const Station& st, Point from, Point to) {
  test::TempDir dir;
  test::OsmSketch s;
  s.node(1, 0, 0), s.node(2, 100, 0);
  s.node(11, 100, -20), s.node(12, 100, -80), s.node(13, 0, -80), s.node(14, 0, -20);
  s.node(21, 100, -100), s.node(22, 0, -100);
  s.way(100, {1, 2}, {{"highway", "footway"}, {"level", "0"}});
  s.way(101, {2, 11}, {{"highway", "steps"}, {"level", "-1;0"}});
  s.way(102, {11, 12, 13, 14, 11}, st.concourse);
  s.way(103, {12, 21}, {{"highway", "steps"}, {"level", "-2;-1"}});
  s.way(104, {21, 22}, {{"highway", "platform"}, {"level", "-2"}});
  if (st.elevator_way) {
    s.way(105, {1, 14}, {{"highway", "elevator"}, {"level", "-1;0"}});
  } else {
    s.node(5, -10, -10, st.elevator);
    s.way(105, {1, 5}, {{"highway", "footway"}, {"level", "0"}});
    s.way(106, {5, 14}, {{"highway", "footway"}, {"indoor", "yes"}, {"level", "-1"}});
  }
  return test::OsmSketch::walk_s(s.graph(dir), from, to);
}

const double kElevatorLegs = 2 * std::sqrt(200.0);       // S1 - E - C4
const double kAcross = std::sqrt(100.0 * 100 + 60 * 60);  // C4 - C2 inside the concourse

TEST(Station, DownTheStairsAndAcrossTheConcourse) {
  Station st;
  // S2 down the entrance stairs (40 s), along the concourse's side C1 - C2 (60), down to the
  // platform (40): 140 s.
  EXPECT_NEAR(walk(st, {100, 0}, {100, -100}), 140.0, 0.03);
  // S1 to the far end of the platform: by the elevator (30 s) and straight across the concourse,
  // 28.284 + 30 + 116.619 + 40 + 100 = 314.903, not the 340 s by the stairs.
  EXPECT_NEAR(walk(st, {0, 0}, {0, -100}), kElevatorLegs + 30 + kAcross + 40 + 100, 0.03);
}

// The street drawn as two footways meeting at the elevator node, S1 - E (level=0) and E - W
// (-20,-20) (no level: 0): walking along the street past the elevator costs nothing; leaving it for
// the corridor E - C4 (level -1) is the ride. The same with the street drawn as one way through E.
TEST(Station, WalkingPastAnElevatorCostsNothing) {
  for (const bool one_way : {false, true}) {
    test::TempDir dir;
    test::OsmSketch s;
    s.node(1, 0, 0), s.node(5, -10, -10, {{"highway", "elevator"}}), s.node(6, -20, -20), s.node(14, 0, -20);
    if (one_way) {
      s.way(105, {1, 5, 6}, {{"highway", "footway"}});
    } else {
      s.way(105, {1, 5}, {{"highway", "footway"}, {"level", "0"}});
      s.way(107, {5, 6}, {{"highway", "footway"}});
    }
    s.way(106, {5, 14}, {{"highway", "corridor"}, {"level", "-1"}});
    const auto g = s.graph(dir);
    EXPECT_NEAR(test::OsmSketch::walk_s(g, {0, 0}, {-20, -20}), std::sqrt(800.0), 0.03) << one_way;
    EXPECT_NEAR(test::OsmSketch::walk_s(g, {0, 0}, {0, -20}), kElevatorLegs + 30, 0.03) << one_way;
    EXPECT_NEAR(test::OsmSketch::walk_s(g, {-20, -20}, {0, -20}), kElevatorLegs + 30, 0.03) << one_way;
  }
}

TEST(Station, AnElevatorWay) {
  Station st;
  st.elevator_way = true;
  // S1 - C4 is a 20 m elevator way: 20 + 30 s, then across and down.
  EXPECT_NEAR(walk(st, {0, 0}, {0, -100}), 20 + 30 + kAcross + 40 + 100, 0.03);
}

TEST(Station, WithoutTheElevatorTheStairs) {
  Station st;
  st.elevator = {{"level", "-1;0"}};  // a plain node: no wait, the footways still meet there
  EXPECT_NEAR(walk(st, {0, 0}, {0, -100}), kElevatorLegs + kAcross + 40 + 100, 0.03);
  st.elevator = {{"highway", "elevator"}, {"barrier", "wall"}};  // drawn shut: round by the stairs
  EXPECT_NEAR(walk(st, {0, 0}, {0, -100}), 100 + 40 + 60 + 40 + 100, 0.03);
}

TEST(Station, AccessClosesTheConcourse) {
  Station st;
  st.concourse.push_back({"access", "private"});
  EXPECT_EQ(walk(st, {0, 0}, {0, -100}), kNever);
  st.concourse.push_back({"foot", "yes"});
  EXPECT_NEAR(walk(st, {0, 0}, {0, -100}), kElevatorLegs + 30 + kAcross + 40 + 100, 0.03);
}

TEST(Station, AConcourseMappedAsARoomIsNotWalked) {
  Station st;
  st.concourse = {{"indoor", "room"}, {"level", "-1"}};
  EXPECT_EQ(walk(st, {0, 0}, {0, -100}), kNever);
}

}  // namespace
}  // namespace lc
