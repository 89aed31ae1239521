#include "report/styles.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace lc::report {

namespace {

using Kind = StyleSpec::Kind;

int field_index(const io::Table& t, const std::string& name) {
  for (std::size_t i = 0; i < t.fields.size(); ++i)
    if (t.fields[i].name == name) return static_cast<int>(i);
  return -1;
}
bool has(const io::Table& t, const std::string& name) { return field_index(t, name) >= 0; }

std::optional<double> number(const io::Cell& c) {
  if (std::holds_alternative<double>(c)) return std::get<double>(c);
  if (std::holds_alternative<long long>(c)) return static_cast<double>(std::get<long long>(c));
  return std::nullopt;
}
std::string text(const io::Cell& c) {
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  return number(c) ? io::format_cell(c) : std::string();
}

// The symbol the layer's geometries need: from the first geometry written.
SymbolKind symbol_of(const io::Table& t) {
  for (const auto& w : t.wkt) {
    if (w.rfind("POLYGON", 0) == 0 || w.rfind("MULTIPOLYGON", 0) == 0) return SymbolKind::fill;
    if (w.rfind("LINESTRING", 0) == 0 || w.rfind("MULTILINESTRING", 0) == 0) return SymbolKind::line;
    if (!w.empty()) return SymbolKind::marker;
  }
  return t.name == "gap_areas" || t.name == "isochrones" || t.name == "service_areas" ? SymbolKind::fill : SymbolKind::marker;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Style names stay within QGIS's 30-character styleName column: cut at a character boundary.
std::string short_name(const std::string& s) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > 30) break;
  return s.substr(0, i);
}

Rgba mix(const Rgba& a, const Rgba& b, double t, int alpha) {
  auto m = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
  return {m(a.r, b.r), m(a.g, b.g), m(a.b, b.b), alpha};
}

const Rgba kGreen{26, 150, 65}, kLightGreen{166, 217, 106}, kAmber{255, 191, 0}, kOrange{253, 141, 60}, kRed{215, 25, 28};

struct Made {
  StyleSpec spec;
  std::string name, description;
};

// Minutes to the nearest facility of one category, against its threshold T: two greens within
// T, amber to 1.5 T, orange to 2 T, red beyond and for origins that reach none.
Made minutes_style(const io::Table& t, const std::string& category, double threshold_min, const std::string& where_t) {
  Made m;
  m.spec.kind = Kind::graduated;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "nearest_s";
  m.spec.divide_by = 60;
  m.spec.only_category = category;
  m.spec.null_in_last = true;
  const double T = threshold_min;
  m.spec.classes = {{"within " + fmt(T / 2) + " min", kGreen, 0, T / 2, {}, {}, {}},
                    {fmt(T / 2) + "-" + fmt(T) + " min (within the threshold)", kLightGreen, T / 2, T, {}, {}, {}},
                    {fmt(T) + "-" + fmt(1.5 * T) + " min", kAmber, T, 1.5 * T, {}, {}, {}},
                    {fmt(1.5 * T) + "-" + fmt(2 * T) + " min", kOrange, 1.5 * T, 2 * T, {}, {}, {}},
                    {"over " + fmt(2 * T) + " min or no path", kRed, 2 * T, kNoPathMinutes, {}, {}, {}}};
  m.name = short_name("minutes: " + category);
  m.description = "Minutes on foot to the nearest " + category + " (nearest_s / 60), threshold " + fmt(T) + " min (" +
                  where_t + "): green within it, amber to 1.5x, orange to 2x, red beyond or no path. Only " +
                  category + " rows are drawn; the other categories have styles of their own in this file "
                  "(Layer Properties > Style > Load Style > From database).";
  return m;
}

// Categories of a per-origin layer, the one with the most people (or origins) beyond its
// threshold first: where a planner looks first. Ties by name.
std::vector<std::pair<std::string, double>> categories_by_gap(const io::Table& t, std::map<std::string, double>& threshold_min,
                                                              double default_threshold_min) {
  const int cat = field_index(t, "category"), near = field_index(t, "nearest_s"), thr = field_index(t, "threshold_s"),
            pop = field_index(t, "population");
  std::map<std::string, double> beyond;
  for (const auto& row : t.rows) {
    const std::string c = text(row[cat]);
    double T = default_threshold_min;
    if (thr >= 0)
      if (auto v = number(row[thr])) T = *v / 60.0;
    threshold_min.emplace(c, T);
    const auto n = number(row[near]);
    const double weight = pop >= 0 ? number(row[pop]).value_or(0.0) : 1.0;
    beyond[c] += (!n || *n / 60.0 > T) ? weight : 0.0;
  }
  std::vector<std::pair<std::string, double>> order(beyond.begin(), beyond.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return order;
}

void per_category_minutes(const io::Table& t, const StyleOptions& o, std::vector<Made>& out) {
  double default_T = 0;
  std::string where_t = "the category's threshold_s";
  if (!has(t, "threshold_s")) {  // reach: the largest count threshold stands for the walking limit
    for (const auto& f : t.fields)
      if (f.name.rfind("count_", 0) == 0) {
        std::string m = f.name.substr(6);
        std::replace(m.begin(), m.end(), '_', '.');
        default_T = std::max(default_T, std::atof(m.c_str()));
      }
    if (default_T <= 0) default_T = 15;
    where_t = "the largest count threshold";
  }
  std::map<std::string, double> T;
  const auto order = categories_by_gap(t, T, default_T);
  for (std::size_t i = 0; i < order.size() && (i == 0 || o.every_category); ++i) {
    Made m = minutes_style(t, order[i].first, T[order[i].first], where_t);
    if (i == 0) m.description += " Default: the category with the most people beyond its threshold.";
    out.push_back(std::move(m));
  }
}

Made gaps_style(const io::Table& t) {
  Made m;
  m.spec.kind = Kind::graduated;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "minutes_beyond";
  m.spec.null_in_last = true;
  m.spec.classes = {{"up to 5 min beyond", kAmber, 0, 5, {}, {}, {}},
                    {"5-10 min beyond", kOrange, 5, 10, {}, {}, {}},
                    {"10-20 min beyond", mix(kOrange, kRed, 0.5, 255), 10, 20, {}, {}, {}},
                    {"over 20 min beyond or no path", kRed, 20, kNoPathMinutes, {}, {}, {}}};
  m.name = "minutes beyond the threshold";
  m.description = "Uncovered origins by how many minutes their walk exceeds the category's threshold (minutes_beyond); "
                  "red: over 20 min or no facility reachable. All categories are drawn.";
  return m;
}

// Class breaks at the quintiles of the values, rounded to two significant digits, without repeats.
std::vector<double> quintile_breaks(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> b{0.0};
  if (v.empty()) return {0.0, 1.0};
  for (double q : {0.2, 0.4, 0.6, 0.8}) {
    double x = v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    if (x > 0) {
      const double p = std::pow(10.0, std::floor(std::log10(x)) - 1);
      x = std::round(x / p) * p;
    }
    if (x > b.back() && x < v.back()) b.push_back(x);
  }
  b.push_back(std::max(std::ceil(v.back()), b.back() + 1.0));  // whole, so the printed bound still holds the largest
  return b;
}

Made gap_areas_style(const io::Table& t) {
  Made m;
  m.spec.kind = Kind::graduated;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "population";
  std::vector<double> people;
  const int pop = field_index(t, "population");
  for (const auto& row : t.rows) people.push_back(number(row[pop]).value_or(0.0));
  const auto b = quintile_breaks(people);
  const Rgba light{252, 187, 161, 200}, dark{165, 15, 21, 220};
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    const double f = b.size() > 2 ? static_cast<double>(i) / static_cast<double>(b.size() - 2) : 1.0;
    m.spec.classes.push_back({fmt(b[i]) + "-" + fmt(b[i + 1]) + " people", mix(light, dark, f, 200), b[i], b[i + 1], {}, {}, {}});
  }
  m.name = "people affected";
  m.description = "Gap areas in reds by the people affected (population), classes at the quintiles; all categories are "
                  "drawn, overlapping where several categories leave the same place uncovered.";
  return m;
}

Made sites_style() {
  Made m;
  m.spec.kind = Kind::single;
  m.spec.symbol = SymbolKind::marker;
  m.spec.single_color = {106, 61, 154, 255};
  m.spec.marker_size_mm = 5.0;
  m.spec.label_field = "rank";
  m.name = "proposed sites by rank";
  m.description = "Proposed sites as numbered symbols: the number is the rank in which the greedy maximal covering chose "
                  "them (1 covers the most people).";
  return m;
}

Made isochrones_style(const io::Table& t) {
  Made m;
  m.spec.kind = Kind::categorized;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "minutes";
  std::set<double> minutes;
  const int col = field_index(t, "minutes");
  for (const auto& row : t.rows)
    if (auto v = number(row[col])) minutes.insert(*v);
  if (minutes.empty()) minutes = {5, 10, 15};
  std::size_t i = 0;
  for (double v : minutes) {
    const double f = minutes.size() > 1 ? static_cast<double>(i++) / static_cast<double>(minutes.size() - 1) : 0.0;
    const Rgba c = f <= 0.5 ? mix(kGreen, kAmber, f * 2, 110) : mix(kAmber, kOrange, f * 2 - 1, 110);
    char value[32];  // as QGIS prints the double it compares with (QString::number: %g)
    std::snprintf(value, sizeof value, "%g", v);
    m.spec.classes.push_back({std::string(value) + " min", c, 0, 0, value, {}, {}});
  }
  m.spec.order_desc = "minutes";  // the widest first, so that the nearer bands stay visible on top
  m.name = "minutes";
  m.description = "Isochrones by their minutes (5/10/15 by default), the longest drawn first; per facility and merged per "
                  "category (facility_id empty) are both drawn.";
  return m;
}

Made service_areas_style(const io::Table& t) {
  Made m;
  m.spec.kind = Kind::categorized;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "facility_id";
  const int cat = field_index(t, "category"), id = field_index(t, "facility_id");
  std::vector<std::pair<std::string, std::string>> keys;
  std::set<std::string> ids;
  for (const auto& row : t.rows) keys.emplace_back(text(row[cat]), text(row[id])), ids.insert(text(row[id]));
  const bool two_fields = ids.size() < keys.size();  // the same id in two categories
  if (two_fields) m.spec.expression = "\"category\" || ': ' || \"facility_id\"";
  static const Rgba kPalette[] = {{141, 211, 199}, {255, 255, 179}, {190, 186, 218}, {251, 128, 114},
                                  {128, 177, 211}, {253, 180, 98},  {179, 222, 105}, {252, 205, 229},
                                  {217, 217, 217}, {188, 128, 189}, {204, 235, 197}, {255, 237, 111}};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Rgba c = kPalette[i % 12];
    c.a = 170;
    const std::string value = two_fields ? keys[i].first + ": " + keys[i].second : keys[i].second;
    m.spec.classes.push_back({value, c, 0, 0, value, two_fields ? keys[i].first : "", keys[i].second});
  }
  m.name = "by facility";
  m.description = "Service areas: the streets nearest to each facility, one colour per facility.";
  return m;
}

Made coverage_style(const io::Table& t) {
  Made m;
  m.spec.kind = Kind::graduated;
  m.spec.symbol = symbol_of(t);
  m.spec.field = "coverage";
  m.spec.classes = {{"under 50%", kRed, 0, 0.5, {}, {}, {}},       {"50-80%", kOrange, 0.5, 0.8, {}, {}, {}},
                    {"80-90%", kAmber, 0.8, 0.9, {}, {}, {}},      {"90-95%", kLightGreen, 0.9, 0.95, {}, {}, {}},
                    {"95-100%", kGreen, 0.95, 1.0, {}, {}, {}}};
  m.name = "coverage";
  m.description = "Share of people within the category's threshold, red under 50% to green at 95% and more.";
  return m;
}

// Categories of a per-place layer by the mean of `field` over its rows, lowest first (or highest
// first): where a planner looks first. Ties by name.
std::vector<std::string> categories_by_mean(const io::Table& t, const std::string& field, bool lowest_first) {
  const int cat = field_index(t, "category"), f = field_index(t, field);
  std::map<std::string, std::pair<double, double>> sum;  // total, rows
  for (const auto& row : t.rows) {
    auto& s = sum[text(row[cat])];
    s.first += number(row[f]).value_or(0.0);
    s.second += 1;
  }
  std::vector<std::pair<std::string, double>> order;
  for (const auto& [c, s] : sum) order.emplace_back(c, s.first / std::max(1.0, s.second));
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto& a, const auto& b) { return lowest_first ? a.second < b.second : a.second > b.second; });
  std::vector<std::string> out;
  for (const auto& [c, v] : order) out.push_back(c);
  return out;
}

// community_coverage, unit_coverage (with their outlines): coverage share per category, only that
// category's rows drawn; the category with the lowest mean coverage is the default.
void per_category_coverage(const io::Table& t, const StyleOptions& o, std::vector<Made>& out) {
  const auto order = categories_by_mean(t, "coverage", true);
  for (std::size_t i = 0; i < order.size() && (i == 0 || o.every_category); ++i) {
    Made m = coverage_style(t);
    m.spec.only_category = order[i];
    m.name = short_name("coverage: " + order[i]);
    m.description = "Share of the people " + order[i] + " serves within its threshold (coverage), red under 50% to "
                    "green at 95% and more. Only " + order[i] + " rows are drawn; the other categories have styles of "
                    "their own in this file (Layer Properties > Style > Load Style > From database).";
    if (i == 0) m.description += " Default: the category with the lowest mean coverage.";
    out.push_back(std::move(m));
  }
}

// unit_gaps (with the unit outlines): people beyond the threshold per category, in reds as the
// report's gap classes; the category with the most people uncovered is the default.
void per_category_uncovered(const io::Table& t, const StyleOptions& o, std::vector<Made>& out) {
  const auto order = categories_by_mean(t, "uncovered_population", false);
  const Rgba light{252, 187, 161, 200}, dark{165, 15, 21, 220};
  const double b[] = {0, 50, 200, 1000, 5000, 1e12};
  const char* labels[] = {"under 50 people", "50-200 people", "200-1,000 people", "1,000-5,000 people", "5,000 people and more"};
  for (std::size_t i = 0; i < order.size() && (i == 0 || o.every_category); ++i) {
    Made m;
    m.spec.kind = Kind::graduated;
    m.spec.symbol = symbol_of(t);
    m.spec.field = "uncovered_population";
    m.spec.only_category = order[i];
    for (int k = 0; k < 5; ++k) m.spec.classes.push_back({labels[k], mix(light, dark, k / 4.0, 200), b[k], b[k + 1], {}, {}, {}});
    m.name = short_name("uncovered: " + order[i]);
    m.description = "People " + order[i] + " serves beyond its threshold, per unit (uncovered_population), in reds. Only " +
                    order[i] + " rows are drawn; the other categories have styles of their own in this file.";
    if (i == 0) m.description += " Default: the category with the most people uncovered.";
    out.push_back(std::move(m));
  }
}

// origin_access_wide (the wide layout): the default style classes each origin by the share of the
// categories it has within their thresholds (categories_covered of N), red under half to green for
// all; every category has a style of its own on <id>_covered, green within its threshold, red
// beyond it or with no path. Both read only the columns, not the rows, so a streamed layer gets
// them too (the minutes against each threshold are the long layout's origin_access styles).
void wide_styles(const io::Table& t, const StyleOptions& o, std::vector<Made>& out) {
  std::vector<std::string> cats;
  for (const auto& f : t.fields)
    if (f.name.size() > 8 && f.name.ends_with("_covered") && f.name != "categories_covered")
      cats.push_back(f.name.substr(0, f.name.size() - 8));
  const double n = static_cast<double>(cats.size());
  Made all;
  all.spec.kind = Kind::graduated;
  all.spec.symbol = symbol_of(t);
  all.spec.field = "categories_covered";
  const double b[] = {-0.5, 0.5 * n, 0.75 * n, 0.9 * n, n - 0.5, n + 0.5};
  const char* labels[] = {"under half", "half to 75%", "75-90%", "90% to all but one", "all"};
  const Rgba colors[] = {kRed, kOrange, kAmber, kLightGreen, kGreen};
  double lo = b[0];
  for (int k = 0; k < 5; ++k) {
    const double hi = std::max(lo, b[k + 1]);
    if (hi > lo || k == 4)
      all.spec.classes.push_back({std::string(labels[k]) + " of the " + fmt(n) + " categories", colors[k], lo, hi, {}, {}, {}});
    lo = hi;
  }
  all.name = "categories covered";
  all.description = "How many of the " + fmt(n) + " categories have a facility within their threshold "
                    "(categories_covered): red under half, orange, amber, light green, green for all. Every category "
                    "has a style of its own in this file (<id>_covered: Layer Properties > Style > Load Style > From "
                    "database). Default.";
  out.push_back(std::move(all));
  if (!o.every_category) return;
  for (const auto& c : cats) {
    Made m;
    m.spec.kind = Kind::graduated;
    m.spec.symbol = symbol_of(t);
    m.spec.field = c + "_covered";
    m.spec.classes = {{"beyond the threshold or no path", kRed, 0, 0.5, {}, {}, {}},
                      {"within the threshold", kGreen, 0.5, 1, {}, {}, {}}};
    m.name = short_name("covered: " + c);
    m.description = "Whether the nearest " + c + " is within its threshold (" + c + "_covered): green within, red "
                    "beyond it or no path; the minutes are " + c + "_min.";
    out.push_back(std::move(m));
  }
}

std::vector<Made> styles_of(const io::Table& t, const StyleOptions& o) {
  std::vector<Made> out;
  if (!t.has_geometry) return out;
  if (has(t, "categories_covered")) wide_styles(t, o, out);
  else if (has(t, "minutes_beyond")) out.push_back(gaps_style(t));
  else if (has(t, "nearest_s") && has(t, "category")) per_category_minutes(t, o, out);
  else if (t.name == "gap_areas" || (has(t, "population") && has(t, "worst_s"))) out.push_back(gap_areas_style(t));
  else if (has(t, "rank") && symbol_of(t) == SymbolKind::marker) out.push_back(sites_style());
  else if (has(t, "minutes") && has(t, "facility_id")) out.push_back(isochrones_style(t));
  else if (has(t, "facility_id")) out.push_back(service_areas_style(t));
  else if (has(t, "coverage") && has(t, "category")) per_category_coverage(t, o, out);
  else if (has(t, "coverage")) out.push_back(coverage_style(t));
  else if (has(t, "uncovered_population") && has(t, "category")) per_category_uncovered(t, o, out);
  return out;
}

}  // namespace

std::vector<io::LayerStyle> layer_styles(const std::vector<const io::Table*>& tables, const StyleOptions& options) {
  std::vector<io::LayerStyle> out;
  for (const io::Table* t : tables)
    for (const Made& m : styles_of(*t, options))
      out.push_back({t->name, m.name, to_qml(m.spec), to_sld(m.spec, t->name, m.name), m.description});
  return out;
}

}  // namespace lc::report
