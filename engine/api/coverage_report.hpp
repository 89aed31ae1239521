// api: the command line's `coverage --report FILE.html`: the planner's HTML report (lc::report) from
// the layers a coverage run built, the unit outlines, proposed sites read back from `site` CSV
// files (`report_sites`), the run's inputs (streets, origin areas, facilities) on its map, and the
// run's parameters and data sources. A notice that the data are
// synthetic is added when an input layer's description says so (lifecircle synth writes
// "SYNTHETIC ..." into every layer it generates).
#pragma once

#include <lifecircle/coverage.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "access/origins.hpp"
#include "api/coverage_inputs.hpp"
#include "io/crs.hpp"
#include "io/table.hpp"
#include "network/graph.hpp"

namespace lc::api {

struct CoverageReportRequest {
  std::string path;                     // report: FILE.html
  std::vector<std::string> site_specs;  // report_sites: [CATEGORY=]PATH each
  bool overwrite = false;
  std::vector<std::pair<std::string, std::string>> parameters;
  std::vector<std::pair<std::string, std::string>> inputs;  // role, FILE[:LAYER]; described as data sources
};

// The report's "parameters" and "data sources" for a coverage request. What the request holds
// resolved is taken as the client gave it: `checklist` ("" for the Wuhai 2023 default), the
// working `crs` ("EPSG:N" or ""), the `input_crs` declarations ("origins=gcj02"); `speed`: how the
// run walks (walk_text's speed_text, worded); `field_name`: how the texts name request fields (k).
struct RunSettings {
  std::string checklist, crs;
  std::vector<std::string> input_crs;
  std::string speed;
};
void describe_coverage_run(CoverageReportRequest& report, const lifecircle::CoverageRequest& r, const RunSettings& given,
                           const std::function<std::string(const std::string&)>& field_name);

// Before any work: the report can be written and every site file exists and reads. Throws
// OutputError, UsageError or InputError.
void check_coverage_report(const CoverageReportRequest& r);

// What the report's interactive map draws beside the tables (any may be null): the streets, each
// origin's area (compound outline or grid cell, parallel to origin_ids) and the facilities.
struct ReportMapInputs {
  const network::Graph* graph = nullptr;
  const io::Projector* projector = nullptr;
  const std::vector<std::string>* origin_ids = nullptr;
  const std::vector<std::string>* origin_areas = nullptr;  // WGS84 WKT, "" for a plain point
  bool grid = false;                                        // the origins are grid cells
  const api::CategorizedFacilities* facilities = nullptr;
};

// Writes the report atomically. `tables` are the coverage layers, found by name.
void write_coverage_report(const CoverageReportRequest& r, const std::vector<io::Table>& tables,
                           const access::Catalog& catalog, const std::vector<access::Unit>& units,
                           const ReportMapInputs& map = {});

}  // namespace lc::api
