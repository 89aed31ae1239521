// api: a coverage run's categories shared among processes (CoverageRequest::share; `lifecircle
// run` under mpirun). Each process searches its share; the results travel as bytes through the
// client's collective `gather_all` (MPI, or anything that hands every process every process's
// bytes), so that every process holds all of them in category order. A plain run is a share of one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "access/coverage.hpp"

namespace lc::api {

// Results tagged with their category's index in id order.
using CategoryResults = std::vector<std::pair<std::size_t, access::CategoryResult>>;
// Collective: every process's bytes (in process order) from this one's.
using GatherAll = std::function<std::vector<std::string>(const std::string&)>;

// Every process's category results, in category order; `computed` holds this process's. Without
// `gather_all`, `computed` must be all of them.
std::vector<access::CategoryResult> exchange_categories(CategoryResults computed, std::size_t total,
                                                       const GatherAll& gather_all = {});

// Bytes of a list of (index, result) and back; exposed for the round-trip test.
std::string encode_categories(const CategoryResults& results);
CategoryResults decode_categories(const std::string& bytes);

}  // namespace lc::api
