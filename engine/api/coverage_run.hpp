// api (internal): coverage as the command line runs it: the public request, plus what only the
// command line adds between the stages (its memory budget, the MPI split of `lifecircle run`), and
// the engine's own result tables for its writers. lifecircle::coverage wraps it for everyone else.
#pragma once

#include <lifecircle/coverage.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/catalog.hpp"
#include "access/coverage.hpp"
#include "access/origins.hpp"
#include "io/crs.hpp"
#include "io/table.hpp"
#include "api/coverage_inputs.hpp"
#include "api/pipeline.hpp"
#include "api/work_split.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace lc::api {

// What a run holds at a stage, for a host's memory budget.
struct RunSizes {
  std::size_t nodes = 0, edges = 0;
  std::size_t origins = 0, access_points = 0;  // 0 before the origins are loaded
  std::size_t facilities = 0, categories = 0;
  bool polygon_origins = false;
};

// The searches about to start: what a host needs to estimate them (the 2SFCA pairs of a category).
struct SearchStage {
  RunSizes sizes;
  const network::Graph& graph;
  const CategorizedFacilities& facilities;
  const std::vector<network::Snap>& facility_snaps;
  OriginNetwork& origins;
  std::function<Rule(const std::string& category)> rule;
};

// Which per-origin layers a run makes (CoverageRequest::layout: long, wide or both).
struct Layout {
  bool long_rows = true;  // origin_access and gaps (rows per origin and category)
  bool wide = false;      // origin_access_wide (a row per origin)
  explicit Layout(const std::string& name) : long_rows(name != "wide"), wide(name != "long") {}
};

struct CoverageHooks {
  // Before the origins are loaded (the network is built and the facilities read).
  std::function<void(const RunSizes&, const io::Projector& metric)> before_origins;
  // Before the searches start (the origins are snapped).
  std::function<void(const SearchStage&)> before_searches;
  // With the request's share: the processes' collective exchange of bytes (work_split.hpp), through
  // which every process gets every share's categories. Empty: a share returns only its own
  // categories, and no tables.
  GatherAll gather_all;
  bool tables = true;  // false: a process that does not write stops after the searches
  bool keep_categories = true;  // false: each category's per-origin results are freed once its rows are made
  // Streaming: origin_access and gaps are handed over as they are made instead of kept. stream_begin
  // gets the layers without rows before the first category's (origin_access and gaps unless the
  // layout is wide, origin_access_wide with the wide layout); stream_rows each part of their rows
  // (one category's, for up to 8,192 origins at a time; origin_access_wide's once the last category
  // is in), in the order the whole tables have them. The run's tables then hold the two without rows, and style_digest stands for
  // origin_access where styles are chosen. Unset: they are built whole.
  std::function<void(const std::vector<const io::Table*>& layers)> stream_begin;
  std::function<void(const io::RowBlock& rows)> stream_rows;
};

struct CoverageRun {
  access::Catalog catalog;
  std::optional<lifecircle::Network> network;  // the network walked
  CategorizedFacilities facilities;            // after the category selection
  std::vector<std::string> area_wkt;           // each origin's area (WGS84 WKT, "" for a point)
  std::vector<access::Unit> units;
  access::People people;
  std::vector<access::CategoryResult> categories;  // empty unless hooks.keep_categories
  std::vector<double> speeds;  // parallel to categories: the speed each was walked at
  // origin_access, community_coverage, unit_coverage, gaps, gap_areas, unit_gaps, gap_measures,
  // progress[, plan_unit_coverage]; empty when hooks.tables is false. The request's layout: "wide"
  // drops origin_access and gaps and appends origin_access_wide, "both" appends it.
  std::vector<io::Table> tables;
  std::optional<io::Table> summary;
  std::string gap_report;
  // When streamed: origin_access as report::layer_styles needs it, one row per category (the people
  // beyond its threshold as population, no time), in place of its rows.
  std::optional<io::Table> style_digest;
};

// `on_category`: each category as it finishes in this process, with the speed it was walked at.
CoverageRun run_coverage(const lifecircle::CoverageRequest& request, const CoverageHooks& hooks = {},
                         const std::function<void(const access::CategoryResult&, double speed)>& on_category = {});

// A category result in the public shape.
lifecircle::CategoryCoverage public_category(const access::CategoryResult& c, double speed);

}  // namespace lc::api
