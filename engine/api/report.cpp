// The public html_report (include/lifecircle/report.hpp): result tables back into the engine's,
// laid out by lc::report as the command line's --report is.
#include <lifecircle/report.hpp>

#include <set>

#include "api/sources.hpp"
#include "io/table.hpp"
#include "report/html_report.hpp"

namespace lifecircle {

std::string html_report(const std::vector<const Table*>& tables, const ReportOptions& options) {
  std::vector<lc::io::Table> engine;
  engine.reserve(tables.size());
  for (const Table* t : tables)
    if (t) engine.push_back(lc::api::engine_table(*t));
  const auto find = [&](const std::string& name) -> const lc::io::Table* {
    for (const auto& t : engine)
      if (t.name == name) return &t;
    return nullptr;
  };
  const lc::access::Catalog catalog = lc::api::catalog_of(options.catalog);
  lc::report::ReportInput in;
  in.catalog = &catalog;
  if (!options.title.empty()) in.title = options.title;
  in.subtitle = options.subtitle.empty()
                    ? "步行可达性、覆盖率与缺口 — walking access, coverage and gaps per facility category"
                    : options.subtitle;
  in.notice = options.notice;
  in.parameters = options.parameters;
  in.sources = options.sources;
  in.sources.emplace_back("category catalog", catalog.path);
  in.layout.interactive_map = options.interactive_map;
  in.unit_coverage = find("unit_coverage");
  in.origin_access = find("origin_access");
  in.gaps = find("gaps");
  in.gap_areas = find("gap_areas");
  in.gap_measures = find("gap_measures");
  in.progress = find("progress");
  // District outlines: the units table, or each unit's first geometry in unit_coverage.
  lc::io::Table outlines{"units", "", {{"name"}}, true, {}, {}};
  if (const lc::io::Table* units = find("units"); units && units->has_geometry) {
    in.unit_areas = units;
  } else if (in.unit_coverage && in.unit_coverage->has_geometry) {
    int unit = -1;
    for (std::size_t i = 0; i < in.unit_coverage->fields.size(); ++i)
      if (in.unit_coverage->fields[i].name == "unit") unit = static_cast<int>(i);
    std::set<std::string> seen;
    if (unit >= 0)
      for (std::size_t r = 0; r < in.unit_coverage->rows.size(); ++r) {
        const auto& cell = in.unit_coverage->rows[r][static_cast<std::size_t>(unit)];
        const std::string name = std::holds_alternative<std::string>(cell) ? std::get<std::string>(cell) : "";
        const std::string& wkt = in.unit_coverage->wkt[r];
        if (!name.empty() && !wkt.empty() && seen.insert(name).second) outlines.add({name}, wkt);
      }
    if (!outlines.rows.empty()) in.unit_areas = &outlines;
  }
  return lc::report::html_report(in);
}

}  // namespace lifecircle
