#include "reach/reached.hpp"

#include <algorithm>
#include <cstdint>

namespace lc::reach {

namespace {

// Pieces closer than this (as fractions of an edge) are one: rounding must not leave a gap of a
// billionth of an edge between the part reached from one end and the part reached from the other.
constexpr double kJoin = 1e-12;

}  // namespace

std::vector<std::pair<double, double>> ReachedEdge::pieces() const {
  std::vector<std::pair<double, double>> in, out;
  if (from_u > 0) in.emplace_back(0.0, std::min(from_u, 1.0));
  if (from_v > 0) in.emplace_back(std::max(1.0 - from_v, 0.0), 1.0);
  if (hi > lo) in.emplace_back(std::max(lo, 0.0), std::min(hi, 1.0));
  std::sort(in.begin(), in.end());
  for (const auto& p : in) {
    if (!out.empty() && p.first <= out.back().second + kJoin) out.back().second = std::max(out.back().second, p.second);
    else out.push_back(p);
  }
  return out;
}

double ReachedEdge::share() const {
  double s = 0;
  for (const auto& [a, b] : pieces()) s += b - a;
  return std::min(s, 1.0);
}

bool ReachedEdge::full() const {
  const auto p = pieces();
  return p.size() == 1 && p[0].first <= kJoin && p[0].second >= 1.0 - kJoin;
}

EdgeReach::EdgeReach(std::size_t nodes) : dist_(nodes, Cost::kUnreachable) {}

void EdgeReach::run(const network::Graph& g, const network::Weights& w, std::span<const Anchor> sources,
                    Cost limit) {
  for (auto n : touched_) dist_[n] = Cost::kUnreachable;
  touched_.clear();
  sources_.clear();
  heap_.clear();
  limit_ = limit;
  auto offer = [&](NodeId n, Cost::rep c) {
    if (c > limit.ms || c >= dist_[n]) return;
    if (dist_[n] == Cost::kUnreachable) touched_.push_back(n);
    dist_[n] = c;
    heap_.push(c, n);
  };
  for (const Anchor& a : sources) {
    if (!a.valid()) continue;
    sources_.push_back(a);
    if (a.from_u.reachable()) offer(a.u, a.from_u.ms);
    if (a.from_v.reachable()) offer(a.v, a.from_v.ms);
  }
  while (!heap_.empty()) {
    const auto [c, n] = heap_.pop();
    if (c != dist_[n]) continue;
    for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) offer(g.head[a], Cost::add(c, w.arc_ms[a]));
  }
  std::sort(sources_.begin(), sources_.end(), [](const Anchor& a, const Anchor& b) { return a.edge < b.edge; });
}

std::vector<ReachedEdge> EdgeReach::edges(const network::Graph& g, const network::Weights& w, Cost limit) const {
  limit = std::min(limit, limit_);
  std::vector<EdgeId> ids;
  for (auto n : touched_)
    if (dist_[n] <= limit.ms)
      for (auto a = g.first_out[n]; a < g.first_out[n + 1]; ++a) ids.push_back(g.arc_edge[a]);
  for (const Anchor& s : sources_)
    if (s.leg <= limit) ids.push_back(s.edge);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  // How far into an edge of cost `e` the rest of the budget after reaching an end at `d` goes.
  auto from_end = [&](Cost::rep d, Cost::rep e) -> double {
    if (d > limit.ms) return 0.0;
    if (e == 0) return 1.0;
    return std::min(1.0, static_cast<double>(limit.ms - d) / static_cast<double>(e));
  };

  std::vector<ReachedEdge> out;
  out.reserve(ids.size());
  std::vector<std::pair<double, double>> stretches;
  auto s = sources_.begin();
  for (const EdgeId e : ids) {
    // A point a share x along the edge walks to edge_u in x of the v -> u time, and to edge_v in
    // 1 - x of the u -> v time (the same without a DEM).
    const Cost::rep len = w.edge_ms[e], len_vu = w.edge_ms_vu[e];
    ReachedEdge r;
    r.edge = e;
    r.from_u = from_end(dist_[g.edge_u[e]], len_vu);
    r.from_v = from_end(dist_[g.edge_v[e]], len);
    // Sources standing on this edge walk it from their snap point both ways. Integer cost
    // differences keep the cut points exact (0.4 is 400000 / 1000000, not 0.5 - 0.1).
    stretches.clear();
    while (s != sources_.end() && s->edge < e) ++s;
    for (; s != sources_.end() && s->edge == e; ++s) {
      if (s->leg > limit) continue;
      if (len == 0 || len_vu == 0) {
        stretches.emplace_back(0.0, 1.0);
        continue;
      }
      // Before the source a point walks towards edge_v (u -> v time), beyond it towards edge_u.
      const auto rest = static_cast<std::int64_t>(limit.ms - s->leg.ms);
      const auto at = static_cast<std::int64_t>(s->along.ms), at_vu = static_cast<std::int64_t>(s->back.ms);
      const auto a = std::max<std::int64_t>(0, at - rest), b = std::min<std::int64_t>(len_vu, at_vu + rest);
      stretches.emplace_back(static_cast<double>(a) / len, static_cast<double>(b) / len_vu);
    }
    std::sort(stretches.begin(), stretches.end());
    std::vector<std::pair<double, double>> merged;
    for (const auto& p : stretches) {
      if (!merged.empty() && p.first <= merged.back().second) merged.back().second = std::max(merged.back().second, p.second);
      else merged.push_back(p);
    }
    if (!merged.empty()) r.lo = merged[0].first, r.hi = merged[0].second;
    out.push_back(r);
    for (std::size_t i = 1; i < merged.size(); ++i) {
      ReachedEdge extra;
      extra.edge = e;
      extra.lo = merged[i].first, extra.hi = merged[i].second;
      out.push_back(extra);
    }
  }
  return out;
}

std::vector<ReachedEdge> reached_edges(const network::Graph& g, const network::Weights& w,
                                       const Anchor& source, Cost limit) {
  EdgeReach search(g.node_count());
  search.run(g, w, std::span<const Anchor>(&source, 1), limit);
  return search.edges(g, w, limit);
}

std::vector<ReachedEdge> reached_edges(const network::Graph& g, const network::Weights& w,
                                       const std::vector<Anchor>& sources, Cost limit) {
  EdgeReach search(g.node_count());
  search.run(g, w, sources, limit);
  return search.edges(g, w, limit);
}

}  // namespace lc::reach
