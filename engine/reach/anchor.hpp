// lc::reach anchors: where a snapped point joins the network, expressed as walking costs at one
// speed. The off-network leg is walked at the same speed as the street, and the part of the
// snapped edge to each end is counted, so a home in the middle of a long block is not treated as
// if it stood on the corner.
#pragma once

#include <vector>

#include "core/units.hpp"
#include "network/graph.hpp"
#include "network/snap.hpp"

namespace lc::reach {

// Costs are directed (with a DEM uphill differs from downhill): `to_*` walk from the point to an
// end of its edge (how an origin leaves), `from_*` walk from an end to the point (how a facility
// is reached, so the searches, which start at facilities, are seeded with them). Without a DEM
// to_u == from_u and to_v == from_v.
struct Anchor {
  EdgeId edge = kNone;  // kNone: not on the network
  NodeId u = kNone, v = kNone;
  Cost leg;       // off the network, to the snapped point (the same both ways: no slope off it)
  Cost along;     // walking from edge_u along the edge to the snapped point
  Cost back;      // walking from the snapped point along the edge to edge_u
  Cost to_u, to_v;      // from the point to each end: leg + part of the edge
  Cost from_u, from_v;  // from each end to the point: part of the edge + leg
  bool valid() const { return edge != kNone; }
};

Anchor make_anchor(const network::Graph& g, const network::Weights& w, const network::Snap& s);
std::vector<Anchor> make_anchors(const network::Graph& g, const network::Weights& w,
                                 const std::vector<network::Snap>& snaps);

// Walking cost from anchor `a` to anchor `b` on the same edge without leaving it (an origin to
// a facility: the direction matters on a slope).
inline Cost same_edge_cost(const Anchor& a, const Anchor& b) {
  const Cost::rep d = a.along.ms <= b.along.ms ? b.along.ms - a.along.ms                  // towards edge_v
                                               : (a.back.ms > b.back.ms ? a.back.ms - b.back.ms : 0);  // towards edge_u
  return a.leg + Cost{d} + b.leg;
}

// Origins that join the network at several points (a compound's gates, points along its
// boundary): anchors[first[o] .. first[o+1]) belong to origin o, and the best of them counts.
struct OriginAnchors {
  std::vector<Anchor> anchors;
  std::vector<std::uint32_t> first;  // origin count + 1
  std::uint32_t origin_count() const { return static_cast<std::uint32_t>(first.size() - 1); }
  std::vector<std::uint32_t> owners() const;  // anchor -> origin
};

// One anchor per origin.
OriginAnchors one_each(std::vector<Anchor> anchors);

// Anchors grouped by edge (CSR): the anchors on edge e are ids[first[e] .. first[e+1]).
struct EdgeIndex {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> ids;
};
EdgeIndex index_by_edge(const network::Graph& g, const std::vector<Anchor>& anchors);

}  // namespace lc::reach
