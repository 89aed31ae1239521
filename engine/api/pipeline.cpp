#include "pipeline.hpp"

#include <charconv>
#include <cstdio>

#include "core/log.hpp"
#include "walk_options.hpp"

namespace lc::tools {

Rule rule_for(const std::string& id, const access::Catalog& catalog, double default_threshold_min,
              std::optional<double> speed) {
  if (const access::Category* c = catalog.find(id)) {
    const double v = speed.value_or(access::effective_speed_mps(catalog, *c));
    return {Cost::from_seconds({access::threshold_seconds(*c, v)}), v, c->population, c->level};
  }
  const access::SpeedProfile* general = catalog.find_profile("general");
  return {Cost::from_seconds({default_threshold_min * 60.0}), speed.value_or(general ? general->speed_mps : 1.0),
          access::Population::all, 0};
}

// Written for every origin of a city (190,000 rows on Malta): to_chars, the same digits as
// printf's %.8f at a fraction of its cost.
std::string point_wkt(LonLat p) {
  char buf[96] = "POINT (";
  char* at = buf + 7;
  at = std::to_chars(at, buf + sizeof buf, p.lon, std::chars_format::fixed, 8).ptr;
  *at++ = ' ';
  at = std::to_chars(at, buf + sizeof buf, p.lat, std::chars_format::fixed, 8).ptr;
  *at++ = ')';
  return std::string(buf, at);
}

access::People people_of(const access::OriginSet& set, const std::vector<std::string>& units, bool communities) {
  access::People p;
  for (std::size_t i = 0; i < set.origins.size(); ++i) {
    const auto& o = set.origins[i];
    p.id.push_back(o.id);
    p.population.push_back(o.population);
    p.elderly_share.push_back(o.elderly_share);
    p.unit.push_back(units.empty() ? std::string() : units[i]);
    p.community.push_back(communities && o.community.empty() ? o.id : o.community);
    p.wkt_point.push_back(point_wkt(o.centre));
    p.snapped.push_back(false);
  }
  return p;
}

const std::pair<network::Weights, reach::OriginAnchors>& OriginNetwork::at(const network::Graph& g, double speed) {
  auto it = by_speed.find(speed);
  if (it != by_speed.end()) return it->second;
  network::Weights w = network::make_weights(g, MetresPerSecond{speed});
  reach::OriginAnchors a{reach::make_anchors(g, w, snaps), first};
  return by_speed.emplace(speed, std::make_pair(std::move(w), std::move(a))).first->second;
}

OriginNetwork snap_origins(const access::OriginSet& set, const network::Snapper& snapper, const io::Projector& proj,
                           const network::SnapOptions& so, access::People& people) {
  OriginNetwork on;
  std::vector<Point> pts;
  on.first.push_back(0);
  for (const auto& o : set.origins) {
    for (const auto& a : o.access) pts.push_back(proj.forward(a));
    on.first.push_back(static_cast<std::uint32_t>(pts.size()));
  }
  on.snaps = snapper.snap_all(pts, so);
  std::size_t unsnapped = 0;
  std::string list;
  for (std::size_t o = 0; o + 1 < on.first.size(); ++o) {
    for (auto i = on.first[o]; i < on.first[o + 1]; ++i) people.snapped[o] = people.snapped[o] || on.snaps[i].snapped();
    if (!people.snapped[o] && unsnapped++ < 20) list += (list.empty() ? "" : ", ") + people.id[o];
  }
  if (unsnapped)
    log::warn(std::to_string(unsnapped) + " origins have no access point within --max-snap of a walkable street" +
              component_clause(so) + " (" +
              set.source + "): " + list + (unsnapped > 20 ? ", ..." : ""));
  return on;
}


}  // namespace lc::tools
