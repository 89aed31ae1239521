// api: reading back the proposed sites that `lifecircle site --out X.csv` wrote
// (rank,site_id,district,x,y,new_covered,cumulative_covered,cumulative_coverage; x,y WGS84
// lon/lat), so that the coverage report can put them in (`report_sites`; `--report-sites`).
#pragma once

#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "io/table.hpp"

namespace lc::api {

// The category a site file belongs to: "CATEGORY=PATH" says it; a bare PATH takes it from the file
// name without a leading "sites_" ("sites_fitness.csv" -> "fitness"), widened to the one catalog
// id it starts ("sites_convenience.csv" -> "convenience_store") when it is not an id itself.
struct SiteSpec {
  std::string category;
  std::string path;
};
SiteSpec parse_site_spec(const std::string& spec, const access::Catalog& catalog);
// The same without a catalog: category "" when the spec does not name one.
SiteSpec split_site_spec(const std::string& spec);

// The table named after the category. Columns rank, x and y are required, the others optional.
// InputError naming the file and line for a missing column, a number that is not one, or x,y
// outside lon/lat range.
io::Table read_site_csv(const SiteSpec& spec);

}  // namespace lc::api
