// lc::report the planner's report: one self-contained HTML file (inline CSS, SVG and script, no
// fonts, images, scripts or styles from anywhere else) that can be mailed as it is. It reads the result
// tables of a run (lc::access and lc::plan layers) and shows: the notice (e.g. that the data are
// synthetic), key figures, an interactive map (Leaflet, inlined), coverage per category and unit, a chart of coverage by circle level,
// maps of walking times and of gaps, the distribution of walking times, the gaps with the
// checklist measures meant to close them, measure progress, proposed sites, the data quality (and a
// plain sentence under the title when the data are thin), and the run's parameters and data sources. A table left null (or a list left empty) omits its sections.
// Docs: docs/report.md.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "io/table.hpp"

namespace lc::report {

struct ReportLayout {
  double map_width = 300;       // pixels, each small-multiple map
  double map_max_height = 380;  // pixels
  double bin = 3;               // pixels: origins are drawn as bins of this size
  int histogram_minutes = 30;   // one-minute bins, then "more" and "none"
  std::size_t max_gap_rows = 300;  // rows of the gap-to-checklist table shown (the rest are counted)
  bool interactive_map = true;     // the Leaflet map section and its script
};

// Every table is the layer of that name as lc::access / lc::plan build it (columns are found by
// name; a missing required column is an InputError naming the table).
struct ReportInput {
  std::string title = "一刻钟社区生活圈评估 / Fifteen-minute life circle report";
  std::string notice;    // shown first, in a box; e.g. that the data are SYNTHETIC
  std::string subtitle;  // one line under the title (what was analysed)
  const access::Catalog* catalog = nullptr;  // category names and circle levels; null: ids only
  const io::Table* unit_coverage = nullptr;  // coverage tables, key figures, circle-level chart
  const io::Table* origin_access = nullptr;  // walking-time maps and histograms (WKT points)
  const io::Table* gaps = nullptr;           // gap maps when gap_areas is null (WKT points)
  const io::Table* gap_areas = nullptr;      // gap maps and the largest gap areas (WKT polygons)
  const io::Table* gap_measures = nullptr;   // the gap-to-checklist table
  const io::Table* progress = nullptr;       // measure by measure
  const io::Table* unit_areas = nullptr;     // outlines under every map: polygons, column `name`
  // How much the results can rest on the data (access/data_quality.hpp): its table, and a box under
  // the title when a row is thin (access::thin_data).
  const io::Table* data_quality = nullptr;
  // The interactive map's own layers (docs/report.md); null: not drawn there.
  const io::Table* origin_areas = nullptr;  // per origin: `origin_id` and its area (compound outline, grid cell)
  const io::Table* streets = nullptr;       // lines, column `class` (streets_table in map_data.hpp)
  const io::Table* facilities = nullptr;    // points, columns `id` and `category` (a row per category served)
  // Siting results (lifecircle site: rank, site_id, district, x, y as lon/lat, new_covered,
  // cumulative_covered, cumulative_coverage); each table's name is its category id or label.
  std::vector<const io::Table*> proposed_sites;
  std::vector<std::pair<std::string, std::string>> parameters;  // name, value
  std::vector<std::pair<std::string, std::string>> sources;     // what, where from
  ReportLayout layout;
};

// The whole HTML document (UTF-8). Deterministic: the same input gives the same bytes.
std::string html_report(const ReportInput& input);

}  // namespace lc::report
