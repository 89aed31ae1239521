// api (internal): inputs of coverage (facilities by catalog category, origins of every kind, units).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "access/origins.hpp"
#include "api/inputs.hpp"

namespace lc::api {

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

// An Amap/高德-style POI export (a CSV whose header has a type-code column, or Amap's packed
// location column): its facilities take the catalog's Amap rules, not a category field.
bool is_amap_table(const std::string& spec);

// The shape of a request's grid ("square", "hex" or "hexagon"); UsageError naming the origins'
// grid shape otherwise.
access::GridShape grid_shape(const OriginRequest& r);

}  // namespace lc::api
