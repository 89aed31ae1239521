#include "api/coverage_report.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "core/error.hpp"
#include "core/log.hpp"
#include "io/atomic_file.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "report/html_report.hpp"
#include "report/map_data.hpp"
#include "api/pipeline.hpp"
#include "api/report_inputs.hpp"
#include "api/site_csv.hpp"

namespace lc::api {

void describe_coverage_run(CoverageReportRequest& report, const lifecircle::CoverageRequest& r, const RunSettings& given,
                           const std::function<std::string(const std::string&)>& field_name) {
  auto fmt = [](double v) { return io::format_cell(v); };
  std::string thresholds;
  for (double t : r.thresholds_min) thresholds += (thresholds.empty() ? "" : ",") + fmt(t);
  const lifecircle::FieldText k{"1 (the tables hold the nearest only; {k} " + std::to_string(r.k) + ")", {"k"}};
  const auto& o = r.origins;
  report.parameters = {{"origins", o.grid_cell_m > 0 ? fmt(o.grid_cell_m) + " m " + o.grid_shape + " grid" : "type " + o.type},
                       {"default threshold (ad-hoc categories)", fmt(r.default_threshold_min) + " min"},
                       {"walking speed", given.speed},
                       {"count thresholds", thresholds + " min"},
                       {"nearest facilities searched (k)", field_name ? k.word(field_name) : k.plain()},
                       {"max snap", fmt(r.max_snap_m) + " m"},
                       {"gap area radius around a point", fmt(r.gap_point_radius_m) + " m"},
                       {"checklist", given.checklist.empty() ? "Wuhai 2023 (data/checklist/wuhai-2023.toml)" : given.checklist},
                       {"as of", r.as_of.empty() ? "the checklist's publication date" : r.as_of}};
  if (r.min_component > 0)
    report.parameters.emplace_back("smallest network component snapped to", std::to_string(r.min_component) + " nodes");
  if (!given.crs.empty()) report.parameters.emplace_back("working CRS", given.crs);
  for (const auto& c : given.input_crs) report.parameters.emplace_back("input CRS", c);
  for (const auto& [role, spec] : {std::pair<const char*, const std::string&>{"street network", r.network.path},
                                   {"facilities", r.facilities.path}, {"origins", o.path}, {"entrances", o.entrances},
                                   {"grid boundary", o.grid_boundary}, {"units", r.units.path},
                                   {"plan facilities", r.plan_facilities.path}})
    if (!spec.empty()) report.inputs.emplace_back(role, spec);
}

void check_coverage_report(const CoverageReportRequest& r) {
  io::check_writable(r.path, r.overwrite);
  if (!r.path.ends_with(".html") && !r.path.ends_with(".htm"))
    throw UsageError(FieldText{"{report} " + r.path + ": the report is HTML; name it FILE.html", {"report"}});
  for (const auto& spec : r.site_specs) {
    const SiteSpec s = split_site_spec(spec);
    if (!std::filesystem::is_regular_file(s.path))
      throw UsageError(FieldText{"{report_sites}: no such file " + s.path, {"report_sites"}});
    read_site_csv(s);  // bad contents fail now, not after the analysis
  }
}

void write_coverage_report(const CoverageReportRequest& r, const std::vector<io::Table>& tables,
                           const access::Catalog& catalog, const std::vector<access::Unit>& units,
                           const ReportMapInputs& map) {
  std::vector<const io::Table*> found;
  for (const auto& t : tables) found.push_back(&t);
  report::ReportInput in;
  in.parameters = r.parameters;
  api::fill_report_input(in, catalog, found, r.inputs);
  io::Table outlines{"units", "", {{"name"}}, true, {}, {}};
  for (const auto& u : units) outlines.add({u.name}, u.wkt);
  if (!units.empty()) in.unit_areas = &outlines;
  std::vector<io::Table> sites;
  for (const auto& spec : r.site_specs) {
    const SiteSpec s = parse_site_spec(spec, catalog);
    sites.push_back(read_site_csv(s));
    in.sources.emplace_back("proposed sites (" + s.category + ")", s.path);
  }
  for (const auto& t : sites) in.proposed_sites.push_back(&t);
  io::Table streets, areas{map.grid ? "cells" : "communities", "", {{"origin_id"}}, true, {}, {}},
      facilities{"facilities", "", {{"id"}, {"category"}}, true, {}, {}};
  if (map.graph && map.projector) streets = report::streets_table(*map.graph, *map.projector), in.streets = &streets;
  if (map.origin_ids && map.origin_areas) {
    for (std::size_t i = 0; i < map.origin_ids->size() && i < map.origin_areas->size(); ++i)
      if (!(*map.origin_areas)[i].empty()) areas.add({(*map.origin_ids)[i]}, (*map.origin_areas)[i]);
    if (!areas.rows.empty()) in.origin_areas = &areas;
  }
  if (map.facilities) {
    for (const auto& [category, members] : map.facilities->members)
      for (const auto f : members)
        facilities.add({map.facilities->points.ids[f], category}, api::point_wkt(map.facilities->points.lonlat[f]));
    in.facilities = &facilities;
  }
  io::AtomicFile out(r.path, r.overwrite);
  out.write(report::html_report(in));
  out.commit();
  log::info("wrote " + r.path);
}

}  // namespace lc::api
