// lc::network slope: walking times uphill and downhill from a DEM, by Tobler's hiking function
// normalised so that level ground walks at the profile's speed (docs/network.md, Slope). Each
// edge gets a time multiplier per direction; the searches then walk directed costs.
#pragma once

#include <cstddef>
#include <string>

#include "io/dem.hpp"
#include "network/graph.hpp"

namespace lc::network {

// The speed on a grade s (rise over run in the walking direction) relative to level ground:
// exp(-3.5 * |s + 0.05|) / exp(-0.175) (Tobler 1993, divided by its value at s = 0). 1 on the
// level, at most exp(0.175) ~ 1.19 at s = -0.05 (a gentle descent), 0.70 at s = 0.1.
double tobler_factor(double s);

struct SlopeStats {
  std::size_t edges = 0;        // edges read along the ground or at their ends
  std::size_t partly_flat = 0;  // of which some piece lay outside the DEM or on nodata: walked flat there
  double spacing_m = 0;         // the sampling step along the edges
  double max_rise = 0;          // the steepest piece's |rise over run|
};

// The DEM is read every `spacing_m` along each edge's geometry (and at its ends); each piece
// between two samples is walked at its own grade, so an edge over a hill is slower both ways.
// Edges of Grade::ends use the straight grade between their ends, Grade::none stay flat. Fills
// edge_slope_uv and edge_slope_vu.
SlopeStats apply_dem(Graph& g, const io::Dem& dem, double spacing_m);

// The sampling step for a DEM: its cell size, at least 10 m (a finer step sees kerbs, walls and
// noise rather than the grade a walker climbs).
double dem_spacing_m(const io::Dem& dem);

}  // namespace lc::network
