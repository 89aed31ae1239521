#include "reach/incremental.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lc::reach {

namespace {

template <class Key>
void insert_sorted(std::vector<std::pair<Key, std::uint32_t>>& v, Key k, std::uint32_t f) {
  const std::pair<Key, std::uint32_t> item{k, f};
  v.insert(std::upper_bound(v.begin(), v.end(), item), item);
}

template <class Key>
void erase_sorted(std::vector<std::pair<Key, std::uint32_t>>& v, Key k, std::uint32_t f) {
  const auto it = std::lower_bound(v.begin(), v.end(), std::pair<Key, std::uint32_t>{k, f});
  if (it != v.end() && *it == std::pair<Key, std::uint32_t>{k, f}) v.erase(it);
}

// The facilities on key k: a range of the sorted (key, facility) list.
template <class Key>
std::span<const std::pair<Key, std::uint32_t>> on(const std::vector<std::pair<Key, std::uint32_t>>& v, Key k) {
  const auto lo = std::lower_bound(v.begin(), v.end(), std::pair<Key, std::uint32_t>{k, 0});
  const auto hi = std::lower_bound(lo, v.end(), std::pair<Key, std::uint32_t>{k + 1, 0});
  return {lo, hi};
}

bool less(Label a, Label b) { return a.cost != b.cost ? a.cost < b.cost : a.source < b.source; }

}  // namespace

IncrementalNearest::IncrementalNearest(const network::Graph& g, const network::Weights& w,
                                       std::vector<Anchor> facilities, const OriginAnchors& origins,
                                       std::vector<Cost> thresholds)
    : g_(&g), w_(&w), origins_(origins), facilities_(std::move(facilities)), thresholds_(std::move(thresholds)),
      limit_(thresholds_.empty() ? Cost{0} : *std::max_element(thresholds_.begin(), thresholds_.end())),
      oi_(index_origins(g, origins)),
      dist_(g.node_count(), Cost::kUnreachable), from_(g.node_count(), kNone),
      nearest_(origins.origin_count(), Label{Cost::unreachable(), kNone}),
      node_mark_(g.node_count(), 0), origin_mark_(origins.origin_count(), 0),
      near_dist_(g.node_count(), Cost::kUnreachable), counter_(g.node_count(), origins.origin_count()) {
  for (std::uint32_t f = 0; f < facilities_.size(); ++f) {
    const Anchor& a = facilities_[f];
    if (!a.valid()) continue;
    fac_by_edge_.push_back({a.edge, f});
    fac_by_node_.push_back({a.u, f}), fac_by_node_.push_back({a.v, f});
    offer(a.u, a.from_u.ms, f), offer(a.v, a.from_v.ms, f);
  }
  std::sort(fac_by_edge_.begin(), fac_by_edge_.end());
  std::sort(fac_by_node_.begin(), fac_by_node_.end());
  propagate();
  for (NodeId n : changed_) node_mark_[n] = 0;
  changed_.clear();
  for (std::uint32_t o = 0; o < nearest_.size(); ++o) nearest_[o] = origin_best(o);
  counts_ = counts_within(g, w, facilities_, origins, thresholds_);
}

bool IncrementalNearest::offer(NodeId n, Cost::rep c, std::uint32_t s) {
  if (c == Cost::kUnreachable || c > dist_[n] || (c == dist_[n] && s >= from_[n])) return false;
  dist_[n] = c, from_[n] = s;
  heap_.push(c, n);
  mark_node(n);
  return true;
}

// Dijkstra over the offers made so far; a node is relaxed again whenever its label improves,
// also on a tie won by a lower index, so the least (cost, index) spreads even over zero-cost arcs.
void IncrementalNearest::propagate() {
  const auto& first_out = g_->first_out;
  const auto& arcs = w_->arcs;
  while (!heap_.empty()) {
    const auto [c, u] = heap_.pop();
    if (c != dist_[u]) continue;
    const std::uint32_t s = from_[u];
    for (auto a = first_out[u]; a < first_out[u + 1]; ++a) offer(arcs[a].head, Cost::add(c, arcs[a].ms), s);
  }
  heap_.clear();
}

void IncrementalNearest::mark_node(NodeId n) {
  if (!node_mark_[n]) node_mark_[n] = 1, changed_.push_back(n);
}

void IncrementalNearest::mark_origin(std::uint32_t o) {
  if (!origin_mark_[o]) origin_mark_[o] = 1, dirty_origins_.push_back(o);
}

void IncrementalNearest::mark_edge_origins(EdgeId e) {
  if (e == kNone || e + 1 >= oi_.on_edge.first.size()) return;
  for (auto i = oi_.on_edge.first[e]; i < oi_.on_edge.first[e + 1]; ++i) mark_origin(oi_.owner[oi_.on_edge.ids[i]]);
}

void IncrementalNearest::begin_update() {
  stats_ = {};
  heap_.clear();
}

// Origins whose anchors end at a changed node (or share an edge with a changed facility) read
// their nearest again; every other origin's candidates are unchanged.
void IncrementalNearest::refresh_origins() {
  stats_.nodes = changed_.size();
  for (NodeId n : changed_) {
    for (auto i = oi_.at.first[n]; i < oi_.at.first[n + 1]; ++i) mark_origin(oi_.at.ids[i]);
    node_mark_[n] = 0;
  }
  changed_.clear();
  for (std::uint32_t o : dirty_origins_) nearest_[o] = origin_best(o), origin_mark_[o] = 0;
  stats_.origins = dirty_origins_.size();
  dirty_origins_.clear();
}

Label IncrementalNearest::origin_best(std::uint32_t o) const {
  Label best{Cost::unreachable(), kNone};
  auto consider = [&](Label l) {
    if (l.cost.reachable() && less(l, best)) best = l;
  };
  for (auto i = origins_.first[o]; i < origins_.first[o + 1]; ++i) {
    const Anchor& a = origins_.anchors[i];
    if (!a.valid()) continue;
    consider({Cost{dist_[a.u]} + a.to_u, from_[a.u]});
    consider({Cost{dist_[a.v]} + a.to_v, from_[a.v]});
    for (const auto& [e, f] : on(fac_by_edge_, a.edge)) consider({same_edge_cost(a, facilities_[f]), f});
  }
  return best;
}

void IncrementalNearest::count_facility(std::uint32_t f, int sign) {
  if (thresholds_.empty() || !facilities_[f].valid()) return;
  const std::size_t T = thresholds_.size();
  for (const auto& [o, c] : counter_.run(*g_, *w_, facilities_[f], oi_, limit_))
    for (std::size_t t = 0; t < T; ++t)
      if (c <= thresholds_[t]) counts_[o * T + t] += static_cast<std::uint32_t>(sign);  // wraps back on -1
  ++stats_.facilities;
}

std::uint32_t IncrementalNearest::add_facility(const Anchor& a) {
  begin_update();
  const auto f = static_cast<std::uint32_t>(facilities_.size());
  facilities_.push_back(a);
  if (a.valid()) {
    insert_sorted(fac_by_edge_, a.edge, f);
    insert_sorted(fac_by_node_, a.u, f), insert_sorted(fac_by_node_, a.v, f);
    offer(a.u, a.from_u.ms, f), offer(a.v, a.from_v.ms, f);
    propagate();  // prunes itself: a node the new facility does not beat is never relaxed
    mark_edge_origins(a.edge);
    count_facility(f, +1);
  }
  refresh_origins();
  return f;
}

// The nodes whose nearest was f form a region connected to f's anchor ends (a node's predecessor
// on its shortest path has the same nearest, ties included). They are cleared and settled again
// from the labels of their neighbours outside the region and from facilities at their ends.
void IncrementalNearest::remove_facility(std::uint32_t f) {
  if (f >= facilities_.size()) throw std::out_of_range("remove_facility: no facility " + std::to_string(f));
  begin_update();
  const Anchor a = facilities_[f];
  if (!a.valid()) return refresh_origins();
  count_facility(f, -1);
  facilities_[f] = Anchor{};
  erase_sorted(fac_by_edge_, a.edge, f);
  erase_sorted(fac_by_node_, a.u, f), erase_sorted(fac_by_node_, a.v, f);
  mark_edge_origins(a.edge);

  region_.clear();
  for (NodeId n : {a.u, a.v})
    if (from_[n] == f && !node_mark_[n]) mark_node(n), region_.push_back(n);
  for (std::size_t i = 0; i < region_.size(); ++i) {
    const NodeId u = region_[i];
    for (auto k = g_->first_out[u]; k < g_->first_out[u + 1]; ++k) {
      const NodeId v = g_->head[k];
      if (from_[v] == f && !node_mark_[v]) mark_node(v), region_.push_back(v);
    }
  }
  for (NodeId n : region_) dist_[n] = Cost::kUnreachable, from_[n] = kNone;
  for (NodeId n : region_) {
    for (auto k = g_->first_out[n]; k < g_->first_out[n + 1]; ++k) {
      // n's label through its neighbour m: the walk n -> m (the arc forwards), then m's walk.
      const NodeId m = w_->arcs[k].head;
      if (dist_[m] != Cost::kUnreachable) offer(n, Cost::add(dist_[m], w_->arc_walk_ms[k]), from_[m]);
    }
    for (const auto& [node, other] : on(fac_by_node_, n)) {
      const Anchor& b = facilities_[other];
      offer(n, (b.u == n ? b.from_u : b.from_v).ms, other);
      if (b.u == n && b.v == n) offer(n, b.from_v.ms, other);  // a loop edge: both ends here
    }
  }
  propagate();
  refresh_origins();
}

// Facilities whose bounded search can reach a new link's end within the largest threshold on the
// new graph: only their counts can change. Found by one bounded search from all link ends.
void IncrementalNearest::facilities_near_links(std::span<const EdgeId> added) {
  near_facilities_.clear();
  if (thresholds_.empty()) return;
  const network::Graph& g = *g_;
  for (EdgeId e : added)
    for (NodeId n : {g.edge_u[e], g.edge_v[e]})
      if (near_dist_[n] != 0) {
        if (near_dist_[n] == Cost::kUnreachable) near_touched_.push_back(n);
        near_dist_[n] = 0, heap_.push(0, n);
      }
  while (!heap_.empty()) {
    const auto [c, u] = heap_.pop();
    if (c != near_dist_[u]) continue;
    // Forwards from the link ends: near_dist_ is the walk from a link end (towards facilities).
    for (auto k = g.first_out[u]; k < g.first_out[u + 1]; ++k) {
      const NodeId v = w_->arcs[k].head;
      const Cost::rep nc = Cost::add(c, w_->arc_walk_ms[k]);
      if (nc > limit_.ms || nc >= near_dist_[v]) continue;
      if (near_dist_[v] == Cost::kUnreachable) near_touched_.push_back(v);
      near_dist_[v] = nc, heap_.push(nc, v);
    }
  }
  heap_.clear();
  for (NodeId n : near_touched_) {
    for (const auto& [node, f] : on(fac_by_node_, n)) {
      const Anchor& b = facilities_[f];
      const Cost::rep end = std::min(b.u == n ? b.from_u.ms : Cost::kUnreachable, b.v == n ? b.from_v.ms : Cost::kUnreachable);
      if (Cost{near_dist_[n]} + Cost{end} <= limit_) near_facilities_.push_back(f);
    }
    near_dist_[n] = Cost::kUnreachable;
  }
  near_touched_.clear();
  std::sort(near_facilities_.begin(), near_facilities_.end());
  near_facilities_.erase(std::unique(near_facilities_.begin(), near_facilities_.end()), near_facilities_.end());
}

// Links only shorten walks: the ends offer each other their labels and improvements spread.
// Counts: the facilities near a link drop their old search (old graph) and add the new one.
void IncrementalNearest::add_links(const network::Graph& g2, const network::Weights& w2, std::span<const EdgeId> added) {
  if (g2.node_count() != g_->node_count()) throw std::invalid_argument("add_links: the graph must keep its nodes");
  begin_update();
  const network::Graph* old_g = g_;
  const network::Weights* old_w = w_;
  g_ = &g2, w_ = &w2;
  facilities_near_links(added);
  g_ = old_g, w_ = old_w;
  for (std::uint32_t f : near_facilities_) count_facility(f, -1);
  g_ = &g2, w_ = &w2;
  oi_ = index_origins(g2, origins_);
  for (std::uint32_t f : near_facilities_) count_facility(f, +1);
  stats_.facilities = near_facilities_.size();
  for (EdgeId e : added) {
    const NodeId u = g2.edge_u[e], v = g2.edge_v[e];
    // v's walk through u starts v -> u; u's through v starts u -> v.
    if (dist_[u] != Cost::kUnreachable) offer(v, Cost::add(dist_[u], w2.edge_ms_vu[e]), from_[u]);
    if (dist_[v] != Cost::kUnreachable) offer(u, Cost::add(dist_[v], w2.edge_ms[e]), from_[v]);
  }
  propagate();
  refresh_origins();
}

}  // namespace lc::reach
