// Tests of lc::access catalog: the shipped catalog, OSM/Amap/Baidu/name matching, threshold and
// speed arithmetic worked out by hand, and schema errors that must name the offending line.
#include "access/catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"

#ifndef LIFECIRCLE_SOURCE_DIR
#define LIFECIRCLE_SOURCE_DIR "."
#endif

namespace lc::access {
namespace {

const std::string kShipped = std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml";

const Catalog& shipped() {
  static const Catalog catalog = load_catalog(kShipped);
  return catalog;
}

const Category& cat(std::string_view id) {
  const Category* c = shipped().find(id);
  if (!c) throw std::runtime_error("no category " + std::string(id));
  return *c;
}

using Tags = std::vector<std::pair<std::string, std::string>>;

std::set<std::string> osm_ids(const Tags& tags) {
  const auto ids = categories_for_osm(shipped(), tag_lookup(tags));
  return {ids.begin(), ids.end()};
}

// ------------------------------------------------------------------ shipped catalog

TEST(ShippedCatalog, HasEveryRequiredCategory) {
  const std::vector<std::string> required = {"convenience_store",
                                             "supermarket",
                                             "fresh_market",
                                             "breakfast",
                                             "community_service",
                                             "pharmacy",
                                             "express_post",
                                             "recycling_point",
                                             "elder_dining",
                                             "elder_day_care",
                                             "elder_care_complex",
                                             "health_station",
                                             "health_centre",
                                             "hospital",
                                             "childcare",
                                             "kindergarten",
                                             "primary_school",
                                             "middle_school",
                                             "library",
                                             "culture_station",
                                             "fitness",
                                             "public_toilet",
                                             "parking",
                                             "water_bill_point"};
  for (const auto& id : required) EXPECT_NE(shipped().find(id), nullptr) << id;
}

TEST(ShippedCatalog, SpeedProfiles) {
  ASSERT_NE(shipped().find_profile("general"), nullptr);
  ASSERT_NE(shipped().find_profile("elderly"), nullptr);
  EXPECT_DOUBLE_EQ(shipped().find_profile("general")->speed_mps, 1.0);
  EXPECT_DOUBLE_EQ(shipped().find_profile("elderly")->speed_mps, 0.8);
}

// --season winter (docs/catalog.md, Seasons): general x0.9 (Fossum & Ryeng 2021), elderly x0.85
// (an assumption), each with its source; without a season nothing changes.
TEST(ShippedCatalog, WinterScalesEachProfileByItsFactor) {
  EXPECT_DOUBLE_EQ(shipped().find_profile("general")->winter_factor, 0.9);
  EXPECT_DOUBLE_EQ(shipped().find_profile("elderly")->winter_factor, 0.85);
  EXPECT_NE(shipped().find_profile("general")->winter_source.find("Fossum"), std::string::npos);
  EXPECT_NE(shipped().find_profile("elderly")->winter_source.find("[M"), std::string::npos);
  const Catalog winter = with_season(shipped(), "winter");
  EXPECT_EQ(winter.season, "winter");
  EXPECT_DOUBLE_EQ(winter.find_profile("general")->speed_mps, 0.9);
  EXPECT_DOUBLE_EQ(winter.find_profile("elderly")->speed_mps, 0.8 * 0.85);
  EXPECT_DOUBLE_EQ(season_factor(winter, "elderly"), 0.85);
  EXPECT_DOUBLE_EQ(effective_speed_mps(winter, cat("elder_dining")), 0.68);
  // elder_dining is 300 m: at 0.68 m/s its budget is 441.2 s (375 s without the season).
  EXPECT_NEAR(threshold_seconds(cat("elder_dining"), effective_speed_mps(winter, cat("elder_dining"))), 300 / 0.68, 1e-9);
  const Catalog none = with_season(shipped(), "");
  EXPECT_EQ(none.season, "");
  EXPECT_DOUBLE_EQ(none.find_profile("general")->speed_mps, 1.0);
  EXPECT_DOUBLE_EQ(season_factor(none, "general"), 1.0);
  EXPECT_THROW(with_season(shipped(), "monsoon"), UsageError);
}

TEST(ShippedCatalog, OlderResidentsWalkAtTheElderlySpeed) {
  for (const char* id : {"elder_dining", "elder_day_care", "elder_care_complex"}) {
    EXPECT_EQ(cat(id).speed_profile, "elderly") << id;
    EXPECT_EQ(cat(id).population, Population::age_60_plus) << id;
  }
  EXPECT_EQ(cat("childcare").population, Population::age_0_3);
  EXPECT_EQ(cat("kindergarten").population, Population::age_3_6);
  EXPECT_EQ(cat("primary_school").population, Population::school_age);
}

// Circles and measures follow the Wuhai 2023 checklist (docs/checklist.md).
TEST(ShippedCatalog, CirclesAndMeasuresFollowTheChecklist) {
  EXPECT_EQ(cat("convenience_store").circle, "便民消费");
  EXPECT_EQ(cat("convenience_store").circle_id, 2);
  EXPECT_EQ(cat("childcare").circle, "健康医疗");   // task 28 is in the 健康医疗圈
  EXPECT_EQ(cat("water_bill_point").circle_id, 7);  // task 44 is in the 城市颜值圈
  EXPECT_EQ(cat("elder_dining").measures, (std::vector<std::string>{"6.5", "24.1"}));
  EXPECT_EQ(cat("fitness").measures, (std::vector<std::string>{"14.1", "15.1", "16.1"}));
  EXPECT_EQ(cat("health_centre").measures,
            (std::vector<std::string>{"29.1", "30.1", "32.1", "33.1"}));
  for (const Category& c : shipped().categories) {
    EXPECT_EQ(kCircles[static_cast<std::size_t>(c.circle_id - 1)], c.circle) << c.id;
  }
}

TEST(ShippedCatalog, CertaintyFollowsTheStandardsDoc) {
  EXPECT_EQ(cat("convenience_store").certainty, Certainty::verified);  // MOFCOM 2021 [V]
  EXPECT_EQ(cat("health_station").certainty, Certainty::secondary);    // [S]
  EXPECT_EQ(cat("kindergarten").certainty, Certainty::unverified);     // [M]
  for (const Category& c : shipped().categories) {
    if (c.certainty == Certainty::unverified) {
      EXPECT_NE(c.note.find("unverified: check the printed standard"), std::string::npos) << c.id;
    }
  }
}

// ------------------------------------------------------------------ OSM matching

struct OsmCase {
  Tags tags;
  std::set<std::string> expected;
};

TEST(OsmMatching, TagSetsToCategories) {
  const std::vector<OsmCase> cases = {
      {{{"shop", "convenience"}}, {"convenience_store"}},
      {{{"shop", "supermarket"}}, {"supermarket"}},
      // A "便利超市" is a convenience store whatever its shop tag says.
      {{{"shop", "supermarket"}, {"name", "乐购便利超市"}}, {"convenience_store"}},
      {{{"amenity", "marketplace"}}, {"fresh_market"}},
      {{{"amenity", "fast_food"}, {"cuisine", "chinese;breakfast"}}, {"breakfast"}},
      {{{"amenity", "fast_food"}, {"cuisine", "burger"}}, {}},
      {{{"shop", "hairdresser"}}, {"community_service"}},
      {{{"shop", "beauty"}, {"name", "车之美汽车美容"}}, {}},
      {{{"amenity", "pharmacy"}}, {"pharmacy"}},
      {{{"amenity", "parcel_locker"}}, {"express_post"}},
      {{{"amenity", "vending_machine"}, {"vending", "parcel_pickup"}}, {"express_post"}},
      {{{"amenity", "vending_machine"}, {"vending", "drinks"}}, {}},
      {{{"amenity", "recycling"}, {"recycling_type", "container"}}, {"recycling_point"}},
      {{{"amenity", "library"}}, {"library"}},
      {{{"amenity", "community_centre"}}, {"culture_station"}},
      {{{"leisure", "fitness_station"}}, {"fitness"}},
      {{{"amenity", "childcare"}}, {"childcare"}},
      {{{"amenity", "kindergarten"}, {"name", "阳光幼儿园"}}, {"kindergarten"}},
      {{{"amenity", "school"}, {"isced:level", "1"}}, {"primary_school"}},
      {{{"amenity", "school"}, {"isced:level", "1;2"}}, {"primary_school", "middle_school"}},
      {{{"amenity", "school"}, {"name", "乌海市第三中学"}}, {"middle_school"}},
      {{{"amenity", "school"}, {"name", "乌海市第一高级中学"}}, {}},
      {{{"name", "新华社区老年食堂"}}, {"elder_dining"}},
      {{{"amenity", "social_facility"},
        {"social_facility", "day_care"},
        {"social_facility:for", "senior"}},
       {"elder_day_care"}},
      {{{"amenity", "social_facility"},
        {"social_facility", "day_care"},
        {"social_facility:for", "child"}},
       {}},
      {{{"amenity", "social_facility"}, {"social_facility", "nursing_home"}},
       {"elder_care_complex"}},
      {{{"amenity", "clinic"}}, {"health_station"}},
      {{{"amenity", "hospital"}, {"name", "乌海市人民医院"}}, {"hospital"}},
      // A health centre mapped as a hospital is a health centre, not a hospital.
      {{{"amenity", "hospital"}, {"name", "滨河社区卫生服务中心"}}, {"health_centre"}},
      {{{"amenity", "veterinary"}, {"name", "爱心宠物医院"}}, {}},
      {{{"amenity", "toilets"}}, {"public_toilet"}},
      {{{"amenity", "parking"}}, {"parking"}},
      {{{"office", "water_utility"}}, {"water_bill_point"}},
      {{{"highway", "residential"}, {"name", "人民路"}}, {}},
      {{}, {}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(osm_ids(cases[i].tags), cases[i].expected) << "case " << i;
}

TEST(OsmMatching, ParseTagMatcher) {
  const auto m = parse_tag_matcher("amenity=social_facility+social_facility:for=senior+name=*");
  ASSERT_TRUE(m.has_value());
  ASSERT_EQ(m->conditions.size(), 3u);
  EXPECT_EQ(m->conditions[1].key, "social_facility:for");
  EXPECT_EQ(m->conditions[1].value, "senior");
  EXPECT_EQ(m->conditions[2].value, "*");

  for (const char* bad : {"", "shop", "=convenience", "shop=", "shop=convenience+", "+shop=x",
                          "shop=a++amenity=b", "shop=a=b", "sh op=x", "shop=conv*", "shop= x"}) {
    std::string why;
    EXPECT_FALSE(parse_tag_matcher(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(OsmMatching, AnyValueNeedsTheKeyPresent) {
  const auto m = parse_tag_matcher("amenity=toilets+fee=*").value();
  const Tags with_fee = {{"amenity", "toilets"}, {"fee", "no"}};
  const Tags without_fee = {{"amenity", "toilets"}};
  EXPECT_TRUE(matches_tags(m, tag_lookup(with_fee)));
  EXPECT_FALSE(matches_tags(m, tag_lookup(without_fee)));
}

// ------------------------------------------------------------------ Amap, Baidu, names

TEST(AmapMatching, TypecodesByClassPrefix) {
  const Category& store = cat("convenience_store");  // 060200
  EXPECT_TRUE(matches_amap_typecode(store, "060200"));
  EXPECT_TRUE(matches_amap_typecode(store, "060201"));  // a brand under the class
  EXPECT_TRUE(matches_amap_typecode(store, "050000|060202"));
  EXPECT_TRUE(matches_amap_typecode(store, "050000 | 060200"));
  EXPECT_FALSE(matches_amap_typecode(store, "060300"));
  EXPECT_FALSE(matches_amap_typecode(store, "06020"));
  EXPECT_FALSE(matches_amap_typecode(store, "0602001"));
  EXPECT_FALSE(matches_amap_typecode(store, ""));
  EXPECT_FALSE(matches_amap_typecode(store, "|"));

  const Category& pharmacy = cat("pharmacy");  // 090601 is a leaf: exact only
  EXPECT_TRUE(matches_amap_typecode(pharmacy, "090601"));
  EXPECT_FALSE(matches_amap_typecode(pharmacy, "090602"));

  Category wide;
  wide.amap_types = {"060000"};
  EXPECT_TRUE(matches_amap_typecode(wide, "069999"));
  EXPECT_FALSE(matches_amap_typecode(wide, "070000"));
}

TEST(AmapMatching, TypeOrNameWithExclusions) {
  EXPECT_TRUE(matches_amap(cat("hospital"), "090100", "乌海市人民医院"));
  EXPECT_FALSE(matches_amap(cat("hospital"), "090100", "海勃湾区凤凰岭社区卫生服务中心"));
  EXPECT_TRUE(matches_amap(cat("health_centre"), "090100", "海勃湾区凤凰岭社区卫生服务中心"));
  EXPECT_EQ(categories_for_amap(shipped(), "141204", "阳光幼儿园"),
            std::vector<std::string>{"kindergarten"});
  EXPECT_EQ(categories_for_amap(shipped(), "050300", "老王早餐"),
            std::vector<std::string>{"breakfast"});
  EXPECT_TRUE(categories_for_amap(shipped(), "120302", "滨河小区").empty());
}

TEST(BaiduMatching, CategoryPath) {
  EXPECT_TRUE(matches_baidu_tag(cat("convenience_store"), "购物;便利店"));
  EXPECT_TRUE(matches_baidu_tag(cat("hospital"), "医疗;综合医院"));
  EXPECT_FALSE(matches_baidu_tag(cat("hospital"), "医疗"));  // too coarse for the entry
  EXPECT_FALSE(matches_baidu_tag(cat("hospital"), "医疗;综合医院外"));
  Category coarse;
  coarse.baidu = {"医疗"};
  EXPECT_TRUE(matches_baidu_tag(coarse, "医疗;诊所"));
  EXPECT_EQ(categories_for_baidu(shipped(), "交通设施;停车场", "万达停车场"),
            std::vector<std::string>{"parking"});
}

TEST(NameMatching, KeywordsAndExclusions) {
  EXPECT_TRUE(matches_name(cat("elder_dining"), "海南区老年助餐点"));
  EXPECT_TRUE(matches_name(cat("health_station"), "凤凰岭健康驿站"));
  EXPECT_FALSE(matches_name(cat("supermarket"), "快乐便利超市"));
  EXPECT_FALSE(matches_name(cat("water_bill_point"), "乌海市第二水厂"));
  EXPECT_FALSE(matches_name(cat("pharmacy"), ""));
}

// ------------------------------------------------------------------ thresholds and speeds

TEST(Thresholds, WorkedByHand) {
  const Catalog& c = shipped();
  // 300 m at 1.0 m/s = 300 s (5 min).
  EXPECT_DOUBLE_EQ(threshold_seconds(c, cat("convenience_store")), 300.0);
  // 300 m at the elderly 0.8 m/s = 375 s.
  EXPECT_DOUBLE_EQ(effective_speed_mps(c, cat("elder_dining")), 0.8);
  EXPECT_DOUBLE_EQ(threshold_seconds(c, cat("elder_dining")), 375.0);
  // 1000 m at 0.8 m/s = 1250 s.
  EXPECT_DOUBLE_EQ(threshold_seconds(c, cat("elder_care_complex")), 1250.0);
  // Minutes only: 8 min = 480 s at any speed; the search must reach 480 m at 1.0 m/s.
  EXPECT_DOUBLE_EQ(threshold_seconds(c, cat("pharmacy")), 480.0);
  EXPECT_DOUBLE_EQ(threshold_metres(cat("pharmacy"), 1.0), 480.0);
  // 15 min at 0.8 m/s reaches 720 m.
  EXPECT_DOUBLE_EQ(threshold_seconds(c, cat("supermarket")), 900.0);
  EXPECT_DOUBLE_EQ(threshold_metres(cat("supermarket"), 0.8), 720.0);
  // Distance governs when both are given: 300 m at 1.2 m/s = 250 s, not 5 min.
  EXPECT_DOUBLE_EQ(threshold_seconds(cat("convenience_store"), 1.2), 250.0);
  EXPECT_DOUBLE_EQ(threshold_metres(cat("convenience_store"), 1.2), 300.0);
}

// ------------------------------------------------------------------ schema errors

// A small valid catalog; tests break one thing in it at a time.
const std::string kValid = R"(schema_version = 1

[speed_profiles.general]
speed_mps = 1.0
source = "test"

[[category]]
id = "pharmacy"
name_zh = "药店"
name_en = "Pharmacy"
circle = "便民消费"
circle_id = 2
standard = "MOFCOM-2021"
level = 10
source = "test"
threshold_m = 480
certainty = "verified"
population = "all"
speed_profile = "general"
osm = ["amenity=pharmacy"]
amap_types = ["090601"]
amap_type_names = ["药房"]
baidu = ["医疗;药店"]
name_keywords = ["药店"]
measures = []
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("test text lacks: " + from);
  return text.replace(at, from.size(), to);
}

int line_with(const std::string& text, const std::string& needle, std::size_t nth = 0) {
  std::size_t at = text.find(needle);
  for (; nth > 0; --nth) at = text.find(needle, at + 1);
  if (at == std::string::npos) throw std::runtime_error("test text lacks: " + needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "lifecircle_catalog_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / (name + ".toml")).string();
  std::ofstream(path) << text;
  return path;
}

// Loads `text` and expects an InputError at `line` whose message holds `fragment`.
void expect_error(const std::string& name, const std::string& text, int line,
                  const std::string& fragment) {
  const std::string path = write_temp(name, text);
  try {
    load_catalog(path);
    ADD_FAILURE() << name << ": loaded without error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where.file, path) << name;
    EXPECT_EQ(e.where.feature, "line " + std::to_string(line)) << name << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << name << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << name;
    EXPECT_EQ(e.exit_code(), 3);
  }
}

TEST(SchemaErrors, TheValidBaseLoads) {
  const Catalog c = load_catalog(write_temp("valid", kValid));
  ASSERT_EQ(c.categories.size(), 1u);
  EXPECT_EQ(c.categories[0].line, line_with(kValid, "[[category]]"));
  EXPECT_DOUBLE_EQ(*c.categories[0].threshold_m, 480.0);
}

TEST(SchemaErrors, UnknownKey) {
  const auto text = replace(kValid, "threshold_m = 480\n", "threshold_m = 480\ntreshold = 5\n");
  expect_error("unknown_key", text, line_with(text, "treshold ="),
               "category 'pharmacy': unknown key 'treshold'");
}

TEST(SchemaErrors, UnknownTopLevelKey) {
  const auto text = "version = 2\n" + kValid;
  expect_error("unknown_top", text, 1, "unknown key 'version'");
}

TEST(SchemaErrors, DuplicateId) {
  const auto body = kValid.substr(kValid.find("[[category]]"));
  const auto text = kValid + "\n" + body;
  expect_error(
      "duplicate_id", text, line_with(text, "[[category]]", 1),
      "duplicate id (first defined at line " + std::to_string(line_with(text, "[[category]]")));
}

TEST(SchemaErrors, BadCertainty) {
  const auto text = replace(kValid, "\"verified\"", "\"probable\"");
  expect_error("bad_certainty", text, line_with(text, "certainty"),
               "certainty 'probable' is not one of");
}

TEST(SchemaErrors, UnverifiedWithoutNote) {
  const auto text = replace(kValid, "\"verified\"", "\"unverified\"");
  expect_error("unverified_note", text, line_with(text, "certainty"), "check the printed standard");
}

TEST(SchemaErrors, NegativeAndZeroThresholds) {
  auto text = replace(kValid, "threshold_m = 480", "threshold_m = -300");
  expect_error("negative", text, line_with(text, "threshold_m"),
               "category 'pharmacy': threshold_m must be > 0");
  text = replace(kValid, "threshold_m = 480", "threshold_m = 480\nthreshold_min = 0.0");
  expect_error("zero_min", text, line_with(text, "threshold_min"), "threshold_min must be > 0");
  text = replace(kValid, "threshold_m = 480", "threshold_m = nan");
  expect_error("nan", text, line_with(text, "threshold_m"), "threshold_m must be > 0");
  text = replace(kValid, "threshold_m = 480", "threshold_min = 480");
  expect_error("unit_slip", text, line_with(text, "threshold_min"), "unit slip");
}

TEST(SchemaErrors, WinterFactor) {
  // Absent: 1, the season changes nothing for that profile.
  const std::string path = write_temp("no_winter", kValid);
  EXPECT_DOUBLE_EQ(season_factor(with_season(load_catalog(path), "winter"), "general"), 1.0);
  auto text = replace(kValid, "source = \"test\"\n\n[[category]]", "source = \"test\"\nwinter_factor = 1.2\n\n[[category]]");
  expect_error("winter_above_1", text, line_with(text, "winter_factor"), "winter_factor = 1.2 exceeds 1");
  text = replace(kValid, "source = \"test\"\n\n[[category]]", "source = \"test\"\nwinter_factor = 0\n\n[[category]]");
  expect_error("winter_zero", text, line_with(text, "winter_factor"), "winter_factor must be > 0");
}

TEST(SchemaErrors, MissingThreshold) {
  const auto text = replace(kValid, "threshold_m = 480\n", "");
  expect_error("no_threshold", text, line_with(text, "[[category]]"),
               "needs threshold_m or threshold_min");
}

TEST(SchemaErrors, MalformedMatcher) {
  auto text = replace(kValid, "\"amenity=pharmacy\"]", "\"amenity=pharmacy\",\n  \"shop\"]");
  expect_error("matcher_no_eq", text, line_with(text, "\"shop\""), "osm matcher 'shop'");
  text = replace(kValid, "amenity=pharmacy", "amenity=pharmacy+");
  expect_error("matcher_plus", text, line_with(text, "osm ="), "stray '+'");
  text = replace(kValid, "amenity=pharmacy", "amenity=");
  expect_error("matcher_empty_value", text, line_with(text, "osm ="), "empty value");
}

TEST(SchemaErrors, MissingAndIllTypedKeys) {
  auto text = replace(kValid, "name_en = \"Pharmacy\"\n", "");
  expect_error("missing", text, line_with(text, "[[category]]"), "missing key 'name_en'");
  text = replace(kValid, "level = 10", "level = \"10\"");
  expect_error("level_type", text, line_with(text, "level ="), "level must be an integer");
  text = replace(kValid, "level = 10", "level = 8");
  expect_error("level_value", text, line_with(text, "level ="), "level must be 5, 10 or 15");
  text = replace(kValid, "osm = [\"amenity=pharmacy\"]", "osm = \"amenity=pharmacy\"");
  expect_error("osm_type", text, line_with(text, "osm ="), "osm must be an array of strings");
  text = replace(kValid, "name_keywords = [\"药店\"]", "name_keywords = [\"药店\", 3]");
  expect_error("keyword_type", text, line_with(text, "name_keywords"), "must hold only strings");
}

TEST(SchemaErrors, BadEnumsAndReferences) {
  auto text = replace(kValid, "circle_id = 2", "circle_id = 3");
  expect_error("circle_id", text, line_with(text, "circle_id"), "does not match circle");
  text = replace(kValid, "circle = \"便民消费\"", "circle = \"便民\"");
  expect_error("circle", text, line_with(text, "circle ="), "not one of the 8");
  text = replace(kValid, "\"MOFCOM-2021\"", "\"MOFCOM\"");
  expect_error("standard", text, line_with(text, "standard"), "standard 'MOFCOM' is not one of");
  text = replace(kValid, "population = \"all\"", "population = \"elderly\"");
  expect_error("population", text, line_with(text, "population"), "population 'elderly'");
  text = replace(kValid, "speed_profile = \"general\"", "speed_profile = \"elderly\"");
  expect_error("profile", text, line_with(text, "speed_profile ="),
               "not defined in [speed_profiles]");
  text = replace(kValid, "\"090601\"", "\"9061\"");
  expect_error("amap", text, line_with(text, "amap_types"), "must be 6 digits");
  text = replace(kValid, "amap_type_names = [\"药房\"]", "amap_type_names = []");
  expect_error("amap_names", text, line_with(text, "amap_type_names"), "one name per");
  text = replace(kValid, "measures = []", "measures = [\"six\"]");
  expect_error("measure", text, line_with(text, "measures"), "measure 'six'");
  text = replace(kValid, "speed_mps = 1.0", "speed_mps = 0");
  expect_error("speed", text, line_with(text, "speed_mps"),
               "speed profile 'general': speed_mps must be > 0");
}

TEST(SchemaErrors, TomlSyntaxAndDuplicateKeys) {
  auto text = replace(kValid, "level = 10", "level = 10\nlevel = 15");
  expect_error("dup_key", text, line_with(text, "level = 15"), "TOML syntax");
  text = replace(kValid, "source = \"test\"\n\n[[category]]", "source = \"test\n\n[[category]]");
  expect_error("syntax", text, line_with(text, "source = \"test\n"), "TOML syntax");
}

TEST(SchemaErrors, MissingFile) {
  try {
    load_catalog("/nonexistent/categories.toml");
    ADD_FAILURE() << "loaded a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where.file, "/nonexistent/categories.toml");
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
  }
}

}  // namespace
}  // namespace lc::access
