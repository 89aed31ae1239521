// lc::report internals of html_report: what every section needs to know about the categories
// (label, circle level, threshold, report order) and small HTML builders. Not a public API.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "io/geo.hpp"
#include "report/html.hpp"
#include "report/html_report.hpp"
#include "report/svg_map.hpp"

namespace lc::report::detail {

struct CategoryInfo {
  std::string id;
  std::string label;  // "便利店 convenience_store" with a catalog, else the id
  int level = 0;      // 5, 10, 15; 0 unknown
  std::optional<double> threshold_s;
};

struct Context {
  const ReportInput& in;
  std::vector<CategoryInfo> categories;  // circle level 5, 10, 15, then the rest; else table order
  explicit Context(const ReportInput& input);
  const CategoryInfo* find(const std::string& id) const;
  std::string label(const std::string& id) const;
};

// <section id=ID><h2>TITLE</h2>BODY</section>
std::string section(const std::string& id, const std::string& title, const std::string& body);
// <table> with a header row; `numeric` marks right-aligned columns (class "num").
std::string table_head(const std::vector<std::string>& headers, const std::vector<bool>& numeric);
std::string td(const std::string& escaped_html, bool numeric = false, const std::string& cls = "");

template <std::size_t N>
std::string legend(const std::array<ColourClass, N>& classes) {
  std::string s = "<ul class=\"legend\">";
  for (const auto& c : classes)
    s += "<li><span class=\"sw\" style=\"background:" + std::string(c.colour) + "\"></span>" + html_escape(c.label) + "</li>";
  return s + "</ul>";
}

// The lon/lat box of the data the maps draw (the unit outlines when there are none), and the unit
// outlines as one SVG path.
BBox map_extent(const ReportInput& in);
std::string outlines_svg(const MapFrame& frame, const io::Table* unit_areas);

// Sections drawn from geometry and distributions (report_maps.cpp); "" when their input is absent.
std::string time_maps_section(const Context& ctx, const MapFrame& frame, const std::string& outlines);
std::string times_section(const Context& ctx);
std::string gap_maps_section(const Context& ctx, const MapFrame& frame, const std::string& outlines);
// The sites map is drawn twice as wide as the others, over the same extent.
std::string sites_section(const Context& ctx, const BBox& extent);

// The interactive map (map_script.cpp): its section, the style it adds (Leaflet's and its own) and
// the scripts that go at the end of the body (its data, Leaflet, the map). Empty when there is
// nothing to draw or ReportLayout::interactive_map is off.
struct MapParts {
  std::string section, style, scripts;
};
MapParts map_parts(const Context& ctx);

}  // namespace lc::report::detail
