// api (internal): facilities from an Amap/高德-style POI table (io/poi_table.hpp), assigned to the catalog's
// categories by their Amap rules (type codes and name keywords, access::categories_for_amap).
#pragma once

#include <string>

#include "access/catalog.hpp"
#include "api/coverage_inputs.hpp"
#include "io/chinese_coords.hpp"

namespace lc::api {

// Reads the table (coordinates in `datum`, GCJ-02 by default, converted to WGS84) and puts every
// POI in every category whose Amap rule matches its typecode and name. `points` holds only the
// POIs that match some category, in file order; their ids are the table's ids (its line numbers
// without an id column) and their `categories` entries are empty (membership is in `members`).
// The reader's warnings go to log::warn, and so does one line counting the POIs that match no
// category (with a few examples), which are left out. Errors are the reader's InputErrors.
CategorizedFacilities facilities_from_amap(const std::string& path, const access::Catalog& catalog,
                                           io::ChineseDatum datum = io::ChineseDatum::gcj02);

}  // namespace lc::api
