// tools: the origin options every command that reads people takes (--origins, --population-field,
// --grid-cell, ...), their checks in the command line's words, and the memory budget of origins
// that are generated rather than read.
#pragma once

#include <CLI/CLI.hpp>

#include <lifecircle/inputs.hpp>

#include <string>

#include "api/coverage_inputs.hpp"
#include "io/crs.hpp"
#include "api/memory_budget.hpp"

namespace lc::tools {

using api::OriginRequest;

void add_origin_options(CLI::App& cmd, OriginRequest& r);

// The public request's origins (a file source) from the origin options; `datum` of --input-crs.
lifecircle::OriginSource origin_source(const OriginRequest& r, lifecircle::Datum datum = lifecircle::Datum::wgs84);

// The origin options that the engine would refuse, refused first in the command line's words
// (--origin-type, --grid-shape, --grid-cell without --grid-boundary).
void check_origin_flags(const OriginRequest& r);

// Facility fields that do not apply to the facilities given (--category-field or --id-field with an
// OSM file or an Amap table), refused in the command line's words. `catalog_rules`: categories by
// the catalog (coverage, site, ...), else by the built-in OSM mapping (reach without --catalog).
void check_facility_flags(const std::string& facilities, const std::string& category_field, const std::string& id_field,
                          bool catalog_rules);

// Before the origins are loaded: origins that are generated rather than read (a grid's cells, from the
// boundary's area) are estimated and checked against the memory budget with the rest of the run
// (`shape` without its origins), so that --grid-cell 1 over a city is refused at once (exit 2)
// instead of growing until the machine gives out. Points and communities are read as they are.
void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         api::RunShape shape);

}  // namespace lc::tools
