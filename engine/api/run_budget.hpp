// api: the memory budget of a coverage, siting, isochrone, reach or compare run (docs/memory.md) as the hooks that check it
// between the stages, each before it starts (before the origins are loaded, before the searches;
// siting also before candidates are generated along the streets and before their reach sets are
// built). A refused stage is a UsageError naming the request's field to change (max_memory,
// grid_cell, candidate_spacing, threads).
#pragma once

#include <string>

#include "api/coverage_inputs.hpp"
#include "api/compare_run.hpp"
#include "api/coverage_run.hpp"
#include "api/isochrone_run.hpp"
#include "api/reach_run.hpp"
#include "api/site_run.hpp"

namespace lc::api {

// `max_memory` as given ("" for 80% of the machine's); `threads` as requested (0: every core);
// `count_thresholds`: the count columns; `streamed`: origin_access and gaps streamed as each
// category finishes (CoverageHooks::stream_rows) or not made; `wide`: origin_access_wide made (the
// layout wide or both). Sets before_origins and before_searches.
void add_coverage_budget(CoverageHooks& hooks, const OriginRequest& origins, const std::string& max_memory,
                         unsigned threads, unsigned count_thresholds, bool streamed, Layout layout = Layout("long"));

// `districts`: candidates are assigned to units (per-district quotas). Sets before_origins,
// before_searches, before_candidates and before_covers.
void add_site_budget(SiteHooks& hooks, const OriginRequest& origins, const std::string& max_memory, unsigned threads,
                     double candidate_spacing_m, bool districts);

// Isochrones: the rows to come, each as large as a sample of them drawn in full (up to 4
// facilities of the first category), checked before any other is drawn. Sets before_drawing.
void add_isochrone_budget(IsochroneHooks& hooks, const lifecircle::IsochroneRequest& request, const std::string& max_memory,
                          unsigned threads);

// Reach: the searches and, with `table` (a GeoPackage, GeoJSON or FlatGeobuf output), every row
// kept until written. Sets before_searches.
void add_reach_budget(ReachHooks& hooks, const lifecircle::ReachRequest& request, const std::string& max_memory,
                      unsigned threads, bool table);

// Compare: the base and the scenario of every category and the origin_changes table. Sets
// before_origins and before_searches.
void add_compare_budget(CompareHooks& hooks, const OriginRequest& origins, const std::string& max_memory, unsigned threads);

}  // namespace lc::api
