// The pedestrian profile as a table: tag sets and the access they must give.
#include <gtest/gtest.h>

#include "network/osm_profile.hpp"

namespace lc {
namespace {

struct TagRow {
  TagList tags;
  bool walkable;
  float factor;
  float extra_s;
};

TEST(OsmProfile, Table) {
  const network::WalkProfile p;  // steps x2, crossing 5 s, signalled 20 s
  const std::vector<TagRow> rows = {
      {{{"highway", "footway"}}, true, 1, 0},
      {{{"highway", "path"}}, true, 1, 0},
      {{{"highway", "pedestrian"}}, true, 1, 0},
      {{{"highway", "steps"}}, true, 2, 0},
      {{{"highway", "living_street"}}, true, 1, 0},
      {{{"highway", "residential"}}, true, 1, 0},
      {{{"highway", "service"}}, true, 1, 0},
      {{{"highway", "track"}}, true, 1, 0},
      {{{"highway", "unclassified"}}, true, 1, 0},
      {{{"highway", "tertiary"}}, true, 1, 0},
      {{{"highway", "secondary_link"}}, true, 1, 0},
      {{{"highway", "primary"}}, true, 1, 0},
      {{{"highway", "cycleway"}}, true, 1, 0},
      {{{"highway", "cycleway"}, {"foot", "no"}}, false, 1, 0},
      {{{"highway", "motorway"}}, false, 1, 0},
      {{{"highway", "trunk"}}, false, 1, 0},
      {{{"highway", "trunk"}, {"foot", "yes"}}, true, 1, 0},
      {{{"highway", "motorway_link"}, {"foot", "designated"}}, true, 1, 0},
      {{{"highway", "residential"}, {"foot", "no"}}, false, 1, 0},
      {{{"highway", "residential"}, {"access", "private"}}, false, 1, 0},
      {{{"highway", "service"}, {"access", "no"}, {"foot", "yes"}}, true, 1, 0},
      {{{"highway", "footway"}, {"access", "no"}, {"foot", "permissive"}}, true, 1, 0},
      {{{"highway", "primary"}, {"oneway", "yes"}}, true, 1, 0},  // oneway is for vehicles
      {{{"highway", "footway"}, {"footway", "crossing"}}, true, 1, 5},
      {{{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "traffic_signals"}}, true, 1, 20},
      {{{"highway", "footway"}, {"footway", "crossing"}, {"crossing", "marked"}, {"crossing:signals", "yes"}}, true, 1, 20},
      {{{"highway", "construction"}}, false, 1, 0},
      {{{"highway", "proposed"}}, false, 1, 0},
      {{{"highway", "bus_guideway"}}, false, 1, 0},
      {{{"railway", "rail"}}, false, 1, 0},
      {{{"building", "yes"}}, false, 1, 0},
      {{{"highway", "pedestrian"}, {"area", "yes"}}, true, 1, 0},
      {{{"highway", "service"}, {"area", "yes"}}, true, 1, 0},  // walked across (docs/network.md)
      {{{"highway", "residential"}, {"area", "yes"}}, false, 1, 0},
  };
  for (const auto& r : rows) {
    const auto a = network::walk_access(r.tags, p);
    std::string desc;
    for (const auto& [k, v] : r.tags) desc += k + "=" + v + " ";
    EXPECT_EQ(a.walkable, r.walkable) << desc;
    if (r.walkable) {
      EXPECT_FLOAT_EQ(a.time_factor, r.factor) << desc;
      EXPECT_FLOAT_EQ(a.extra_s, r.extra_s) << desc;
    }
  }
}

}  // namespace
}  // namespace lc
