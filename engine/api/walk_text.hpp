// api: how a run walks, in words, for its layers' descriptions and the planner's report.
#pragma once

#include <lifecircle/error.hpp>

#include <optional>
#include <string>

#include "access/catalog.hpp"
#include "io/table.hpp"

namespace lc::api {

// "0.8 m/s for every category ({speed})", or "the catalog's speed profiles (general 1 m/s,
// elderly 0.8 m/s)": `speed` is the one speed asked for (the request's speed_mps), `catalog` the
// run's (its season and walk profile applied). The request fields it names are marked ({speed},
// {network.walk_profile}) for a client to word as its own (the command line: --speed).
lifecircle::FieldText speed_text(const std::optional<double>& speed, const access::Catalog& catalog);

// Appends "Walking speed: <speed_text>." to a layer's description (the outputs' parameters).
void describe_speed(io::Table& table, const std::string& speed_text);

}  // namespace lc::api
