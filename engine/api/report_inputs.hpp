// The run's input layers as the planner's report lists them (the command line's --report and the
// public html_report share it): each with its layer description (a GeoPackage's
// gpkg_contents.description), and the notice that the data are synthetic when one says so
// (lifecircle synth writes "SYNTHETIC ..." into every layer it generates).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "io/table.hpp"
#include "report/html_report.hpp"

namespace lc::api {

// Appends (role, "FILE[:LAYER] — description") to `sources` for each (role, FILE[:LAYER]) input;
// sets `notice` to the synthetic-data notice when it is empty and an input is described SYNTHETIC.
void describe_inputs(const std::vector<std::pair<std::string, std::string>>& inputs,
                     std::vector<std::pair<std::string, std::string>>& sources, std::string& notice);

// What the command line's --report and the public html_report both fill in a report: the catalog,
// the coverage subtitle, the sources (the input layers described as above, then `sources`, then
// the catalog's file; the synthetic notice unless `in.notice` is set) and the result tables found
// by name among `tables` (unit_coverage, origin_access, gaps, gap_areas, gap_measures, progress,
// data_quality). `tables` must outlive `in`.
void fill_report_input(report::ReportInput& in, const access::Catalog& catalog, const std::vector<const io::Table*>& tables,
                       const std::vector<std::pair<std::string, std::string>>& inputs,
                       const std::vector<std::pair<std::string, std::string>>& sources = {});

}  // namespace lc::api
