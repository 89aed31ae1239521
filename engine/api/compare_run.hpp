// api (internal): compare as the command line runs it: the public request, plus the command line's
// memory budget and its words for what it warns about, and the engine's own tables for its writers.
// lifecircle::compare wraps it for everyone else.
#pragma once

#include <lifecircle/compare.hpp>

#include <cstddef>
#include <functional>

#include "access/catalog.hpp"
#include "api/coverage_run.hpp"
#include "io/table.hpp"

namespace lc::api {

struct CompareHooks {
  // Before the origins are loaded (the network is built and the base facilities read).
  std::function<void(const RunSizes&, const io::Projector& metric)> before_origins;
  // Before the searches start (the origins are snapped).
  std::function<void(const RunSizes&)> before_searches;
  // Added facilities farther than max_snap_m from a walkable street (called only when some are).
  std::function<void(std::size_t unsnapped)> unsnapped_added;
};

struct CompareRun {
  access::Catalog catalog;
  io::Table summary, origin_changes;  // origin_changes empty unless the request asks for it
  std::size_t unsnapped_added = 0;
};

// The request's own consistency, before any input is read.
void check_compare_request(const lifecircle::CompareRequest& request);

CompareRun run_compare(const lifecircle::CompareRequest& request, const CompareHooks& hooks = {});

}  // namespace lc::api
