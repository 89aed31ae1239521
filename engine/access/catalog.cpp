// lc::access catalog: loading and validating the category catalog (TOML, toml++), and the pure
// matching and threshold helpers. Every rejection names the file and the line at fault, because
// the catalog is edited by hand by planners and a wrong threshold silently skews every result.
#include "access/catalog.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lc::access {
namespace {

template <typename Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

constexpr EnumName<Standard> kStandards[] = {{Standard::gb50180_2018, "GB50180-2018"},
                                             {Standard::mofcom_2021, "MOFCOM-2021"},
                                             {Standard::checklist, "checklist"}};
constexpr EnumName<Certainty> kCertainties[] = {{Certainty::verified, "verified"},
                                                {Certainty::secondary, "secondary"},
                                                {Certainty::unverified, "unverified"}};
constexpr EnumName<Population> kPopulations[] = {{Population::all, "all"},
                                                 {Population::age_60_plus, "60+"},
                                                 {Population::age_0_3, "0-3"},
                                                 {Population::age_3_6, "3-6"},
                                                 {Population::school_age, "school_age"}};

template <typename Enum, std::size_t N>
std::string_view name_of(const EnumName<Enum> (&names)[N], Enum value) {
  for (const auto& n : names)
    if (n.value == value) return n.name;
  return "?";
}

template <typename Enum, std::size_t N>
std::string allowed_list(const EnumName<Enum> (&names)[N]) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

// The phrase an unverified threshold's note must carry, so readers of the catalog cannot miss it.
constexpr std::string_view kUnverifiedPhrase = "check the printed standard";

// Sanity ceilings: a larger value is almost surely a unit slip (seconds for minutes, km for m).
constexpr double kMaxThresholdM = 20000.0;
constexpr double kMaxThresholdMin = 120.0;
constexpr double kMaxWalkSpeed = 3.0;

const std::vector<std::string_view> kTopKeys = {"schema_version", "speed_profiles", "category"};
const std::vector<std::string_view> kProfileKeys = {"speed_mps", "source", "winter_factor", "winter_source"};
const std::vector<std::string_view> kCategoryKeys = {
    "id",         "name_zh",       "name_en",         "circle",         "circle_id",
    "standard",   "level",         "source",          "threshold_m",    "threshold_min",
    "certainty",  "note",          "population",      "speed_profile",  "osm",
    "osm_note",   "amap_types",    "amap_type_names", "amap_note",      "baidu",
    "baidu_note", "name_keywords", "name_exclude",    "capacity_field", "measures"};

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

[[noreturn]] void fail(const std::string& path, int line, const std::string& what) {
  throw InputError({path, "", line > 0 ? "line " + std::to_string(line) : ""}, what);
}

bool is_identifier(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Reads one TOML table of the catalog. Unknown keys are checked first because a misspelt key
// would otherwise surface as a confusing "missing key" error.
class TableReader {
 public:
  TableReader(const toml::table& table, const std::string& path, std::string label,
              const std::vector<std::string_view>& allowed)
      : table_(table), path_(path), label_(std::move(label)) {
    for (auto&& [key, value] : table_) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        fail(path_, static_cast<int>(key.source().begin.line),
             label_ + ": unknown key '" + std::string(key.str()) + "'");
    }
  }

  void set_label(std::string label) { label_ = std::move(label); }
  const std::string& label() const { return label_; }

  [[noreturn]] void fail_at(const toml::node& node, const std::string& what) const {
    fail(path_, line_of(node), label_ + ": " + what);
  }
  [[noreturn]] void fail_here(const std::string& what) const { fail_at(table_, what); }

  const toml::node* find(std::string_view key) const { return table_.get(key); }

  const toml::node& require(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) fail_here("missing key '" + std::string(key) + "'");
    return *node;
  }

  std::string string(std::string_view key) const {
    std::string s = string_value(require(key), key);
    if (s.empty()) fail_at(require(key), std::string(key) + " must not be empty");
    return s;
  }

  std::string optional_string(std::string_view key) const {
    const toml::node* node = find(key);
    return node ? string_value(*node, key) : std::string();
  }

  int64_t integer(std::string_view key) const {
    const toml::node& node = require(key);
    if (!node.is_integer()) fail_at(node, std::string(key) + " must be an integer");
    return node.as_integer()->get();
  }

  // Integers are accepted where a number is meant: "threshold_m = 300" is the natural spelling.
  std::optional<double> optional_positive(std::string_view key, double max) const {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    if (!node->is_integer() && !node->is_floating_point())
      fail_at(*node, std::string(key) + " must be a number");
    // Read by kind: toml++'s value<double>() is empty for an integer that a double cannot hold
    // exactly (beyond 2^53), and .value() would throw std::bad_optional_access.
    const double v = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                        : node->as_floating_point()->get();
    if (!std::isfinite(v) || v <= 0.0) fail_at(*node, std::string(key) + " must be > 0");
    if (v > max)
      fail_at(*node, std::string(key) + " = " + format_number(v) + " exceeds " +
                         format_number(max) + " (unit slip?)");
    return v;
  }

  // Each element is returned with its own line so element errors point at the element.
  std::vector<std::pair<std::string, const toml::node*>> strings(std::string_view key,
                                                                 bool required) const {
    std::vector<std::pair<std::string, const toml::node*>> out;
    const toml::node* node = required ? &require(key) : find(key);
    if (!node) return out;
    const toml::array* array = node->as_array();
    if (!array) fail_at(*node, std::string(key) + " must be an array of strings");
    for (const toml::node& element : *array) {
      if (!element.is_string()) fail_at(element, std::string(key) + " must hold only strings");
      std::string s = element.as_string()->get();
      if (trim(s).empty()) fail_at(element, std::string(key) + " holds an empty string");
      out.emplace_back(std::move(s), &element);
    }
    return out;
  }

  template <typename Enum, std::size_t N>
  Enum enumeration(std::string_view key, const EnumName<Enum> (&names)[N]) const {
    const std::string s = string(key);
    for (const auto& n : names)
      if (n.name == s) return n.value;
    fail_at(require(key), std::string(key) + " '" + s + "' is not one of: " + allowed_list(names));
  }

 private:
  std::string string_value(const toml::node& node, std::string_view key) const {
    if (!node.is_string()) fail_at(node, std::string(key) + " must be a string");
    return node.as_string()->get();
  }

  const toml::table& table_;
  const std::string& path_;
  std::string label_;
};

std::vector<SpeedProfile> read_speed_profiles(const toml::table& root, const std::string& path) {
  const toml::node* node = root.get("speed_profiles");
  if (!node) fail(path, 0, "catalog: missing table [speed_profiles]");
  const toml::table* table = node->as_table();
  if (!table) fail(path, line_of(*node), "catalog: speed_profiles must be a table");
  std::vector<SpeedProfile> out;
  for (auto&& [key, value] : *table) {
    const std::string id(key.str());
    const int line = static_cast<int>(key.source().begin.line);
    if (!is_identifier(id))
      fail(path, line, "speed profile '" + id + "': id must be lower_snake_case");
    const toml::table* body = value.as_table();
    if (!body) fail(path, line, "speed profile '" + id + "' must be a table");
    TableReader reader(*body, path, "speed profile '" + id + "'", kProfileKeys);
    SpeedProfile profile;
    profile.id = id;
    const auto speed = reader.optional_positive("speed_mps", kMaxWalkSpeed);
    if (!speed) reader.fail_here("missing key 'speed_mps'");
    profile.speed_mps = *speed;
    profile.source = reader.string("source");
    // A season slows walking: a factor above 1 would be a slip.
    if (const auto f = reader.optional_positive("winter_factor", 1.0)) profile.winter_factor = *f;
    profile.winter_source = reader.optional_string("winter_source");
    out.push_back(std::move(profile));
  }
  if (std::none_of(out.begin(), out.end(), [](const SpeedProfile& p) { return p.id == "general"; }))
    fail(path, line_of(*table), "catalog: speed_profiles must define 'general'");
  return out;
}

void read_circle(const TableReader& reader, Category& c) {
  c.circle = reader.string("circle");
  const auto it = std::find(kCircles.begin(), kCircles.end(), c.circle);
  if (it == kCircles.end())
    reader.fail_at(reader.require("circle"),
                   "circle '" + c.circle + "' is not one of the 8 checklist circles");
  c.circle_id = static_cast<int>(reader.integer("circle_id"));
  const int expected = static_cast<int>(it - kCircles.begin()) + 1;
  if (c.circle_id != expected)
    reader.fail_at(reader.require("circle_id"), "circle_id " + std::to_string(c.circle_id) +
                                                    " does not match circle '" + c.circle + "' (" +
                                                    std::to_string(expected) + ")");
}

void read_standard(const TableReader& reader, Category& c) {
  c.standard = reader.enumeration("standard", kStandards);
  const int64_t level = reader.integer("level");
  if (level != 5 && level != 10 && level != 15)
    reader.fail_at(reader.require("level"), "level must be 5, 10 or 15");
  c.level = static_cast<int>(level);
  c.source = reader.string("source");
  c.certainty = reader.enumeration("certainty", kCertainties);
  c.note = reader.optional_string("note");
  if (c.certainty == Certainty::unverified && c.note.find(kUnverifiedPhrase) == std::string::npos)
    reader.fail_at(
        reader.require("certainty"),
        "an unverified threshold needs a note saying 'unverified: check the printed standard'");
}

void read_threshold(const TableReader& reader, Category& c) {
  c.threshold_m = reader.optional_positive("threshold_m", kMaxThresholdM);
  c.threshold_min = reader.optional_positive("threshold_min", kMaxThresholdMin);
  if (!c.threshold_m && !c.threshold_min) reader.fail_here("needs threshold_m or threshold_min");
}

void read_osm(const TableReader& reader, Category& c) {
  for (const auto& [text, node] : reader.strings("osm", true)) {
    std::string why;
    auto matcher = parse_tag_matcher(text, &why);
    if (!matcher) reader.fail_at(*node, "osm matcher '" + text + "': " + why);
    c.osm.push_back(std::move(*matcher));
  }
  c.osm_note = reader.optional_string("osm_note");
}

void read_amap(const TableReader& reader, Category& c) {
  for (const auto& [code, node] : reader.strings("amap_types", true)) {
    if (code.size() != 6 || !all_digits(code) || code.substr(0, 2) == "00")
      reader.fail_at(*node, "amap type code '" + code + "' must be 6 digits, not starting with 00");
    c.amap_types.push_back(code);
  }
  for (auto& [name, node] : reader.strings("amap_type_names", true))
    c.amap_type_names.push_back(name);
  if (c.amap_type_names.size() != c.amap_types.size())
    reader.fail_at(reader.require("amap_type_names"),
                   "amap_type_names must give one name per amap_types code");
  c.amap_note = reader.optional_string("amap_note");
}

void read_baidu(const TableReader& reader, Category& c) {
  for (const auto& [tag, node] : reader.strings("baidu", true)) {
    const std::string_view t = tag;
    if (t.front() == ';' || t.back() == ';' || t.find(";;") != std::string_view::npos)
      reader.fail_at(*node, "baidu category '" + tag + "' must look like '一级' or '一级;二级'");
    c.baidu.push_back(tag);
  }
  c.baidu_note = reader.optional_string("baidu_note");
}

void read_names(const TableReader& reader, Category& c) {
  for (auto& [keyword, node] : reader.strings("name_keywords", true))
    c.name_keywords.push_back(keyword);
  if (c.name_keywords.empty())
    reader.fail_at(reader.require("name_keywords"), "name_keywords must not be empty");
  for (auto& [word, node] : reader.strings("name_exclude", false)) c.name_exclude.push_back(word);
}

void read_measures(const TableReader& reader, Category& c) {
  for (const auto& [measure, node] : reader.strings("measures", true)) {
    const auto dot = measure.find('.');
    if (dot == std::string::npos || !all_digits(std::string_view(measure).substr(0, dot)) ||
        !all_digits(std::string_view(measure).substr(dot + 1)))
      reader.fail_at(*node, "measure '" + measure + "' must look like '6.1' (task.measure)");
    c.measures.push_back(measure);
  }
}

Category read_category(const toml::table& table, const std::string& path, std::size_t index,
                       const std::vector<SpeedProfile>& profiles) {
  // Name the category by its id even in the unknown-key check, which runs before id is validated.
  const auto raw_id = table["id"].value<std::string>();
  const std::string label =
      raw_id ? "category '" + *raw_id + "'" : "category #" + std::to_string(index + 1);
  TableReader reader(table, path, label, kCategoryKeys);
  Category c;
  c.line = line_of(table);
  c.id = reader.string("id");
  if (!is_identifier(c.id))
    reader.fail_at(reader.require("id"), "id '" + c.id + "' must be lower_snake_case");
  reader.set_label("category '" + c.id + "'");
  c.name_zh = reader.string("name_zh");
  c.name_en = reader.string("name_en");
  read_circle(reader, c);
  read_standard(reader, c);
  read_threshold(reader, c);
  c.population = reader.enumeration("population", kPopulations);
  c.speed_profile = reader.string("speed_profile");
  if (std::none_of(profiles.begin(), profiles.end(),
                   [&](const SpeedProfile& p) { return p.id == c.speed_profile; }))
    reader.fail_at(reader.require("speed_profile"),
                   "speed_profile '" + c.speed_profile + "' is not defined in [speed_profiles]");
  read_osm(reader, c);
  read_amap(reader, c);
  read_baidu(reader, c);
  read_names(reader, c);
  c.capacity_field = reader.optional_string("capacity_field");
  if (reader.find("capacity_field") && !is_identifier(c.capacity_field))
    reader.fail_at(*reader.find("capacity_field"), "capacity_field must be lower_snake_case");
  read_measures(reader, c);
  return c;
}

std::vector<Category> read_categories(const toml::table& root, const std::string& path,
                                      const std::vector<SpeedProfile>& profiles) {
  const toml::node* node = root.get("category");
  if (!node) fail(path, 0, "catalog: no [[category]] entries");
  const toml::array* array = node->as_array();
  if (array && array->empty()) fail(path, line_of(*node), "catalog: no [[category]] entries");
  if (!array || !array->is_array_of_tables())
    fail(path, line_of(*node), "catalog: category must be written as [[category]] tables");
  std::vector<Category> out;
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < array->size(); ++i) {
    Category c = read_category(*array->get(i)->as_table(), path, i, profiles);
    const auto [it, inserted] = first_line.emplace(c.id, c.line);
    if (!inserted)
      fail(path, c.line,
           "category '" + c.id + "': duplicate id (first defined at line " +
               std::to_string(it->second) + ")");
    out.push_back(std::move(c));
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, 0, "cannot open the catalog file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) fail(path, 0, "cannot read the catalog file");
  return buf.str();
}

toml::table parse_text(std::string_view text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    fail(path, static_cast<int>(e.source().begin.line),
         "TOML syntax: " + std::string(e.description()));
  }
}

bool value_matches(std::string_view wanted, std::string_view actual) {
  if (wanted == "*" || wanted == actual) return true;
  // OSM multi-values ("chinese;breakfast", "1;2") list several values in one tag.
  while (!actual.empty()) {
    const auto semi = actual.find(';');
    if (trim(actual.substr(0, semi)) == wanted) return true;
    if (semi == std::string_view::npos) break;
    actual.remove_prefix(semi + 1);
  }
  return false;
}

bool valid_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':' || c == '.' || c == '-';
}

std::optional<TagCondition> parse_condition(std::string_view part, std::string* why) {
  auto reject = [&](const std::string& reason) -> std::optional<TagCondition> {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (part.empty()) return reject("empty condition (stray '+')");
  const auto eq = part.find('=');
  if (eq == std::string_view::npos)
    return reject("condition '" + std::string(part) + "' has no '='");
  const std::string_view key = part.substr(0, eq);
  const std::string_view value = part.substr(eq + 1);
  if (key.empty()) return reject("condition '" + std::string(part) + "' has an empty key");
  if (!std::all_of(key.begin(), key.end(), valid_key_char))
    return reject("key '" + std::string(key) + "' holds a character OSM keys do not use");
  if (value.empty())
    return reject("condition '" + std::string(part) + "' has an empty value (write key=* for any)");
  if (value.find('=') != std::string_view::npos)
    return reject("condition '" + std::string(part) + "' has more than one '='");
  if (trim(value) != value)
    return reject("value in '" + std::string(part) + "' has leading or trailing blanks");
  if (value != "*" && value.find('*') != std::string_view::npos)
    return reject("'*' must stand alone as the value, as in key=*");
  return TagCondition{std::string(key), std::string(value)};
}

// Amap codes are hierarchical (大类 2 digits, 中类 4, 小类 6): a code ending in "00" pairs stands
// for its whole class, so "060200" takes every convenience-store brand code 0602xx.
bool amap_code_matches(std::string_view pattern, std::string_view code) {
  if (code.size() != 6 || !all_digits(code)) return false;
  std::size_t n = pattern.size();
  while (n > 2 && pattern.substr(n - 2, 2) == "00") n -= 2;
  return code.substr(0, n) == pattern.substr(0, n);
}

bool contains_any(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string_view::npos; });
}

std::string_view osm_name(const TagLookup& tags) {
  const char* name = tags("name");
  return name ? std::string_view(name) : std::string_view();
}

}  // namespace

const Category* Catalog::find(std::string_view id) const {
  for (const Category& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

const SpeedProfile* Catalog::find_profile(std::string_view id) const {
  for (const SpeedProfile& p : speed_profiles)
    if (p.id == id) return &p;
  return nullptr;
}

std::string_view to_string(Standard s) { return name_of(kStandards, s); }
std::string_view to_string(Certainty c) { return name_of(kCertainties, c); }
std::string_view to_string(Population p) { return name_of(kPopulations, p); }

Catalog load_catalog(const std::string& path) { return parse_catalog(read_file(path), path); }

Catalog with_season(Catalog catalog, const std::string& season) {
  if (season.empty()) return catalog;
  if (season != "winter") throw UsageError(Field{"season"}, "unknown season '" + season + "'; known: winter");
  catalog.season = season;
  for (SpeedProfile& p : catalog.speed_profiles) p.season_factor = p.winter_factor, p.speed_mps *= p.winter_factor;
  return catalog;
}

Catalog with_walk_profile(Catalog catalog, const std::string& walk_profile) {
  if (walk_profile.empty()) return catalog;
  if (!catalog.find_profile(walk_profile))
    throw InputError({catalog.path, "", ""}, "walk profile '" + walk_profile + "': the catalog defines no [speed_profiles." +
                                                 walk_profile + "]");
  catalog.walk_profile = walk_profile;
  for (Category& c : catalog.categories) c.speed_profile = walk_profile;
  return catalog;
}

std::string_view one_speed_profile(const Catalog& catalog) {
  return catalog.walk_profile.empty() ? std::string_view("general") : std::string_view(catalog.walk_profile);
}

double season_factor(const Catalog& catalog, std::string_view profile) {
  const SpeedProfile* p = catalog.find_profile(profile);
  return p ? p->season_factor : 1.0;
}

Catalog parse_catalog(std::string_view text, const std::string& path) {
  const toml::table root = parse_text(text, path);
  TableReader top(root, path, "catalog", kTopKeys);
  if (top.integer("schema_version") != 1)
    top.fail_at(top.require("schema_version"), "schema_version must be 1");
  Catalog catalog;
  catalog.path = path;
  catalog.speed_profiles = read_speed_profiles(root, path);
  catalog.categories = read_categories(root, path, catalog.speed_profiles);
  return catalog;
}

TagLookup tag_lookup(const std::vector<std::pair<std::string, std::string>>& tags) {
  return [&tags](std::string_view key) -> const char* {
    for (const auto& [k, v] : tags)
      if (k == key) return v.c_str();
    return nullptr;
  };
}

std::optional<TagMatcher> parse_tag_matcher(std::string_view text, std::string* why) {
  TagMatcher matcher;
  matcher.text = std::string(text);
  if (text.empty()) {
    if (why) *why = "empty matcher";
    return std::nullopt;
  }
  while (true) {
    const auto plus = text.find('+');
    auto condition = parse_condition(text.substr(0, plus), why);
    if (!condition) return std::nullopt;
    matcher.conditions.push_back(std::move(*condition));
    if (plus == std::string_view::npos) break;
    text.remove_prefix(plus + 1);
  }
  return matcher;
}

bool matches_tags(const TagMatcher& matcher, const TagLookup& tags) {
  return std::all_of(matcher.conditions.begin(), matcher.conditions.end(),
                     [&](const TagCondition& c) {
                       const char* value = tags(c.key);
                       return value && value_matches(c.value, value);
                     });
}

bool name_excluded(const Category& category, std::string_view name) {
  return contains_any(name, category.name_exclude);
}

bool matches_name(const Category& category, std::string_view name) {
  return contains_any(name, category.name_keywords) && !name_excluded(category, name);
}

bool matches_amap_typecode(const Category& category, std::string_view typecode) {
  while (true) {
    const auto bar = typecode.find('|');
    const std::string_view code = trim(typecode.substr(0, bar));
    for (const std::string& pattern : category.amap_types)
      if (amap_code_matches(pattern, code)) return true;
    if (bar == std::string_view::npos) return false;
    typecode.remove_prefix(bar + 1);
  }
}

bool matches_baidu_tag(const Category& category, std::string_view tag) {
  tag = trim(tag);
  return std::any_of(category.baidu.begin(), category.baidu.end(), [&](const std::string& entry) {
    return tag == entry || (tag.size() > entry.size() && tag.substr(0, entry.size()) == entry &&
                            tag[entry.size()] == ';');
  });
}

bool matches_osm(const Category& category, const TagLookup& tags) {
  const std::string_view name = osm_name(tags);
  if (name_excluded(category, name)) return false;
  const bool by_tags = std::any_of(category.osm.begin(), category.osm.end(),
                                   [&](const TagMatcher& m) { return matches_tags(m, tags); });
  return by_tags || matches_name(category, name);
}

bool matches_amap(const Category& category, std::string_view typecode, std::string_view name) {
  if (name_excluded(category, name)) return false;
  return matches_amap_typecode(category, typecode) || matches_name(category, name);
}

bool matches_baidu(const Category& category, std::string_view tag, std::string_view name) {
  if (name_excluded(category, name)) return false;
  return matches_baidu_tag(category, tag) || matches_name(category, name);
}

namespace {
template <typename Pred>
std::vector<std::string> ids_where(const Catalog& catalog, Pred pred) {
  std::vector<std::string> out;
  for (const Category& c : catalog.categories)
    if (pred(c)) out.push_back(c.id);
  return out;
}
}  // namespace

std::vector<std::string> categories_for_osm(const Catalog& catalog, const TagLookup& tags) {
  return ids_where(catalog, [&](const Category& c) { return matches_osm(c, tags); });
}

std::vector<std::string> categories_for_amap(const Catalog& catalog, std::string_view typecode,
                                             std::string_view name) {
  return ids_where(catalog, [&](const Category& c) { return matches_amap(c, typecode, name); });
}

std::vector<std::string> categories_for_baidu(const Catalog& catalog, std::string_view tag,
                                              std::string_view name) {
  return ids_where(catalog, [&](const Category& c) { return matches_baidu(c, tag, name); });
}

double effective_speed_mps(const Catalog& catalog, const Category& category) {
  const SpeedProfile* profile = catalog.find_profile(category.speed_profile);
  if (!profile)
    throw InputError(
        {catalog.path, "", ""},
        "category '" + category.id + "': unknown speed profile '" + category.speed_profile + "'");
  return profile->speed_mps;
}

double threshold_seconds(const Category& category, double speed_mps) {
  // The standards state distances (300/500/1000 m); minutes only stand in where none is given.
  if (category.threshold_m) return *category.threshold_m / speed_mps;
  return *category.threshold_min * 60.0;
}

double threshold_seconds(const Catalog& catalog, const Category& category) {
  return threshold_seconds(category, effective_speed_mps(catalog, category));
}

double threshold_metres(const Category& category, double speed_mps) {
  if (category.threshold_m) return *category.threshold_m;
  return *category.threshold_min * 60.0 * speed_mps;
}

}  // namespace lc::access
