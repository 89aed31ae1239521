// api (internal): coverage searched by spatial tiles (CoverageRequest::tile_m; docs/scaling.md,
// "Tiles"). The origins are partitioned into square tiles by where they join the network; a tile's
// searches run on the piece of the network within a buffer of the tile (every edge with an end in
// the tile's box grown by the buffer, and the edges its origins stand on), for the tile's origins
// and, as demand for 2SFCA, every other origin standing on that piece. With a buffer of the walk
// that the cap allows at the fastest speed any edge is walked, and a cap of at least twice the
// largest category threshold and the largest count threshold, every result is the untiled one:
// nearest times (and facilities) within the cap, counts and 2SFCA exactly; an origin whose nearest
// lies beyond the cap (or not on the piece) takes it from one search of the whole network. A
// (category, tile) pair is a unit of work that processes deal out (CoverageRequest::share).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "access/coverage.hpp"
#include "api/pipeline.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"

namespace lc::api {

// A tile's piece of the network and the origins on it.
struct TilePiece {
  network::Graph graph;
  std::vector<EdgeId> edges;             // piece edge -> whole network edge, ascending
  std::vector<std::uint32_t> origins;    // piece origin -> whole run origin, ascending
  std::vector<std::uint32_t> own;        // the tile's origins, as positions in `origins`
  std::vector<network::Snap> snaps;      // the piece origins' access points on the piece, origin by origin
  std::vector<std::uint32_t> first;      // piece origin -> snaps (origins.size() + 1)
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the box of the tile's origins' snapped access points
  EdgeId piece_edge(EdgeId whole) const;  // kNone: not on the piece
};

class Tiling {
 public:
  // `tile_m`: the side of a tile; `buffer_m`: how far around a tile its piece of network reaches.
  Tiling(const network::Graph& g, const OriginNetwork& on, double tile_m, double buffer_m);
  std::size_t size() const { return tiles_.size(); }  // tiles with origins
  // Origins without any access point on the network: none of the searches reaches them.
  const std::vector<std::uint32_t>& unsnapped() const { return unsnapped_; }
  const std::vector<std::uint32_t>& origins(std::size_t tile) const { return tiles_[tile].origins; }
  TilePiece piece(std::size_t tile) const;

 private:
  struct Tile {
    std::vector<std::uint32_t> origins;  // ascending
      // box of their snapped access points
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  };
  const network::Graph& g_;
  const OriginNetwork& on_;
  double cell_ = 0, gx0_ = 0, gy0_ = 0;
  std::size_t gw_ = 1, gh_ = 1;
  std::vector<std::uint32_t> cell_first_, cell_nodes_;    // nodes by grid cell (CSR)
  std::vector<std::uint32_t> edge_first_, edge_points_;   // access points by edge (CSR)
  std::vector<std::uint32_t> owner_;                      // access point -> origin
  double buffer_ = 0;
  std::vector<Tile> tiles_;
  std::vector<std::uint32_t> unsnapped_;
};

// The fastest any edge of `w` is walked, metres per second: its length (or the distance between
// its ends, or along its geometry, whichever is longest) over its time, either way. Throws
// UsageError about `tile` when an edge of some length takes no time.
double fastest_walk_mps(const network::Graph& g, const network::Weights& w);

// One category on one tile: the results of the tile's origins (in the order of
// Tiling::origins(tile)): nearest within `cap` (the others marked in `beyond`), counts, 2SFCA.
struct TileResult {
  std::vector<Cost> nearest;
  std::vector<std::uint32_t> nearest_member;  // index into the category's members; kNone: none
  std::vector<std::uint32_t> counts;          // origin x thresholds
  std::vector<double> fca, fca_gaussian;
  std::vector<std::uint32_t> beyond;          // positions whose nearest is past the cap
};

struct TileCategory {
  double speed;
  Cost threshold;
  access::Population group;
  const std::vector<network::Snap>* facility_snaps;  // the category's facilities, member order
  const std::vector<double>* capacity;
  const std::vector<Cost>* counts_at;
  Cost cap;
  // How far from the tile's box a facility may stand and still count for its origins (the fastest
  // walk in the larger of the largest count threshold and the category's): the bounded searches
  // start only at those.
  double reach_m;
};

TileResult search_tile(const TilePiece& piece, const TileCategory& c, const access::People& people);

}  // namespace lc::api
