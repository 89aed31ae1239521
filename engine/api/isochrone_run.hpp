// api (internal): isochrones as the command line runs them: the public request plus the command
// line's memory budget before anything is drawn. lifecircle::isochrones wraps it.
#pragma once

#include <lifecircle/isochrones.hpp>

#include <functional>
#include <string>

#include "access/catalog.hpp"
#include "api/coverage_inputs.hpp"
#include "api/inputs.hpp"
#include "io/table.hpp"

namespace lc::api {

// What is about to be drawn: the network, the facilities by category, each category's speed.
struct DrawStage {
  const LoadedNetwork& network;
  const CategorizedFacilities& facilities;
  std::function<double(const std::string& category)> speed;
};

struct IsochroneHooks {
  std::function<void(const DrawStage&)> before_drawing;
};

struct IsochroneLayers {
  io::Table isochrones, service_areas;  // service_areas empty unless asked for
};

IsochroneLayers run_isochrones(const lifecircle::IsochroneRequest& request, const IsochroneHooks& hooks = {});

}  // namespace lc::api
