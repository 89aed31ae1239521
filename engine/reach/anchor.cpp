#include "reach/anchor.hpp"

#include <numeric>

namespace lc::reach {

Anchor make_anchor(const network::Graph& g, const network::Weights& w, const network::Snap& s) {
  if (!s.snapped()) return {};
  Anchor a;
  a.edge = s.edge;
  a.u = g.edge_u[s.edge];
  a.v = g.edge_v[s.edge];
  a.leg = Cost::from_seconds(walk_time(s.offset, w.speed));
  a.along = network::partial_cost(g, w, s.edge, s.fraction);
  a.back = w.directed ? network::partial_cost_vu(g, w, s.edge, s.fraction) : a.along;
  // The two parts of each direction add to the whole edge.
  a.to_u = a.leg + a.back;
  a.to_v = a.leg + Cost{w.edge_ms[s.edge] - a.along.ms};
  a.from_u = a.along + a.leg;
  a.from_v = Cost{w.edge_ms_vu[s.edge] - a.back.ms} + a.leg;
  return a;
}

std::vector<Anchor> make_anchors(const network::Graph& g, const network::Weights& w,
                                 const std::vector<network::Snap>& snaps) {
  std::vector<Anchor> out;
  out.reserve(snaps.size());
  for (const auto& s : snaps) out.push_back(make_anchor(g, w, s));
  return out;
}

OriginAnchors one_each(std::vector<Anchor> anchors) {
  OriginAnchors out{std::move(anchors), {}};
  out.first.resize(out.anchors.size() + 1);
  std::iota(out.first.begin(), out.first.end(), 0u);
  return out;
}

std::vector<std::uint32_t> OriginAnchors::owners() const {
  std::vector<std::uint32_t> owner(anchors.size());
  for (std::uint32_t o = 0; o + 1 < first.size(); ++o)
    for (auto i = first[o]; i < first[o + 1]; ++i) owner[i] = o;
  return owner;
}

EdgeIndex index_by_edge(const network::Graph& g, const std::vector<Anchor>& anchors) {
  EdgeIndex idx{std::vector<std::uint32_t>(g.edge_count() + 1, 0), {}};
  for (const auto& a : anchors)
    if (a.valid()) ++idx.first[a.edge + 1];
  std::partial_sum(idx.first.begin(), idx.first.end(), idx.first.begin());
  idx.ids.resize(idx.first.back());
  std::vector<std::uint32_t> fill(idx.first.begin(), idx.first.end() - 1);
  for (std::uint32_t i = 0; i < anchors.size(); ++i)
    if (anchors[i].valid()) idx.ids[fill[anchors[i].edge]++] = i;
  return idx;
}

}  // namespace lc::reach
