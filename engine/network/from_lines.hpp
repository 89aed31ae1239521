// lc::network GIS lines to graph input: a planner's road centrelines (any GDAL line layer).
// Vertices closer than a tolerance are merged, so lines that meet at a shared (or nearly
// shared) point connect; lines that merely cross connect only when noding is asked for, since
// in centreline data a crossing without a shared vertex is often a bridge.
#pragma once

#include <optional>
#include <vector>

#include "io/crs.hpp"
#include "io/vector_reader.hpp"
#include "network/builder.hpp"

namespace lc::network {

struct LineOptions {
  double merge_tolerance_m = 0.5;
  bool node_crossings = false;  // split lines where they cross (GEOS noding)
  // Which of each feature's values (io::ReadRequest::fields) is its street class; none: every
  // edge has class "" (not known).
  std::optional<std::size_t> class_value{};
};

// One polyline in metric coordinates with the feature it came from and its street class.
struct SourceLine {
  std::vector<Point> points;
  std::int64_t source = 0;
  std::uint16_t cls = 0;  // index into NetworkInput::class_names
};

NetworkInput input_from_lines(const io::VectorLayer& layer, const io::Projector& proj,
                              const LineOptions& options);

// The pieces of `lines` split at every crossing, each tagged with the line it lies on (its
// source and class).
std::vector<SourceLine> node_crossings(const std::vector<SourceLine>& lines);

// Merges points within `tolerance` of each other (transitively) into shared vertices. The ways
// keep their lines' class ids; the caller sets class_names.
NetworkInput merge_vertices(const std::vector<SourceLine>& lines, double tolerance);

}  // namespace lc::network
