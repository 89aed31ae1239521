// api (internal): the public inputs (include/lifecircle/inputs.hpp) turned into the engine's:
// sources read or taken from arrays, Chinese datums undone, the network built.
#pragma once

#include <lifecircle/catalog.hpp>
#include <lifecircle/coverage.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/table.hpp>

#include <vector>

#include "access/catalog.hpp"
#include "access/origins.hpp"
#include "api/coverage_inputs.hpp"
#include "api/inputs.hpp"
#include "io/table.hpp"

struct lifecircle::Network::Impl {
  lc::api::LoadedNetwork net;
  std::string source;
};

struct lifecircle::Catalog::Impl {
  lc::access::Catalog catalog;
};

namespace lc::api {

io::ChineseDatum engine_datum(lifecircle::Datum d);

// The network the request names: `built` when given, else read and built from `source`.
lifecircle::Network network_of(const lifecircle::NetworkSource& source, const std::optional<lifecircle::Network>& built);

// Facilities by the catalog's rules (or a category field), coordinates in WGS84.
CategorizedFacilities facilities_of(const lifecircle::FacilitySource& s, const access::Catalog& catalog);

// The engine's origin request for a file source (no datum applied).
OriginRequest origin_request(const lifecircle::OriginSource& s);
// The inverse: the file source of an origin request (the command line's origin options), in `datum`.
lifecircle::OriginSource origin_source(const OriginRequest& r, lifecircle::Datum datum = lifecircle::Datum::wgs84);

// Origins of a source, coordinates in WGS84; `communities` says whether they are community areas.
access::OriginSet origins_of(const lifecircle::OriginSource& s, const io::Projector& metric);

std::vector<access::Unit> units_of(const lifecircle::UnitSource& s);

// Coordinates of a coverage request's input layers declared as "LAYER=gcj02|bd09|EPSG:N" (the
// command line's --input-crs), LAYER one of network, facilities, origins, units, entrances,
// grid-boundary: EPSG codes go to the current context's input_epsg (the readers of that file
// take them), Chinese datums to the request's sources (undone on load; the plan facilities take
// the facilities'). A UsageError naming the field input_crs for a declaration that cannot apply.
void apply_input_crs(lifecircle::CoverageRequest& r, const std::vector<std::string>& declared);

// The catalog file a request names, or the default one.
access::Catalog catalog_of(const std::string& path);

// Columns of numbers and text, geometries as WKB.
lifecircle::Table public_table(const io::Table& t);

// The inverse: a public table as the engine's (for the report and the styles); geometries as WKT,
// all of them, or only the first (all a style needs to know the symbol).
io::Table engine_table(const lifecircle::Table& t, bool every_geometry = true);

// A file of the shipped data (geo/categories.toml, checklist/wuhai-2023.toml): under LIFECIRCLE_DATA
// when set, else the installed data beside the library, else the source tree's data/.
std::string data_path(const std::string& relative);

// "unit" and such, for the public CategoryInfo / CategoryCoverage.
std::string group_name(access::Population p);

}  // namespace lc::api
