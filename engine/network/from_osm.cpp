#include "network/from_osm.hpp"

#include <unordered_map>

namespace lc::network {

NetworkInput input_from_osm(const io::OsmData& osm, const io::Projector& proj,
                            const WalkProfile& profile) {
  NetworkInput in;
  std::unordered_map<std::int64_t, std::uint32_t> vertex_of;
  vertex_of.reserve(osm.ways.size() * 8);
  ClassIds classes(in.class_names);
  for (const auto& w : osm.ways) {
    const WayAccess access = walk_access(w.tags, profile);
    if (!access.walkable) continue;
    const char* highway = find_tag(w.tags, "highway");  // the street class (the profile admits only a few values)
    WayPiece piece{{}, access.time_factor, access.extra_s, {}, w.id, classes.id(highway ? highway : "", {})};
    // A crossing node on a footpath is where the path crosses a road; on a way already tagged as
    // a crossing its delay is in extra_s, and on a road the node is crossed by another way.
    const bool node_delays = is_path_class(w.tags) && access.extra_s == 0.0f;
    for (std::size_t i = 0; i < w.node_ids.size(); ++i) {
      auto [it, fresh] = vertex_of.try_emplace(w.node_ids[i], static_cast<std::uint32_t>(in.vertices.size()));
      if (fresh) in.vertices.push_back(proj.forward(w.coords[i]));
      piece.vertices.push_back(it->second);
      const auto kind = i < w.crossing.size() ? w.crossing[i] : io::CrossingKind::none;
      if (node_delays && kind != io::CrossingKind::none) {
        piece.vertex_extra_s.resize(w.node_ids.size(), 0.0f);
        piece.vertex_extra_s[i] = kind == io::CrossingKind::signals ? profile.signal_crossing_s : profile.crossing_s;
      }
    }
    if (!piece.vertex_extra_s.empty()) piece.vertex_extra_s.resize(piece.vertices.size(), 0.0f);
    in.ways.push_back(std::move(piece));
  }
  return in;
}

}  // namespace lc::network
