// lc::network OSM to graph input: applies the walking profile to the ways io read, projects them
// to the run's metric CRS and ties ways together at shared OSM nodes. Each way's highway=* value
// is its street class.
#pragma once

#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "network/builder.hpp"
#include "network/osm_profile.hpp"

namespace lc::network {

NetworkInput input_from_osm(const io::OsmData& osm, const io::Projector& proj,
                            const WalkProfile& profile);

}  // namespace lc::network
