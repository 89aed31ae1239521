// lc::access catalog: the facility categories of the life circle (what each kind of facility is,
// how far people may walk to it, at which speed, and how to recognise it in OSM, Amap and Baidu
// data), loaded from a TOML file and validated once at the boundary. Schema: docs/catalog.md.
// The structs are plain data; matching and threshold helpers are pure functions.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lc::access {

enum class Standard { gb50180_2018, mofcom_2021, checklist };
enum class Certainty { verified, secondary, unverified };
enum class Population { all, age_60_plus, age_0_3, age_3_6, school_age };

// One condition of a tag matcher: key=value, or key=* for any value.
struct TagCondition {
  std::string key;
  std::string value;  // "*" means any value
};

// "k1=v1+k2=v2": every condition must hold.
struct TagMatcher {
  std::vector<TagCondition> conditions;
  std::string text;  // as written in the catalog, for messages
};

struct SpeedProfile {
  std::string id;
  double speed_mps = 0.0;  // with a season applied (apply_season): the season's speed
  std::string source;
  // --season winter: the profile's speeds scale by this (snow and ice, docs/catalog.md); 1 when
  // the catalog gives none.
  double winter_factor = 1.0;
  std::string winter_source;
  double season_factor = 1.0;  // the factor apply_season applied (1: none)
};

struct Category {
  std::string id;
  std::string name_zh;
  std::string name_en;
  std::string circle;  // one of the Wuhai checklist's 8 circles, by Chinese name
  int circle_id = 0;   // 1..8 in the checklist's order
  Standard standard = Standard::checklist;
  int level = 0;  // 5, 10 or 15 minute circle
  std::string source;
  std::optional<double> threshold_m;    // governs when present
  std::optional<double> threshold_min;  // used when no distance is given
  Certainty certainty = Certainty::unverified;
  std::string note;
  Population population = Population::all;
  std::string speed_profile;
  std::vector<TagMatcher> osm;
  std::string osm_note;
  std::vector<std::string> amap_types;  // 6 digits; trailing "00" pairs widen to a prefix
  std::vector<std::string> amap_type_names;
  std::string amap_note;
  std::vector<std::string> baidu;  // "一级;二级" or "一级"
  std::string baidu_note;
  std::vector<std::string> name_keywords;
  std::vector<std::string> name_exclude;
  std::string capacity_field;  // empty: the category has no capacity
  std::vector<std::string> measures;
  int line = 0;  // line of its [[category]] header, for later messages
};

struct Catalog {
  std::string path;
  std::string season;  // "" or "winter": the season apply_season scaled the speeds for
  std::vector<SpeedProfile> speed_profiles;
  std::vector<Category> categories;

  const Category* find(std::string_view id) const;
  const SpeedProfile* find_profile(std::string_view id) const;
};

// The 8 circles of the Wuhai checklist, index + 1 == circle_id.
inline constexpr std::array<std::string_view, 8> kCircles = {
    "舒适安居", "便民消费", "社区文化", "优教普惠", "养老服务", "健康医疗", "城市颜值", "服务响应"};

// Throws lc::InputError naming the file and line of the first problem found.
Catalog load_catalog(const std::string& path);

// The seasons --season knows (besides "", none).
inline constexpr const char* kSeasons[] = {"winter"};
// Scales every speed profile by its factor for `season` and records it; "" leaves the catalog as
// it is. UsageError naming --season for a season it does not know. Returns the catalog.
Catalog with_season(Catalog catalog, const std::string& season);
// The factor applied to profile `id` (1 without a season, or for a profile the catalog lacks).
double season_factor(const Catalog& catalog, std::string_view profile);
// The same from the file's text (load_catalog reads the file and calls this); `path` names it in
// messages. The fuzz target fuzz/catalog enters here.
Catalog parse_catalog(std::string_view text, const std::string& path);

std::string_view to_string(Standard s);
std::string_view to_string(Certainty c);
std::string_view to_string(Population p);

// Tag access without tying the catalog to libosmium: returns the value, or nullptr if absent.
using TagLookup = std::function<const char*(std::string_view key)>;
// A TagLookup over key/value pairs; the vector must outlive the lookup.
TagLookup tag_lookup(const std::vector<std::pair<std::string, std::string>>& tags);

// Parses "k=v+k2=*". Returns nullopt on malformed text; `why` says what is wrong.
std::optional<TagMatcher> parse_tag_matcher(std::string_view text, std::string* why = nullptr);

bool matches_tags(const TagMatcher& matcher, const TagLookup& tags);
// Name alone: contains a keyword and no excluded word. UTF-8 byte substring, case-sensitive.
bool matches_name(const Category& category, std::string_view name);
bool name_excluded(const Category& category, std::string_view name);
// Type code alone; `typecode` may hold several 6-digit codes joined by '|'.
bool matches_amap_typecode(const Category& category, std::string_view typecode);
bool matches_baidu_tag(const Category& category, std::string_view tag);

// A feature matches when a tag/type rule or a name keyword holds, and its name holds no excluded
// word. The OSM name is read from the `name` tag.
bool matches_osm(const Category& category, const TagLookup& tags);
bool matches_amap(const Category& category, std::string_view typecode, std::string_view name);
bool matches_baidu(const Category& category, std::string_view tag, std::string_view name);

// Ids of all matching categories, in catalog order (a feature may serve several).
std::vector<std::string> categories_for_osm(const Catalog& catalog, const TagLookup& tags);
std::vector<std::string> categories_for_amap(const Catalog& catalog, std::string_view typecode,
                                             std::string_view name);
std::vector<std::string> categories_for_baidu(const Catalog& catalog, std::string_view tag,
                                              std::string_view name);

// Threshold helpers expect a loaded category: the loader guarantees a threshold and a profile.
// Walking speed of the category's profile.
double effective_speed_mps(const Catalog& catalog, const Category& category);
// threshold_m / speed when a distance is given, else threshold_min * 60.
double threshold_seconds(const Category& category, double speed_mps);
double threshold_seconds(const Catalog& catalog, const Category& category);
// The distance a search must reach: threshold_m, else threshold_min * 60 * speed.
double threshold_metres(const Category& category, double speed_mps);

}  // namespace lc::access
