#include "reach/nearest.hpp"

#include <algorithm>

#include "core/parallel.hpp"

namespace lc::reach {

template <template <class> class Queue>
void MultiSourceSearch<Queue>::run(const network::Graph& g, const network::Weights& w,
                                   const std::vector<Anchor>& sources) {
  const std::size_t n = g.node_count();
  labels_.assign(n * k_, Label{Cost::unreachable(), kNone});
  count_.assign(n, 0);
  heap_.clear();
  heap1_.clear();
  if (k_ == 1) {
    // Tentative costs: seed each end with the best offer (cost, then lower facility id).
    dist_.assign(n, Cost::kUnreachable);
    from_.assign(n, kNone);
    for (std::uint32_t s = 0; s < sources.size(); ++s) {
      const Anchor& a = sources[s];
      if (!a.valid()) continue;
      for (auto [node, c] : {std::pair{a.u, a.from_u}, std::pair{a.v, a.from_v}}) {
        if (c.ms < dist_[node]) heap1_.push(c.ms, node);
        if (c.ms < dist_[node] || (c.ms == dist_[node] && s < from_[node])) dist_[node] = c.ms, from_[node] = s;
      }
    }
    run_k1(g, w);
    for (std::size_t v = 0; v < n; ++v)
      if (dist_[v] != Cost::kUnreachable) labels_[v] = {Cost{dist_[v]}, from_[v]}, count_[v] = 1;
  } else {
    for (std::uint32_t s = 0; s < sources.size(); ++s) {
      const Anchor& a = sources[s];
      if (!a.valid()) continue;
      heap_.push(a.from_u.ms, {a.u, s});
      heap_.push(a.from_v.ms, {a.v, s});
    }
    run_k(g, w);
  }
}

// Plain Dijkstra with many seeds; ties keep the lower facility id, so the answer is the one a
// brute force over (cost, id) gives. The heap carries only (cost, node): the source lives in the
// node's label. An equal-cost offer from a lower id is taken in place and the node pushed again:
// over a zero-cost arc (two nodes at one spot) it may have been settled already, and its
// neighbours must learn the lower id too (as IncrementalNearest::propagate does). On big
// graphs the time goes to cache misses on nodes the heap hands out in no spatial order, so the
// next pops' nodes are prefetched while this one is relaxed.
template <template <class> class Queue>
void MultiSourceSearch<Queue>::run_k1(const network::Graph& g, const network::Weights& w) {
  const auto* first_out = g.first_out.data();
  const network::Arc* arcs = w.arcs.data();
  Cost::rep* dist = dist_.data();
  std::uint32_t* from = from_.data();
  while (!heap1_.empty()) {
    const auto [c, u] = heap1_.pop();
    // Four pops ahead: the node's record; two ahead: its arcs (whose start is cached by then).
    // The distances were tuned on the 1000 x 1000 lattice (docs/benchmarks.md).
    if (const NodeId* n2 = heap1_.peek(4)) __builtin_prefetch(first_out + *n2), __builtin_prefetch(dist + *n2);
    if (const NodeId* n1 = heap1_.peek(2)) __builtin_prefetch(arcs + first_out[*n1]), __builtin_prefetch(from + *n1);
    if (c != dist[u]) continue;  // stale: a cheaper offer came later
    const std::uint32_t s = from[u];
    for (auto a = first_out[u]; a < first_out[u + 1]; ++a) {
      const NodeId v = arcs[a].head;
      const Cost::rep nc = Cost::add(c, arcs[a].ms);
      if (nc < dist[v]) {
        dist[v] = nc, from[v] = s;
        heap1_.push(nc, v);
      } else if (nc == dist[v] && s < from[v] && nc != Cost::kUnreachable) {
        from[v] = s;
        heap1_.push(nc, v);  // rare (exact ties): a second pop at the same cost spreads the lower id
      }
    }
  }
}

template <template <class> class Queue>
bool MultiSourceSearch<Queue>::has_source(NodeId n, std::uint32_t s) const {
  const Label* l = labels_.data() + static_cast<std::size_t>(n) * k_;
  for (unsigned i = 0; i < count_[n]; ++i)
    if (l[i].source == s) return true;
  return false;
}

// k labels per node: a node settles a (cost, source) label when it has fewer than k and none
// from that source yet. Labels are settled in (cost, source) order, so every node gets its k
// least (cost, source) pairs of distinct sources, and equal costs go to the lower ids as with
// k = 1. The heap orders by cost only: the labels of the current cost are taken out of it into
// `tier_` and sorted by (source, node); labels that a zero-cost arc adds at that cost go to the
// small heap `zero_`, and the two are merged while the tier is walked. Sorting the tier once
// instead of keeping it as a heap matters where ties are many (a lattice ties at every cost).
template <template <class> class Queue>
void MultiSourceSearch<Queue>::run_k(const network::Graph& g, const network::Weights& w) {
  using Entry = std::pair<NodeId, std::uint32_t>;
  const auto before = [](const Entry& a, const Entry& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  };
  const auto later = [&](const Entry& a, const Entry& b) { return before(b, a); };  // least on top
  while (!heap_.empty()) {
    const auto [c, first] = heap_.pop();
    tier_.assign(1, first);
    while (heap_.next_is(c)) tier_.push_back(heap_.pop().second);
    std::sort(tier_.begin(), tier_.end(), before);
    zero_.clear();
    std::size_t next = 0;
    while (next < tier_.size() || !zero_.empty()) {
      Entry e;
      if (!zero_.empty() && (next == tier_.size() || before(zero_.front(), tier_[next]))) {
        std::pop_heap(zero_.begin(), zero_.end(), later);
        e = zero_.back();
        zero_.pop_back();
      } else {
        e = tier_[next++];
      }
      const auto [u, s] = e;
      if (count_[u] >= k_ || has_source(u, s)) continue;
      labels_[static_cast<std::size_t>(u) * k_ + count_[u]++] = {Cost{c}, s};
      for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
        const NodeId v = g.head[a];
        if (count_[v] >= k_ || has_source(v, s)) continue;
        const Cost::rep nc = Cost::add(c, w.arc_ms[a]);
        if (nc == Cost::kUnreachable) continue;  // an arc that may not be walked
        if (nc != c) {
          heap_.push(nc, {v, s});
        } else {
          zero_.push_back({v, s});
          std::push_heap(zero_.begin(), zero_.end(), later);
        }
      }
    }
  }
}

template <template <class> class Queue>
void origin_nearest(const MultiSourceSearch<Queue>& search, std::span<const Anchor> anchors,
                    const std::vector<Anchor>& facilities, const EdgeIndex& on_edge,
                    std::span<Label> out) {
  std::fill(out.begin(), out.end(), Label{Cost::unreachable(), kNone});
  thread_local std::vector<Label> cand;  // reused: no allocation per origin once warm
  cand.clear();
  for (const Anchor& o : anchors) {
    if (!o.valid()) continue;
    for (const Label& l : search.labels(o.u)) cand.push_back({l.cost + o.to_u, l.source});
    for (const Label& l : search.labels(o.v)) cand.push_back({l.cost + o.to_v, l.source});
    for (auto i = on_edge.first[o.edge]; i < on_edge.first[o.edge + 1]; ++i)
      cand.push_back({same_edge_cost(o, facilities[on_edge.ids[i]]), on_edge.ids[i]});
  }
  std::sort(cand.begin(), cand.end(), [](const Label& a, const Label& b) {
    return a.cost != b.cost ? a.cost < b.cost : a.source < b.source;
  });
  std::size_t k = 0;
  for (std::size_t i = 0; i < cand.size() && k < out.size(); ++i) {
    bool seen = false;
    for (std::size_t j = 0; j < k; ++j) seen = seen || out[j].source == cand[i].source;
    if (!seen && cand[i].cost.reachable()) out[k++] = cand[i];
  }
}

NearestTable nearest_facilities(const network::Graph& g, const network::Weights& w,
                                const std::vector<Anchor>& facilities,
                                const OriginAnchors& origins, unsigned k) {
  MultiSourceSearch<RadixHeap> search(k);
  search.run(g, w, facilities);
  const EdgeIndex on_edge = index_by_edge(g, facilities);
  const std::size_t n = origins.origin_count();
  NearestTable table{k, std::vector<Label>(n * k)};
  parallel::for_each_index(n, [&](std::size_t i) {
    const std::span<const Anchor> mine(origins.anchors.data() + origins.first[i], origins.first[i + 1] - origins.first[i]);
    origin_nearest(search, mine, facilities, on_edge, std::span<Label>(table.entries.data() + i * k, k));
  });
  return table;
}

template class MultiSourceSearch<RadixHeap>;
template class MultiSourceSearch<BinaryHeap>;
template void origin_nearest(const MultiSourceSearch<RadixHeap>&, std::span<const Anchor>,
                             const std::vector<Anchor>&, const EdgeIndex&, std::span<Label>);

}  // namespace lc::reach
