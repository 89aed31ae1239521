#include "origin_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "io/osm_reader.hpp"

namespace lc::tools {

namespace {

bool ends_with(const std::string& s, std::string_view e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

void check_origin_flags(const OriginRequest& r) {
  if (r.type != "auto" && r.type != "points" && r.type != "communities" && r.type != "raster")
    throw UsageError("--origin-type must be auto, points, communities or raster");
  const bool tif = ends_with(r.spec, ".tif") || ends_with(r.spec, ".tiff");
  const bool grid = r.grid_cell_m > 0 && (r.type == "communities" || (r.type == "auto" && !tif));
  if (grid && r.grid_boundary.empty()) throw UsageError("--grid-cell needs --grid-boundary");
  if (grid && r.grid_shape != "square" && r.grid_shape != "hex" && r.grid_shape != "hexagon")
    throw UsageError("--grid-shape must be square or hex");
}

void check_facility_flags(const std::string& facilities, const std::string& category_field, const std::string& id_field,
                          bool catalog_rules) {
  if (io::is_osm_path(facilities)) {
    if (catalog_rules && !category_field.empty())
      throw UsageError("--category-field does not apply to OSM facilities (" + facilities + ")");
    if (!catalog_rules && (!category_field.empty() || !id_field.empty()))
      throw UsageError("--category-field and --id-field do not apply to OSM facilities (" + facilities +
                       "): categories come from tags and ids are OSM ids");
  } else if (catalog_rules && !category_field.empty() && api::is_amap_table(facilities)) {
    throw UsageError("--category-field does not apply to an Amap POI table (" + facilities + ")");
  }
}

void add_origin_options(CLI::App& cmd, OriginRequest& r) {
  cmd.add_option("--origins", r.spec, "Where people live: points (CSV lon/lat), community polygons (FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"), or a population raster")->required();
  cmd.add_option("--origin-type", r.type, "auto, points, communities or raster")->capture_default_str();
  cmd.add_option("--population-field", r.fields.population, "Origin population field");
  cmd.add_option("--households-field", r.fields.households, "Households field (population = households x persons per household)");
  cmd.add_option("--persons-per-household", r.fields.persons_per_household, "Persons per household")->capture_default_str();
  cmd.add_option("--elderly-share-field", r.fields.elderly_share, "Share of older residents (0..1) field");
  cmd.add_option("--origin-id-field", r.fields.id, "Origin id field (default: feature id)");
  cmd.add_option("--entrances", r.entrances, "Community entrances (points) FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
  // 0 stands for "no grid" inside; given, the size must be a positive number of metres.
  cmd.add_option("--grid-cell", r.grid_cell_m, "Grid cell size in metres: origins on a grid, population shared from the communities")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            double m = 0;
            try {
              std::size_t used = 0;
              m = std::stod(value, &used);
              if (used != value.size()) m = 0;
            } catch (const std::exception&) {
            }
            return m > 0 && std::isfinite(m) ? std::string() : "must be a positive number of metres, got '" + value + "'";
          },
          "METRES"));
  cmd.add_option("--grid-shape", r.grid_shape, "square or hex")->capture_default_str();
  cmd.add_option("--grid-boundary", r.grid_boundary, "Polygons the grid covers FILE[:LAYER] or \"PG:... tables=SCHEMA.TABLE\"");
}

}  // namespace lc::tools
