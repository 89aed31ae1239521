// api (internal): reach as the command line runs it: the public request plus the command line's
// memory budget before the searches. lifecircle::reach wraps it for everyone else.
#pragma once

#include <lifecircle/reach.hpp>

#include <functional>

#include "api/coverage_run.hpp"

namespace lc::api {

struct ReachHooks {
  std::function<void(const RunSizes&)> before_searches;  // the origins and facilities are snapped
};

// The one speed reach walks at (lifecircle::ReachRequest::speed_mps): --speed or 1.0 m/s, times
// the general profile's factor in a season; under a walk profile that catalog profile's speed (or
// --speed) times its own factor in a season.
double reach_speed_mps(const lifecircle::ReachRequest& request);

lifecircle::ReachResult run_reach(const lifecircle::ReachRequest& request, const ReachHooks& hooks,
                                  const lifecircle::ReachSink& on_category);

}  // namespace lc::api
