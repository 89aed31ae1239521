// lc::access::attach_outlines: the per-place tables get the places' shapes by their key column,
// by hand: a unit with an outline, the ALL row without; a community that is its own origin gets
// its polygon, one of grid cells (community != origin id) none; other tables are left alone.
#include <gtest/gtest.h>

#include "access/gap_areas.hpp"

namespace lc::access {
namespace {

io::Table keyed(const std::string& name, const std::string& key, const std::vector<std::string>& keys) {
  io::Table t{name, "d", {{key}, {"category"}}, false, {}, {}};
  for (const auto& k : keys) t.add({k, std::string("c")});
  return t;
}

TEST(Outlines, TablesGetTheirKeysShapes) {
  People p;
  p.id = {"k1", "cell7", "pt"};
  p.community = {"k1", "k2", ""};
  const std::vector<std::string> area = {"POLYGON ((0 0,1 0,1 1,0 0))", "POLYGON ((5 5,6 5,6 6,5 5))", ""};
  const std::vector<Unit> units = {{"East", "POLYGON ((0 0,9 0,9 9,0 0))"}};
  std::vector<io::Table> tables = {keyed("community_coverage", "community", {"k1", "k2", "ALL"}),
                                   keyed("unit_coverage", "unit", {"East", "ALL"}),
                                   keyed("unit_gaps", "unit", {"ALL", "East"}),
                                   keyed("gap_measures", "unit", {"East"})};
  const auto columns = tables[0].fields.size();
  attach_outlines(tables, p, area, units);
  ASSERT_TRUE(tables[0].has_geometry);
  EXPECT_EQ(tables[0].wkt, (std::vector<std::string>{area[0], "", ""}));  // k2 is a community of cells: no polygon
  EXPECT_EQ(tables[0].fields.size(), columns);
  EXPECT_EQ(tables[0].rows.size(), 3u);
  EXPECT_EQ(tables[1].wkt, (std::vector<std::string>{units[0].wkt, ""}));
  EXPECT_EQ(tables[2].wkt, (std::vector<std::string>{"", units[0].wkt}));
  EXPECT_FALSE(tables[3].has_geometry) << "not a per-place layer";

  // No key with a shape: the table stays an attribute table.
  std::vector<io::Table> none = {keyed("unit_coverage", "unit", {"West", "ALL"})};
  attach_outlines(none, p, area, units);
  EXPECT_FALSE(none[0].has_geometry);
  EXPECT_TRUE(none[0].wkt.empty());
}

}  // namespace
}  // namespace lc::access
