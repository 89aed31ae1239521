// api (internal): siting as the command line runs it: the public request, plus what only the
// command line adds between the stages (its memory budget, its words for what it warns about), and
// the engine's own tables for its writers. lifecircle::site wraps it for everyone else.
#pragma once

#include <lifecircle/site.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "api/coverage_run.hpp"
#include "core/units.hpp"
#include "io/table.hpp"
#include "network/graph.hpp"
#include "reach/anchor.hpp"

namespace lc::api {

// The candidates about to be searched: what a host needs to estimate their reach sets.
struct CoverStage {
  const RunSizes& sizes;
  const network::Graph& graph;
  const network::Weights& weights;
  const std::vector<reach::Anchor>& candidates;
  const reach::OriginAnchors& origins;
  Cost threshold;
};

struct SiteHooks {
  // Before the origins are loaded (the network is built and the facilities read).
  std::function<void(const RunSizes&, const io::Projector& metric)> before_origins;
  // Before the searches start (the origins are snapped).
  std::function<void(const RunSizes&)> before_searches;
  // Before candidates are generated every candidate_spacing_m along the streets of the classes
  // `allowed` (empty: all); not called when candidates are given.
  std::function<void(const RunSizes&, const network::Graph&, const std::vector<bool>& allowed)> before_candidates;
  // Before every candidate's reach set is searched.
  std::function<void(const CoverStage&)> before_covers;
  // The candidates farther than max_snap_m from a walkable street (called only when some are).
  std::function<void(std::size_t unsnapped)> unsnapped_candidates;
};

struct SiteRun {
  access::Catalog catalog;
  io::Table sites, curve;  // proposed_sites, coverage_curve
  lifecircle::SiteResult result;  // the counts, warnings and candidates outside the districts (no tables)
};

// The request's own consistency, before any input is read (a host checks it first, so that its
// argument errors come before its output checks).
void check_site_request(const lifecircle::SiteRequest& request);

SiteRun run_site(const lifecircle::SiteRequest& request, const SiteHooks& hooks = {});

}  // namespace lc::api
