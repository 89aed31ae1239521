// lifecircle report: the planner's HTML report (docs/report.md: key figures, coverage per category
// and district, circle levels, maps and distribution of walking times, gap maps, the gaps with the
// checklist's measures, measure progress), one self-contained file, from coverage()'s result
// tables: for a client that runs coverage() itself (the Python module, the QGIS plugin).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "lifecircle/table.hpp"

namespace lifecircle {

struct ReportOptions {
  std::string catalog;   // the catalog's category names and circle levels ("": the installed one)
  std::string title;     // "": the command line's (一刻钟社区生活圈评估 / Fifteen-minute life circle report)
  std::string subtitle;  // "": the command line's coverage subtitle
  std::string notice;    // shown first, in a box (that the data are synthetic, say)
  std::vector<std::pair<std::string, std::string>> parameters;  // name, value: the run's settings
  std::vector<std::pair<std::string, std::string>> sources;     // what, where from
  // The run's input layers, role and FILE[:LAYER] (as the request read them): listed first among
  // the sources with their layer descriptions, as --report lists them; when one is described
  // "SYNTHETIC ..." (lifecircle synth's layers) and `notice` is empty, the command line's
  // synthetic-data notice is shown.
  std::vector<std::pair<std::string, std::string>> inputs;
  bool interactive_map = true;
};

// The whole HTML document (UTF-8, deterministic) from the tables coverage() returns, found by name
// (unit_coverage, origin_access, gaps, gap_areas, gap_measures, progress, data_quality; any may be missing, which
// omits its sections). District outlines are a table named "units" (polygons, column name) when
// given, else the geometries of unit_coverage. The interactive map draws what the tables hold: the
// streets and facilities the command line's report adds from a run's inputs are not there.
std::string html_report(const std::vector<const Table*>& tables, const ReportOptions& options = {});

}  // namespace lifecircle
