// lc::report QGIS styles for the result layers, chosen by layer name and columns, so that a
// planner opening a result in QGIS sees it classed at once: minutes to the nearest facility
// green within the category's threshold, through amber, to red beyond it; gap areas in reds by
// the people affected; proposed sites as numbered symbols; isochrones by their minutes; service
// areas by facility; compounds and units (community_coverage, unit_coverage with their shapes) by
// coverage share and unit_gaps by people uncovered, per category. Layers without geometry, or of
// no known kind, get no style.
#pragma once

#include <string>
#include <vector>

#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "report/style_xml.hpp"

namespace lc::report {

struct StyleOptions {
  // Layers with one row per origin and category (origin_access, reach) also get a non-default
  // style for every other category, to pick in Layer Properties > Style > Load Style.
  bool every_category = true;
};

// The styles of the tables that have one, the default style of each layer first.
std::vector<io::LayerStyle> layer_styles(const std::vector<const io::Table*>& tables, const StyleOptions& options = {});

// Upper bound of the last minutes class: where origins that reach no facility are put.
constexpr double kNoPathMinutes = 1e6;

}  // namespace lc::report
