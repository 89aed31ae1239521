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

lifecircle::ReachResult run_reach(const lifecircle::ReachRequest& request, const ReachHooks& hooks,
                                  const lifecircle::ReachSink& on_category);

}  // namespace lc::api
