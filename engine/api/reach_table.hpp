// api: reach's results as the command line writes them: the `reach` layer (one row per origin and
// category: nearest times and ids, the k nearest, counts within each threshold, snap distance,
// the origin as a point) with its description, or the same columns as CSV text, one category at a
// time as the searches finish.
#pragma once

#include <lifecircle/reach.hpp>

#include <functional>
#include <string>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/table.hpp"

namespace lc::api {

// The layer without rows. `catalog_path`: the catalog whose speed profiles the description
// names under a walk profile or in a season (the request's, else the default one). `field_name`:
// how the description names the request fields it mentions (speed, network.walk_profile): the
// request's own names when empty, a client's words when given (the command line: --speed).
io::Table reach_table(const lifecircle::ReachRequest& request, const std::string& catalog_path,
                      const std::function<std::string(const std::string&)>& field_name = {});

// One category's rows: times rounded to 0.1 s, empty cells where nothing is reached or the
// origin is not snapped.
void add_reach_rows(io::Table& table, unsigned k, const lifecircle::ReachResult& origins,
                    const lifecircle::ReachCategory& category);

// The CSV's header line and one category's lines (the layer's columns without the point).
std::string reach_csv_header(unsigned k, const std::vector<double>& thresholds_min);
void write_reach_csv_rows(io::AtomicFile& out, unsigned k, const lifecircle::ReachResult& origins,
                          const lifecircle::ReachCategory& category);

}  // namespace lc::api
