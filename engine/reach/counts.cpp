#include "reach/counts.hpp"

#include <algorithm>
#include <numeric>

#include "core/parallel.hpp"

namespace lc::reach {

NodeAttachments attach_to_nodes(const network::Graph& g, const OriginAnchors& origins) {
  NodeAttachments at{std::vector<std::uint32_t>(g.node_count() + 1, 0), {}, {}};
  for (const auto& o : origins.anchors)
    if (o.valid()) ++at.first[o.u + 1], ++at.first[o.v + 1];
  std::partial_sum(at.first.begin(), at.first.end(), at.first.begin());
  at.ids.resize(at.first.back());
  at.extra.resize(at.first.back());
  std::vector<std::uint32_t> fill(at.first.begin(), at.first.end() - 1);
  const auto owner = origins.owners();
  for (std::uint32_t i = 0; i < origins.anchors.size(); ++i) {
    const Anchor& o = origins.anchors[i];
    if (!o.valid()) continue;
    at.ids[fill[o.u]] = owner[i], at.extra[fill[o.u]++] = o.to_u.ms;
    at.ids[fill[o.v]] = owner[i], at.extra[fill[o.v]++] = o.to_v.ms;
  }
  return at;
}

OriginIndex index_origins(const network::Graph& g, const OriginAnchors& origins) {
  return {&origins, origins.owners(), attach_to_nodes(g, origins), index_by_edge(g, origins.anchors)};
}

BoundedSearch::BoundedSearch(std::size_t nodes, std::size_t origins)
    : dist_(nodes, Cost::kUnreachable), origin_best_(origins, Cost::kUnreachable) {}

void BoundedSearch::offer_origin(std::uint32_t o, Cost c) {
  if (origin_best_[o] == Cost::kUnreachable) origins_touched_.push_back(o);
  origin_best_[o] = std::min(origin_best_[o], c.ms);
}

std::span<const BoundedSearch::Reached> BoundedSearch::run(const network::Graph& g,
                                                          const network::Weights& w, const Anchor& f,
                                                          const OriginIndex& oi, Cost limit) {
  const NodeAttachments& at = oi.at;
  const EdgeIndex& on_edge = oi.on_edge;
  heap_.clear();
  for (auto [node, c] : {std::pair{f.u, f.from_u}, std::pair{f.v, f.from_v}}) {
    if (c > limit || c.ms >= dist_[node]) continue;
    if (dist_[node] == Cost::kUnreachable) touched_.push_back(node);
    dist_[node] = c.ms;
    heap_.push(c.ms, node);
  }
  for (auto i = on_edge.first[f.edge]; i < on_edge.first[f.edge + 1]; ++i) {
    const Cost c = same_edge_cost(oi.origins->anchors[on_edge.ids[i]], f);  // the origin walks to f
    if (c <= limit) offer_origin(oi.owner[on_edge.ids[i]], c);
  }
  while (!heap_.empty()) {
    const auto [c, u] = heap_.pop();
    if (c != dist_[u]) continue;
    for (auto i = at.first[u]; i < at.first[u + 1]; ++i)
      if (c + at.extra[i] <= limit.ms) offer_origin(at.ids[i], Cost{c + at.extra[i]});
    for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      const NodeId v = g.head[a];
      const Cost::rep nc = Cost::add(c, w.arc_ms[a]);
      if (nc > limit.ms || nc >= dist_[v]) continue;
      if (dist_[v] == Cost::kUnreachable) touched_.push_back(v);
      dist_[v] = nc;
      heap_.push(nc, v);
    }
  }
  reached_.clear();
  for (auto o : origins_touched_) reached_.push_back({o, Cost{origin_best_[o]}}), origin_best_[o] = Cost::kUnreachable;
  origins_touched_.clear();
  for (auto n : touched_) dist_[n] = Cost::kUnreachable;
  touched_.clear();
  return reached_;
}

namespace {

// Runs one bounded search per facility in parallel; `use(local, facility, reached)` folds the
// results into the thread's own state, so no two threads ever write the same memory.
template <class Local, class Make, class Use>
parallel::PerThread<Local> for_each_facility(const network::Graph& g, const network::Weights& w,
                                            const std::vector<Anchor>& facilities, const OriginIndex& oi,
                                            Cost limit, Make make, Use use) {
  parallel::PerThread<Local> locals(make);
  parallel::for_range(facilities.size(), 16, [&](std::size_t b, std::size_t e) {
    Local& local = locals.local();
    for (std::size_t f = b; f != e; ++f)
      if (facilities[f].valid()) use(local, static_cast<std::uint32_t>(f), local.search.run(g, w, facilities[f], oi, limit));
  });
  return locals;
}

// Threads finish in any order; sorting by facility, then origin makes the pairs the same for any
// thread count.
void sort_pairs(std::vector<ReachPair>& pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const ReachPair& a, const ReachPair& b) {
    return a.facility != b.facility ? a.facility < b.facility : a.origin < b.origin;
  });
}

}  // namespace

std::vector<std::uint32_t> counts_within(const network::Graph& g, const network::Weights& w,
                                         const std::vector<Anchor>& facilities,
                                         const OriginAnchors& origins,
                                         const std::vector<Cost>& thresholds) {
  const std::size_t T = thresholds.size();
  const std::size_t n = origins.origin_count();
  std::vector<std::uint32_t> counts(n * T, 0);
  if (T == 0) return counts;
  const Cost limit = *std::max_element(thresholds.begin(), thresholds.end());
  const OriginIndex oi = index_origins(g, origins);
  struct Local {
    BoundedSearch search;
    std::vector<std::uint32_t> counts;
  };
  auto locals = for_each_facility<Local>(
      g, w, facilities, oi, limit,
      [&] { return Local{BoundedSearch(g.node_count(), n), std::vector<std::uint32_t>(n * T, 0)}; },
      [&](Local& local, std::uint32_t, std::span<const BoundedSearch::Reached> reached) {
        for (const auto& [o, c] : reached)
          for (std::size_t t = 0; t < T; ++t) local.counts[o * T + t] += c <= thresholds[t];
      });
  locals.for_each([&](const Local& l) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += l.counts[i];
  });
  return counts;
}

std::vector<ReachPair> pairs_within(const network::Graph& g, const network::Weights& w,
                                    const std::vector<Anchor>& facilities,
                                    const OriginAnchors& origins, Cost limit) {
  const OriginIndex oi = index_origins(g, origins);
  struct Local {
    BoundedSearch search;
    std::vector<ReachPair> pairs;
  };
  auto locals = for_each_facility<Local>(
      g, w, facilities, oi, limit,
      [&] { return Local{BoundedSearch(g.node_count(), origins.origin_count()), {}}; },
      [&](Local& local, std::uint32_t f, std::span<const BoundedSearch::Reached> reached) {
        for (const auto& [o, c] : reached) local.pairs.push_back({o, f, c});
      });
  std::vector<ReachPair> pairs;
  locals.for_each([&](const Local& l) { pairs.insert(pairs.end(), l.pairs.begin(), l.pairs.end()); });
  sort_pairs(pairs);
  return pairs;
}

CountsAndPairs counts_and_pairs(const network::Graph& g, const network::Weights& w,
                                const std::vector<Anchor>& facilities, const OriginAnchors& origins,
                                const std::vector<Cost>& thresholds, Cost pair_limit) {
  const std::size_t T = thresholds.size();
  const std::size_t n = origins.origin_count();
  Cost limit = pair_limit;
  for (Cost t : thresholds) limit = std::max(limit, t);
  const OriginIndex oi = index_origins(g, origins);
  struct Local {
    BoundedSearch search;
    std::vector<std::uint32_t> counts;
    std::vector<ReachPair> pairs;
  };
  auto locals = for_each_facility<Local>(
      g, w, facilities, oi, limit,
      [&] { return Local{BoundedSearch(g.node_count(), n), std::vector<std::uint32_t>(n * T, 0), {}}; },
      [&](Local& local, std::uint32_t f, std::span<const BoundedSearch::Reached> reached) {
        for (const auto& [o, c] : reached) {
          for (std::size_t t = 0; t < T; ++t) local.counts[o * T + t] += c <= thresholds[t];
          if (c <= pair_limit) local.pairs.push_back({o, f, c});
        }
      });
  CountsAndPairs out{std::vector<std::uint32_t>(n * T, 0), {}};
  locals.for_each([&](const Local& l) {
    for (std::size_t i = 0; i < out.counts.size(); ++i) out.counts[i] += l.counts[i];
    out.pairs.insert(out.pairs.end(), l.pairs.begin(), l.pairs.end());
  });
  sort_pairs(out.pairs);
  return out;
}

}  // namespace lc::reach
