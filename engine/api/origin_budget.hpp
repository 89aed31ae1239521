// api: the memory budget of origins that are generated rather than read (a grid's cells, from the
// boundary's area; a raster's cells, from its size or its populated cells), checked before they
// are made with the rest of the run (memory_budget.hpp), so that a grid cell of 1 m over a city
// is refused at once (exit 2) instead of growing until the machine gives out.
#pragma once

#include <string>

#include "api/coverage_inputs.hpp"
#include "api/memory_budget.hpp"
#include "io/crs.hpp"

namespace lc::api {

// Before the origins are loaded: `shape` is the rest of the run without its origins; `max_memory`
// the limit as given ("" for 80% of the machine's). Points and communities are read as they are.
void check_origin_budget(const OriginRequest& r, const io::Projector& metric, const std::string& max_memory,
                         RunShape shape);

}  // namespace lc::api
