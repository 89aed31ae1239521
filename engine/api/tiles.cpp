#include "api/tiles.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "access/fca.hpp"
#include "core/error.hpp"
#include "io/table_writer.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"

namespace lc::api {

namespace {

// Position of `v` in the ascending `sorted`, or kNone.
std::uint32_t tile_index_of(const std::vector<std::uint32_t>& sorted, std::uint32_t v) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), v);
  return it != sorted.end() && *it == v ? static_cast<std::uint32_t>(it - sorted.begin()) : kNone;
}

template <class T>
void tile_copy_edges(const std::vector<T>& from, const std::vector<EdgeId>& edges, std::size_t whole, std::vector<T>& to) {
  if (from.size() != whole) return;  // an optional column left empty
  to.reserve(edges.size());
  for (EdgeId e : edges) to.push_back(from[e]);
}

double tile_dist(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

EdgeId TilePiece::piece_edge(EdgeId whole) const { return tile_index_of(edges, whole); }

Tiling::Tiling(const network::Graph& g, const OriginNetwork& on, double tile_m, double buffer_m)
    : g_(g), on_(on), buffer_(buffer_m) {
  // Nodes by grid cell, for finding those in a tile's grown box without looking at all of them.
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  for (std::uint32_t n = 0; n < g.node_count(); ++n) {
    const Point p = g.node_xy[n];
    if (n == 0) x0 = x1 = p.x, y0 = y1 = p.y;
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  cell_ = std::max({tile_m, (x1 - x0) / 2048.0, (y1 - y0) / 2048.0, 1.0});
  gx0_ = x0, gy0_ = y0;
  gw_ = static_cast<std::size_t>((x1 - x0) / cell_) + 1;
  gh_ = static_cast<std::size_t>((y1 - y0) / cell_) + 1;
  const auto cell_of = [&](Point p) {
    const auto cx = std::min(gw_ - 1, static_cast<std::size_t>(std::max(0.0, (p.x - gx0_) / cell_)));
    const auto cy = std::min(gh_ - 1, static_cast<std::size_t>(std::max(0.0, (p.y - gy0_) / cell_)));
    return cy * gw_ + cx;
  };
  cell_first_.assign(gw_ * gh_ + 1, 0);
  for (std::uint32_t n = 0; n < g.node_count(); ++n) ++cell_first_[cell_of(g.node_xy[n]) + 1];
  for (std::size_t i = 1; i < cell_first_.size(); ++i) cell_first_[i] += cell_first_[i - 1];
  cell_nodes_.resize(g.node_count());
  {
    std::vector<std::uint32_t> at(cell_first_.begin(), cell_first_.end() - 1);
    for (std::uint32_t n = 0; n < g.node_count(); ++n) cell_nodes_[at[cell_of(g.node_xy[n])]++] = n;
  }
  // Access points by the edge they stand on, and the origin of each.
  owner_.resize(on.snaps.size());
  for (std::size_t o = 0; o + 1 < on.first.size(); ++o)
    for (auto i = on.first[o]; i < on.first[o + 1]; ++i) owner_[i] = static_cast<std::uint32_t>(o);
  edge_first_.assign(static_cast<std::size_t>(g.edge_count()) + 1, 0);
  for (const auto& s : on.snaps)
    if (s.snapped()) ++edge_first_[s.edge + 1];
  for (std::size_t i = 1; i < edge_first_.size(); ++i) edge_first_[i] += edge_first_[i - 1];
  edge_points_.resize(edge_first_.back());
  {
    std::vector<std::uint32_t> at(edge_first_.begin(), edge_first_.end() - 1);
    for (std::uint32_t i = 0; i < on.snaps.size(); ++i)
      if (on.snaps[i].snapped()) edge_points_[at[on.snaps[i].edge]++] = i;
  }
  // Origins into tiles by their first access point on the network, tiles in rows from the
  // south-west; each tile's box is that of all its origins' access points, grown by the buffer.
  std::map<std::pair<long long, long long>, std::size_t> index;
  for (std::uint32_t o = 0; o + 1 < on.first.size(); ++o) {
    const network::Snap* first = nullptr;
    for (auto i = on.first[o]; i < on.first[o + 1] && !first; ++i)
      if (on.snaps[i].snapped()) first = &on.snaps[i];
    if (!first) {
      unsnapped_.push_back(o);
      continue;
    }
    const auto key = std::make_pair(static_cast<long long>(std::floor((first->at.y - y0) / tile_m)),
                                    static_cast<long long>(std::floor((first->at.x - x0) / tile_m)));
    auto [it, added] = index.emplace(key, 0);
    if (added) it->second = index.size() - 1;
  }
  std::vector<std::size_t> order(index.size());  // creation index -> position in row order
  {
    std::size_t k = 0;
    for (auto& [key, created] : index) order[created] = k++;
  }
  tiles_.resize(index.size());
  for (std::uint32_t o = 0, next = 0; o + 1 < on.first.size(); ++o) {
    if (next < unsnapped_.size() && unsnapped_[next] == o) {
      ++next;
      continue;
    }
    const network::Snap* first = nullptr;
    for (auto i = on.first[o]; i < on.first[o + 1] && !first; ++i)
      if (on.snaps[i].snapped()) first = &on.snaps[i];
    const auto key = std::make_pair(static_cast<long long>(std::floor((first->at.y - y0) / tile_m)),
                                    static_cast<long long>(std::floor((first->at.x - x0) / tile_m)));
    Tile& t = tiles_[order[index.at(key)]];
    for (auto i = on.first[o]; i < on.first[o + 1]; ++i) {
      if (!on.snaps[i].snapped()) continue;
      const Point p = on.snaps[i].at;
      t.x0 = std::min(t.x0, p.x), t.x1 = std::max(t.x1, p.x), t.y0 = std::min(t.y0, p.y), t.y1 = std::max(t.y1, p.y);
    }
    t.origins.push_back(o);
  }
}

TilePiece Tiling::piece(std::size_t tile) const {
  Tile t = tiles_[tile];
  const network::Graph& g = g_;
  TilePiece p;
  p.x0 = t.x0, p.y0 = t.y0, p.x1 = t.x1, p.y1 = t.y1;
  t.x0 -= buffer_, t.y0 -= buffer_, t.x1 += buffer_, t.y1 += buffer_;
  // Every edge with an end in the grown box, and those the tile's origins stand on.
  const auto cx = [&](double x) { return std::min(gw_ - 1, static_cast<std::size_t>(std::max(0.0, (x - gx0_) / cell_))); };
  const auto cy = [&](double y) { return std::min(gh_ - 1, static_cast<std::size_t>(std::max(0.0, (y - gy0_) / cell_))); };
  for (std::size_t y = cy(t.y0); y <= cy(t.y1); ++y)
    for (std::size_t x = cx(t.x0); x <= cx(t.x1); ++x)
      for (auto i = cell_first_[y * gw_ + x]; i < cell_first_[y * gw_ + x + 1]; ++i) {
        const NodeId n = cell_nodes_[i];
        const Point q = g.node_xy[n];
        if (q.x < t.x0 || q.x > t.x1 || q.y < t.y0 || q.y > t.y1) continue;
        for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) p.edges.push_back(g.arc_edge[a]);
      }
  for (auto o : t.origins)
    for (auto i = on_.first[o]; i < on_.first[o + 1]; ++i)
      if (on_.snaps[i].snapped()) p.edges.push_back(on_.snaps[i].edge);
  std::sort(p.edges.begin(), p.edges.end());
  p.edges.erase(std::unique(p.edges.begin(), p.edges.end()), p.edges.end());
  std::vector<NodeId> nodes;
  nodes.reserve(2 * p.edges.size());
  for (EdgeId e : p.edges) nodes.push_back(g.edge_u[e]), nodes.push_back(g.edge_v[e]);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());

  // The piece as a graph of its own: nodes and edges in the whole network's order, each node's
  // arcs in its order, every column copied.
  network::Graph& s = p.graph;
  const std::size_t whole = g.edge_count();
  for (NodeId n : nodes) s.node_xy.push_back(g.node_xy[n]);
  if (g.component.size() == g.node_count())
    for (NodeId n : nodes) s.component.push_back(g.component[n]);
  s.component_size = g.component_size;
  for (EdgeId e : p.edges) s.edge_u.push_back(tile_index_of(nodes, g.edge_u[e])), s.edge_v.push_back(tile_index_of(nodes, g.edge_v[e]));
  tile_copy_edges(g.edge_length_m, p.edges, whole, s.edge_length_m);
  tile_copy_edges(g.edge_time_factor, p.edges, whole, s.edge_time_factor);
  tile_copy_edges(g.edge_extra_s, p.edges, whole, s.edge_extra_s);
  tile_copy_edges(g.edge_slope_uv, p.edges, whole, s.edge_slope_uv);
  tile_copy_edges(g.edge_slope_vu, p.edges, whole, s.edge_slope_vu);
  tile_copy_edges(g.edge_grade, p.edges, whole, s.edge_grade);
  tile_copy_edges(g.edge_source, p.edges, whole, s.edge_source);
  tile_copy_edges(g.edge_class, p.edges, whole, s.edge_class);
  s.class_names = g.class_names;
  if (g.geom_first.size() == whole + 1) {
    s.geom_first.push_back(0);
    for (EdgeId e : p.edges) {
      s.geom_xy.insert(s.geom_xy.end(), g.geom_xy.begin() + g.geom_first[e], g.geom_xy.begin() + g.geom_first[e + 1]);
      s.geom_first.push_back(static_cast<std::uint32_t>(s.geom_xy.size()));
    }
  }
  s.first_out.push_back(0);
  for (NodeId n : nodes) {
    for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) {
      const EdgeId pe = p.piece_edge(g.arc_edge[a]);
      if (pe == kNone) continue;
      s.head.push_back(tile_index_of(nodes, g.head[a]));
      s.arc_edge.push_back(pe);
    }
    s.first_out.push_back(static_cast<std::uint32_t>(s.head.size()));
  }

  // The origins standing on the piece (the tile's and, as demand, the others), with their access
  // points on it.
  for (EdgeId e : p.edges)
    for (auto i = edge_first_[e]; i < edge_first_[e + 1]; ++i) p.origins.push_back(owner_[edge_points_[i]]);
  std::sort(p.origins.begin(), p.origins.end());
  p.origins.erase(std::unique(p.origins.begin(), p.origins.end()), p.origins.end());
  p.first.push_back(0);
  for (auto o : p.origins) {
    for (auto i = on_.first[o]; i < on_.first[o + 1]; ++i) {
      network::Snap snap = on_.snaps[i];
      if (!snap.snapped()) continue;
      snap.edge = p.piece_edge(snap.edge);
      if (snap.edge != kNone) p.snaps.push_back(snap);
    }
    p.first.push_back(static_cast<std::uint32_t>(p.snaps.size()));
  }
  for (auto o : t.origins) p.own.push_back(tile_index_of(p.origins, o));
  return p;
}

double fastest_walk_mps(const network::Graph& g, const network::Weights& w) {
  double fastest = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    double along = g.edge_length_m[e];
    along = std::max(along, tile_dist(g.node_xy[g.edge_u[e]], g.node_xy[g.edge_v[e]]));
    if (g.geom_first.size() == static_cast<std::size_t>(g.edge_count()) + 1) {
      double geom = 0;
      for (auto i = g.geom_first[e] + 1; i < g.geom_first[e + 1]; ++i) geom += tile_dist(g.geom_xy[i - 1], g.geom_xy[i]);
      along = std::max(along, geom);
    }
    if (along <= 0) continue;
    const auto ms = std::min(w.edge_ms[e], w.edge_ms_vu.empty() ? w.edge_ms[e] : w.edge_ms_vu[e]);
    if (ms <= 0)
      throw UsageError(Field{"tile_size"}, "the network has a street of " + io::format_cell(along) +
                                          " m walked in no time, so no buffer bounds a walk: run without tiles");
    fastest = std::max(fastest, along / (static_cast<double>(ms) / 1000.0));
  }
  return fastest;
}

TileResult search_tile(const TilePiece& piece, const TileCategory& c, const access::People& people) {
  const network::Graph& g = piece.graph;
  const network::Weights w = network::make_weights(g, MetresPerSecond{c.speed});
  const reach::OriginAnchors origins{reach::make_anchors(g, w, piece.snaps), piece.first};
  // The category's facilities in member order (indices as in the whole run), those off the piece
  // not on the network.
  std::vector<network::Snap> snaps = *c.facility_snaps;
  for (auto& s : snaps)
    if (s.snapped() && (s.edge = piece.piece_edge(s.edge)) == kNone) s = network::Snap{};
  const auto anchors = reach::make_anchors(g, w, snaps);

  TileResult r;
  const std::size_t n = piece.own.size();
  r.nearest.reserve(n), r.nearest_member.reserve(n);
  {
    const auto res = reach::nearest_facilities(g, w, anchors, origins, 1);
    for (std::size_t k = 0; k < n; ++k) {
      const auto& best = res.row(piece.own[k])[0];
      if (best.cost.reachable() && best.cost <= c.cap) {
        r.nearest.push_back(best.cost), r.nearest_member.push_back(best.source);
      } else {
        r.nearest.push_back(Cost::unreachable()), r.nearest_member.push_back(kNone), r.beyond.push_back(static_cast<std::uint32_t>(k));
      }
    }
  }
  // The bounded searches start only at the facilities within reach of the tile: one farther counts
  // for none of its origins and reaches none within the category's threshold, so its 2SFCA ratio is
  // added to none of theirs.
  std::vector<reach::Anchor> near = anchors;
  for (std::size_t j = 0; j < near.size(); ++j) {
    if (!snaps[j].snapped()) continue;
    const Point q = snaps[j].at;
    const double dx = std::max({piece.x0 - q.x, 0.0, q.x - piece.x1}), dy = std::max({piece.y0 - q.y, 0.0, q.y - piece.y1});
    if (std::hypot(dx, dy) > c.reach_m) near[j] = reach::Anchor{};
  }
  auto found = reach::counts_and_pairs(g, w, near, origins, *c.counts_at, c.threshold);
  const std::size_t nt = c.counts_at->size();
  r.counts.reserve(n * nt);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t j = 0; j < nt; ++j) r.counts.push_back(found.counts[piece.own[k] * nt + j]);
  // 2SFCA over every origin on the piece: the demand around each facility near the tile is all
  // there, so the tile's origins get the whole run's values.
  std::vector<access::ReachPair> pairs;
  pairs.reserve(found.pairs.size());
  for (const auto& q : found.pairs) pairs.push_back({q.origin, q.facility, q.cost.seconds().value});
  std::vector<reach::ReachPair>().swap(found.pairs);
  std::vector<double> demand(piece.origins.size());
  for (std::size_t i = 0; i < demand.size(); ++i) demand[i] = access::served(people, piece.origins[i], c.group, {});
  const double d0 = c.threshold.seconds().value;
  const auto step = access::two_step_fca(pairs, demand, *c.capacity, d0, access::Decay::step).accessibility;
  const auto gauss = access::two_step_fca(pairs, demand, *c.capacity, d0, access::Decay::gaussian).accessibility;
  for (std::size_t k = 0; k < n; ++k) r.fca.push_back(step[piece.own[k]]), r.fca_gaussian.push_back(gauss[piece.own[k]]);
  return r;
}

}  // namespace lc::api
