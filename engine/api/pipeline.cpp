#include "api/pipeline.hpp"

#include <charconv>
#include <cstdio>

#include "core/error.hpp"
#include "core/log.hpp"
#include "io/table_writer.hpp"

namespace lc::api {

Rule rule_for(const std::string& id, const access::Catalog& catalog, double default_threshold_min,
              std::optional<double> speed) {
  // One speed for every category (--speed) walks in the season at the general profile's factor.
  if (speed) speed = *speed * access::season_factor(catalog, access::one_speed_profile(catalog));
  if (const access::Category* c = catalog.find(id)) {
    const double v = speed.value_or(access::effective_speed_mps(catalog, *c));
    return {Cost::from_seconds({access::threshold_seconds(*c, v)}), v, c->population, c->level};
  }
  const access::SpeedProfile* general = catalog.find_profile(access::one_speed_profile(catalog));
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
  // Reserved: grown by doubling, the vectors of text would hold up to twice the origins' 32 B each.
  const std::size_t n = set.origins.size();
  p.id.reserve(n), p.population.reserve(n), p.elderly_share.reserve(n), p.unit.reserve(n), p.community.reserve(n);
  p.wkt_point.reserve(n), p.snapped.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
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

std::string component_clause(const network::SnapOptions& snap) {
  if (snap.min_component_nodes == 0) return "";
  return " in a network component of at least " + std::to_string(snap.min_component_nodes) + " nodes";
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
    log::warn(std::to_string(unsnapped) + " origins have no access point within " + io::format_cell(so.max_distance.value) +
              " m of a walkable street" +
              component_clause(so) + " (" +
              set.source + "): " + list + (unsnapped > 20 ? ", ..." : ""));
  return on;
}

std::set<std::string> known_categories(const access::Catalog* catalog,
                                       const std::map<std::string, std::vector<std::uint32_t>>& members) {
  std::set<std::string> known;
  if (catalog)
    for (const auto& c : catalog->categories) known.insert(c.id);
  for (const auto& [id, m] : members) known.insert(id);
  return known;
}

void check_known_categories(const std::string& field, const std::vector<std::string>& wanted,
                            const std::set<std::string>& known) {
  std::string unknown;
  std::size_t n = 0;
  for (const auto& id : wanted)
    if (!known.count(id)) unknown += (n++ ? ", '" : "'") + id + "'";
  if (n == 0) return;
  std::string list;
  for (const auto& id : known) list += (list.empty() ? "" : ", ") + id;
  throw UsageError(Field{field}, "unknown categor" + std::string(n == 1 ? "y " : "ies ") + unknown + "; known: " +
                   (list.empty() ? "none (no catalog and no facilities)" : list));
}

void select_categories(const std::vector<std::string>& wanted, const std::set<std::string>& known,
                       std::map<std::string, std::vector<std::uint32_t>>& members, const std::string& facilities) {
  if (wanted.empty()) return;
  check_known_categories("categories", wanted, known);
  std::map<std::string, std::vector<std::uint32_t>> chosen;
  for (const auto& id : wanted) {
    auto it = members.find(id);
    if (it == members.end()) log::warn("category " + id + ": no facilities in " + facilities);
    chosen[id] = it == members.end() ? std::vector<std::uint32_t>{} : it->second;
  }
  members = std::move(chosen);
}

}  // namespace lc::api
