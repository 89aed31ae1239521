// tools: the origin options every command that reads people takes (--origins, --population-field,
// --grid-cell, ...) and their checks in the command line's words.
#pragma once

#include <CLI/CLI.hpp>

#include <lifecircle/inputs.hpp>

#include <string>

#include "api/coverage_inputs.hpp"
#include "api/sources.hpp"

namespace lc::tools {

using api::OriginRequest;

void add_origin_options(CLI::App& cmd, OriginRequest& r);

// The public request's origins from the origin options: api::origin_source (api/sources.hpp).
using api::origin_source;

// The origin options that the engine would refuse, refused first in the command line's words
// (--origin-type, --grid-shape, --grid-cell without --grid-boundary).
void check_origin_flags(const OriginRequest& r);

// Facility fields that do not apply to the facilities given (--category-field or --id-field with an
// OSM file or an Amap table), refused in the command line's words. `catalog_rules`: categories by
// the catalog (coverage, site, ...), else by the built-in OSM mapping (reach without --catalog).
void check_facility_flags(const std::string& facilities, const std::string& category_field, const std::string& id_field,
                          bool catalog_rules);

}  // namespace lc::tools
