#include "network/from_osm.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "network/areas.hpp"
#include "network/sidepath.hpp"

namespace lc::network {

namespace {

Polyline project(const io::OsmWay& w, const io::Projector& proj) {
  Polyline out;
  out.reserve(w.coords.size());
  for (const auto& c : w.coords) out.push_back(proj.forward(c));
  return out;
}

bool closed_area(const io::OsmWay& w, const WayAccess& a) {
  return a.area && w.node_ids.size() >= 4 && w.node_ids.front() == w.node_ids.back();
}

// Walkable ways through each node, each way counted once.
std::unordered_map<std::int64_t, std::uint32_t> ways_at_nodes(const io::OsmData& osm, const std::vector<WayAccess>& judged) {
  std::unordered_map<std::int64_t, std::uint32_t> ways_at;
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    if (!judged[i].walkable) continue;
    std::vector<std::int64_t> distinct(osm.ways[i].node_ids);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (auto id : distinct) ++ways_at[id];
  }
  return ways_at;
}

// Gated compounds (docs/network.md, Gated compounds). The outlines of residential land
// (landuse=residential, closed ways; relations are not read), with their boxes.
class ResidentialLand {
 public:
  ResidentialLand(const io::OsmData& osm, const io::Projector& proj) {
    for (const auto& w : osm.ways) {
      if (!residential_land(w.tags) || w.node_ids.size() < 4 || w.node_ids.front() != w.node_ids.back()) continue;
      rings_.push_back(project(w, proj));
      BBox box;
      for (const Point& p : rings_.back()) box.add(p.x, p.y);
      boxes_.push_back(box);
    }
  }
  bool empty() const { return rings_.empty(); }
  // Whether p lies inside some outline (even-odd rule).
  bool covers(Point p) const {
    for (std::size_t r = 0; r < rings_.size(); ++r) {
      const BBox& b = boxes_[r];
      if (p.x < b.min_x || p.x > b.max_x || p.y < b.min_y || p.y > b.max_y) continue;
      bool in = false;
      const Polyline& ring = rings_[r];
      for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
            p.x < (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
          in = !in;
      if (in) return true;
    }
    return false;
  }

 private:
  std::vector<Polyline> rings_;
  std::vector<BBox> boxes_;
};

// The point half way along a way's nodes first..last (by length; the first node when it has none).
Point middle_of(const io::OsmWay& w, std::size_t first, std::size_t last, const io::Projector& proj) {
  std::vector<Point> xy;
  for (std::size_t i = first; i <= last; ++i) xy.push_back(proj.forward(w.coords[i]));
  double total = 0;
  for (std::size_t i = 1; i < xy.size(); ++i) total += std::hypot(xy[i].x - xy[i - 1].x, xy[i].y - xy[i - 1].y);
  double walked = 0;
  for (std::size_t i = 1; i < xy.size(); ++i) {
    const double len = std::hypot(xy[i].x - xy[i - 1].x, xy[i].y - xy[i - 1].y);
    if (len > 0 && walked + len >= total / 2) {
      const double t = (total / 2 - walked) / len;
      return {xy[i - 1].x + t * (xy[i].x - xy[i - 1].x), xy[i - 1].y + t * (xy[i].y - xy[i - 1].y)};
    }
    walked += len;
  }
  return xy.front();
}

// Per way, per stretch between its nodes i and i + 1: whether it is a gated compound's own
// (empty: none of the way is). A compound's ways are (1) the private ways (access=private or
// foot=private) whose middle lies inside residential land, and (2) the walkable ways closed off
// behind them or behind private gates: the ways are cut at private gates (and closed barriers)
// into stretches that join where they share a node; a group of stretches that reaches a private
// gate or a private way of (1), and whose stretches all have their middles inside residential
// land, is a compound's. Marks the private ways of (1) walkable.
std::vector<std::vector<std::uint8_t>> compound_stretches(const io::OsmData& osm, const io::Projector& proj,
                                                          const WalkProfile& profile, std::vector<WayAccess>& judged) {
  std::vector<std::vector<std::uint8_t>> out(osm.ways.size());
  const ResidentialLand land(osm, proj);
  if (land.empty()) return out;
  auto node_is = [&](const io::OsmWay& w, std::size_t i, bool (*test)(const TagList&, const WalkProfile&)) {
    const std::uint32_t t = i < w.node_tags.size() ? w.node_tags[i] : io::kNoNodeTags;
    return t < osm.node_tags.size() && test(osm.node_tags[t], profile);
  };
  std::unordered_set<std::int64_t> private_nodes;  // nodes of the private ways of (1)
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    const io::OsmWay& w = osm.ways[i];
    if (!judged[i].private_way || w.node_ids.size() < 2) continue;
    if (!land.covers(middle_of(w, 0, w.node_ids.size() - 1, proj))) continue;
    judged[i].walkable = true;
    out[i].assign(w.node_ids.size() - 1, 1);
    private_nodes.insert(w.node_ids.begin(), w.node_ids.end());
  }
  // (2): stretches of the other walkable ways, cut at private gates and closed barriers.
  struct Stretch {
    std::uint32_t way, first, last;
  };
  std::vector<Stretch> stretches;
  std::unordered_set<std::int64_t> cuts;  // private gates and closed barriers: no joining there
  std::vector<std::uint8_t> gated;        // per stretch: ends at a private gate or meets a private way
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    const io::OsmWay& w = osm.ways[i];
    if (!judged[i].walkable || !out[i].empty() || w.node_ids.size() < 2) continue;
    std::uint32_t first = 0;
    bool gate_before = node_is(w, 0, private_gate);
    for (std::uint32_t k = 1; k < w.node_ids.size(); ++k) {
      const bool gate = node_is(w, k, private_gate);
      const bool cut = gate || node_is(w, k, barrier_blocks);
      if (gate || cut) cuts.insert(w.node_ids[k]);
      if (!cut && k + 1 < w.node_ids.size()) continue;
      bool meets = gate_before || gate;
      for (std::uint32_t j = first; j <= k && !meets; ++j) meets = private_nodes.count(w.node_ids[j]) > 0;
      stretches.push_back({static_cast<std::uint32_t>(i), first, k});
      gated.push_back(meets);
      first = k, gate_before = gate;
    }
    if (node_is(w, 0, private_gate) || node_is(w, 0, barrier_blocks)) cuts.insert(w.node_ids[0]);
  }
  if (std::none_of(gated.begin(), gated.end(), [](std::uint8_t g) { return g != 0; })) return out;
  std::vector<std::uint32_t> parent(stretches.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto root = [&](std::uint32_t s) {
    while (parent[s] != s) s = parent[s] = parent[parent[s]];
    return s;
  };
  std::unordered_map<std::int64_t, std::uint32_t> stretch_at;
  for (std::uint32_t s = 0; s < stretches.size(); ++s) {
    const io::OsmWay& w = osm.ways[stretches[s].way];
    for (auto j = stretches[s].first; j <= stretches[s].last; ++j) {
      if (cuts.count(w.node_ids[j])) continue;
      const auto [it, fresh] = stretch_at.try_emplace(w.node_ids[j], s);
      if (!fresh) parent[root(s)] = root(it->second);
    }
  }
  // Per group: 0 not yet decided, 1 a compound's, 2 not.
  std::vector<std::uint8_t> verdict(stretches.size(), 0), reaches(stretches.size(), 0);
  for (std::uint32_t s = 0; s < stretches.size(); ++s) reaches[root(s)] |= gated[s];
  for (std::uint32_t s = 0; s < stretches.size(); ++s) {
    const std::uint32_t r = root(s);
    if (!reaches[r] || verdict[r] == 2) continue;
    const Stretch& st = stretches[s];
    verdict[r] = land.covers(middle_of(osm.ways[st.way], st.first, st.last, proj)) ? 1 : 2;
  }
  for (std::uint32_t s = 0; s < stretches.size(); ++s) {
    if (verdict[root(s)] != 1) continue;
    const Stretch& st = stretches[s];
    auto& flags = out[st.way];
    if (flags.empty()) flags.assign(osm.ways[st.way].node_ids.size() - 1, 0);
    std::fill(flags.begin() + st.first, flags.begin() + st.last, 1);
  }
  return out;
}

// Per way: its access, with foot=use_sidepath roads judged against the footways beside them (a
// road with a sidepath is not walked; one without is walked like any road), and closed areas
// that no other walkable way reaches left out (islands that would only catch snapped points:
// area:highway outlines are mostly drawn beside the street lines without sharing a node). The ways
// of gated compounds are walkable, and `compound` says which stretches are (compound_stretches).
std::vector<WayAccess> judge_ways(const io::OsmData& osm, const io::Projector& proj, const WalkProfile& profile,
                                  std::vector<std::vector<std::uint8_t>>& compound) {
  std::vector<WayAccess> access(osm.ways.size());
  std::vector<std::size_t> asking;
  std::vector<Polyline> roads, paths;
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    access[i] = walk_access(osm.ways[i].tags, profile);
    if (!access[i].walkable) continue;
    if (access[i].sidepath) asking.push_back(i), roads.push_back(project(osm.ways[i], proj));
    else if (is_sidepath_class(osm.ways[i].tags)) paths.push_back(project(osm.ways[i], proj));
  }
  const auto beside = has_sidepath(roads, paths, profile.sidepath_m);
  for (std::size_t k = 0; k < asking.size(); ++k)
    if (beside[k]) access[asking[k]].walkable = false;
  compound = compound_stretches(osm, proj, profile, access);
  const auto ways_at = ways_at_nodes(osm, access);
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    if (!access[i].walkable || !closed_area(osm.ways[i], access[i])) continue;
    const auto& ids = osm.ways[i].node_ids;
    if (std::none_of(ids.begin(), ids.end(), [&](std::int64_t id) { return ways_at.at(id) >= 2; }))
      access[i].walkable = false;
  }
  return access;
}

// Adds the straight walks across each closed pedestrian area (network/areas): between the ring
// vertices other walkable ways share, the ends of walkable ways inside it, and its reflex corners.
void cross_areas(const io::OsmData& osm, const std::vector<WayAccess>& judged, const io::Projector& proj,
                 const std::unordered_map<std::int64_t, std::uint32_t>& vertex_of, NetworkInput& in,
                 std::vector<WayPiece>& pieces_of_areas, const std::vector<WayPiece>& blanks) {
  auto ways_at = ways_at_nodes(osm, judged);  // node -> walkable ways through it
  struct End {
    std::int64_t node;
    Point xy;
  };
  std::vector<End> ends;
  std::vector<std::size_t> areas;
  for (std::size_t i = 0; i < osm.ways.size(); ++i) {
    if (!judged[i].walkable) continue;
    const auto& ids = osm.ways[i].node_ids;
    if (closed_area(osm.ways[i], judged[i])) {
      areas.push_back(i);
    } else {
      for (const auto id : {ids.front(), ids.back()})
        if (const auto it = vertex_of.find(id); it != vertex_of.end()) ends.push_back({id, in.vertices[it->second]});
    }
  }
  for (std::size_t k = 0; k < areas.size(); ++k) {
    const io::OsmWay& w = osm.ways[areas[k]];
    std::vector<std::int64_t> ids(w.node_ids.begin(), w.node_ids.end() - 1);
    std::vector<Point> ring;
    std::vector<bool> entry;
    BBox box;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      ring.push_back(proj.forward(w.coords[i]));
      box.add(ring.back().x, ring.back().y);
      entry.push_back(ways_at[ids[i]] >= 2);
    }
    std::vector<Point> inner;
    std::vector<std::int64_t> inner_ids;
    for (const End& e : ends) {
      if (e.xy.x < box.min_x || e.xy.x > box.max_x || e.xy.y < box.min_y || e.xy.y > box.max_y) continue;
      if (std::find(ids.begin(), ids.end(), e.node) != ids.end()) continue;
      if (std::find(inner_ids.begin(), inner_ids.end(), e.node) != inner_ids.end()) continue;
      inner.push_back(e.xy), inner_ids.push_back(e.node);
    }
    // sight_lines keeps only inner points inside the polygon: a pair with a point outside is
    // never covered by it.
    for (const auto& [a, b] : sight_lines(ring, entry, inner)) {
      const std::int64_t na = a < ids.size() ? ids[a] : inner_ids[a - ids.size()];
      const std::int64_t nb = b < ids.size() ? ids[b] : inner_ids[b - ids.size()];
      const auto va = vertex_of.find(na), vb = vertex_of.find(nb);
      if (va == vertex_of.end() || vb == vertex_of.end()) continue;
      WayPiece piece = blanks[k];
      piece.vertices = {va->second, vb->second};
      pieces_of_areas.push_back(std::move(piece));
    }
  }
}

}  // namespace

NetworkInput input_from_osm(const io::OsmData& osm, const io::Projector& proj,
                            const WalkProfile& profile) {
  NetworkInput in;
  std::vector<std::vector<std::uint8_t>> compound;
  const std::vector<WayAccess> judged = judge_ways(osm, proj, profile, compound);
  std::unordered_map<std::int64_t, std::uint32_t> vertex_of;
  vertex_of.reserve(osm.ways.size() * 8);
  ClassIds classes(in.class_names);
  std::vector<WayPiece> area_blanks;  // per closed area, in way order: its access and class
  // Per elevator node, per level of the ways that reach it (level=*, absent: 0): a link from that
  // level's own vertex there to the shaft, each half the elevator's delay, so that going from one
  // level to another through the elevator costs the whole of it (std::map: the pieces come out in
  // node order, deterministic).
  std::map<std::int64_t, std::vector<std::pair<std::string, WayPiece>>> shafts;
  for (std::size_t wi = 0; wi < osm.ways.size(); ++wi) {
    const io::OsmWay& w = osm.ways[wi];
    const WayAccess& access = judged[wi];
    if (!access.walkable) continue;
    const char* highway = street_class(w.tags);  // the street class (the profile admits only a few values)
    WayPiece blank{{}, access.time_factor, access.extra_s, {}, w.id, classes.id(highway ? highway : "", {}), way_grade(w.tags)};
    // A compound's stretches and the others' are pieces of their own (they meet at a private gate).
    const std::vector<std::uint8_t>& stretch = compound[wi];
    blank.compound = !stretch.empty() && stretch[0];
    WayPiece piece = blank;
    std::vector<float> delays;  // parallel to piece.vertices
    auto flush = [&] {
      if (piece.vertices.size() >= 2) {
        if (std::any_of(delays.begin(), delays.end(), [](float d) { return d != 0.0f; })) piece.vertex_extra_s = delays;
        in.ways.push_back(std::move(piece));
      }
      piece = blank;
      delays.clear();
    };
    // A crossing node on a footpath is where the path crosses a road; on a way already tagged as
    // a crossing its delay is in extra_s, and on a road the node is crossed by another way.
    const bool node_delays = is_path_class(w.tags) && access.extra_s == 0.0f;
    const char* level_tag = find_tag(w.tags, "level");
    const std::string level = level_tag ? level_tag : "0";
    for (std::size_t i = 0; i < w.node_ids.size(); ++i) {
      const std::uint32_t tags_at = i < w.node_tags.size() ? w.node_tags[i] : io::kNoNodeTags;
      // (OsmData put together by hand, e.g. a subset of ways, may leave node_tags out.)
      if (tags_at < osm.node_tags.size() && barrier_blocks(osm.node_tags[tags_at], profile)) {
        // A closed barrier: the way ends on this side and starts again on the other, each end a
        // vertex of its own that nothing else shares, so no walk passes the barrier.
        const Point at = proj.forward(w.coords[i]);
        in.vertices.push_back(at);
        piece.vertices.push_back(static_cast<std::uint32_t>(in.vertices.size() - 1));
        delays.push_back(0.0f);
        flush();
        in.vertices.push_back(at);
        piece.vertices.push_back(static_cast<std::uint32_t>(in.vertices.size() - 1));
        delays.push_back(0.0f);
      } else if (tags_at < osm.node_tags.size() && node_delay_s(osm.node_tags[tags_at], profile) > 0.0f) {
        // An elevator: the ways of each level reach it at a vertex of their own (so walking along
        // a level past the elevator costs nothing), joined to the shaft.
        auto& stops = shafts[w.node_ids[i]];
        auto mine = std::find_if(stops.begin(), stops.end(), [&](const auto& st) { return st.first == level; });
        if (mine == stops.end()) {
          in.vertices.push_back(proj.forward(w.coords[i]));
          WayPiece link = blank;
          link.vertices = {static_cast<std::uint32_t>(in.vertices.size() - 1)};
          link.extra_s = 0.5f * node_delay_s(osm.node_tags[tags_at], profile);
          link.time_factor = 1.0f;
          link.grade = Grade::none;  // a shaft: its ride is the delay, not a slope
          stops.emplace_back(level, std::move(link));
          mine = stops.end() - 1;
        }
        piece.vertices.push_back(mine->second.vertices.front());
        delays.push_back(0.0f);
      } else {
        auto [it, fresh] = vertex_of.try_emplace(w.node_ids[i], static_cast<std::uint32_t>(in.vertices.size()));
        if (fresh) in.vertices.push_back(proj.forward(w.coords[i]));
        piece.vertices.push_back(it->second);
        const auto kind = i < w.crossing.size() ? w.crossing[i] : io::CrossingKind::none;
        const bool delayed = node_delays && kind != io::CrossingKind::none;
        delays.push_back(!delayed ? 0.0f : kind == io::CrossingKind::signals ? profile.signal_crossing_s : profile.crossing_s);
      }
      if (i + 1 < w.node_ids.size() && !stretch.empty() && (stretch[i] != 0) != piece.compound) {
        // The next stretch is of the other kind: the piece ends here and the next starts here.
        const std::uint32_t at = piece.vertices.back();
        const float delay = delays.back();
        flush();
        blank.compound = piece.compound = stretch[i] != 0;
        piece.vertices.push_back(at);
        delays.push_back(delay);
      }
    }
    flush();
    if (closed_area(w, access)) area_blanks.push_back(blank);
  }
  for (auto& [node, stops] : shafts) {
    if (stops.size() < 2) continue;  // an elevator that stops at one level only leads nowhere else
    const Point at = in.vertices[stops.front().second.vertices.front()];
    in.vertices.push_back(at);
    const auto shaft = static_cast<std::uint32_t>(in.vertices.size() - 1);
    for (auto& [level, link] : stops) {
      link.vertices.push_back(shaft);
      in.ways.push_back(std::move(link));
    }
  }
  std::vector<WayPiece> across;
  cross_areas(osm, judged, proj, vertex_of, in, across, area_blanks);
  for (auto& p : across) in.ways.push_back(std::move(p));
  return in;
}

}  // namespace lc::network
