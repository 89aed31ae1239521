// lc::network GIS lines to graph input: a planner's road centrelines (any GDAL line layer).
// Vertices closer than a tolerance are merged, so lines that meet at a shared (or nearly
// shared) point connect; lines that merely cross connect only when noding is asked for, since
// in centreline data a crossing without a shared vertex is often a bridge.
#pragma once

#include <vector>

#include "io/crs.hpp"
#include "io/vector_reader.hpp"
#include "network/builder.hpp"

namespace lc::network {

struct LineOptions {
  double merge_tolerance_m = 0.5;
  bool node_crossings = false;  // split lines where they cross (GEOS noding)
};

// One polyline in metric coordinates with the feature it came from.
struct SourceLine {
  std::vector<Point> points;
  std::int64_t source = 0;
};

NetworkInput input_from_lines(const io::VectorLayer& layer, const io::Projector& proj,
                              const LineOptions& options);

// The pieces of `lines` split at every crossing, each tagged with the line it lies on.
std::vector<SourceLine> node_crossings(const std::vector<SourceLine>& lines);

// Merges points within `tolerance` of each other (transitively) into shared vertices.
NetworkInput merge_vertices(const std::vector<SourceLine>& lines, double tolerance);

}  // namespace lc::network
