// tools: inputs of `coverage` (facilities by catalog category, origins of every kind, units).
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "access/origins.hpp"
#include "inputs.hpp"
#include "memory_budget.hpp"

namespace lc::tools {

// Facilities grouped by category id; a facility may serve several categories.
struct CategorizedFacilities {
  PointSet points;                                   // ids and locations
  std::map<std::string, std::vector<std::uint32_t>> members;  // category -> point indices
};

CategorizedFacilities load_catalog_facilities(const std::string& spec, const access::Catalog& catalog,
                                              const std::string& category_field, const std::string& id_field,
                                              const std::string& capacity_field = "");

struct OriginRequest {
  std::string spec, type = "auto";  // auto | points | communities | raster
  access::PopulationFields fields;
  std::string entrances;
  std::string grid_boundary;
  std::string grid_shape = "square";
  double grid_cell_m = 0;  // > 0: a grid over grid_boundary, population from the communities
};

access::OriginSet load_origin_set(const OriginRequest& r, const io::Projector& metric);

// Before load_origin_set: origins that are generated rather than read (a grid's cells, from the
// boundary's area) are estimated and checked against the memory budget with the rest of the run
// (`shape` without its origins), so that --grid-cell 1 over a city is refused at once (exit 2)
// instead of growing until the machine gives out. Points and communities are read as they are.
void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         RunShape shape);

// The origin options every command that reads people takes (--origins, --population-field, ...).
void add_origin_options(CLI::App& cmd, OriginRequest& r);

}  // namespace lc::tools
