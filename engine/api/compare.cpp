// lifecircle::compare: the base and a scenario of every category (facilities added or removed,
// walking links added): the base searched once and the scenario reached from it by incremental
// updates (reach/incremental, identical to a full re-run), or both in full.
#include "api/compare_run.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "access/compare.hpp"
#include "access/origins.hpp"
#include "api/pipeline.hpp"
#include "api/sources.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "network/links.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"
#include "reach/incremental.hpp"

namespace lc::api {

namespace {

std::string name_of(const lifecircle::FacilitySource& s, const char* what) { return s.path.empty() ? what : s.path; }

// Ids to remove, from the request and the file (one id a line; blank lines and # comments skipped).
std::set<std::string> removal_ids(const lifecircle::CompareRequest& r, const PointSet& points) {
  std::set<std::string> ids(r.remove_facilities.begin(), r.remove_facilities.end());
  if (!r.remove_facilities_file.empty()) {
    std::ifstream in(r.remove_facilities_file);
    if (!in) throw InputError({r.remove_facilities_file, "", ""}, "cannot be read");
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty() && line[0] != '#') ids.insert(line);
    }
  }
  const std::set<std::string> known(points.ids.begin(), points.ids.end());
  std::string unknown;
  std::size_t n = 0;
  for (const auto& id : ids)
    if (!known.count(id)) unknown += (n++ ? ", " : "") + id;
  const std::string facilities = name_of(r.facilities, "facilities");
  if (n && r.remove_facilities_file.empty())
    throw InputError({facilities, "", ""}, std::to_string(n) + " facilities to remove are not among its facilities: " + unknown);
  if (n)
    throw InputError({r.remove_facilities_file, "", ""},
                     std::to_string(n) + " facilities to remove are not among the facilities of " + facilities + ": " + unknown);
  return ids;
}

std::vector<network::LinkLine> load_links(const lifecircle::CompareRequest& r, const io::Projector& proj) {
  std::vector<network::LinkLine> lines;
  if (r.add_links.empty()) {
    for (std::size_t i = 0; i < r.links.size(); ++i) {
      network::LinkLine l{std::to_string(i), {}};
      for (const auto& p : r.links[i].points) l.xy.push_back(proj.forward({p.lon, p.lat}));
      lines.push_back(std::move(l));
    }
    return lines;
  }
  const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(r.add_links), {io::GeomKind::lines, "", {}});
  for (const auto& w : layer.warnings) log::warn(w);
  for (const auto& f : layer.features)
    for (std::size_t k = 0; k < f.parts.size(); ++k) {
      network::LinkLine l{f.parts.size() > 1 ? f.id + "#" + std::to_string(k + 1) : f.id, {}};
      for (const auto& p : f.parts[k]) l.xy.push_back(proj.forward(p));
      lines.push_back(std::move(l));
    }
  if (lines.empty()) throw InputError({layer.file, layer.layer, ""}, "has no link lines");
  return lines;
}

// One category's facilities in the base and the scenario: the base list with removed ones made
// invalid (indices kept), then the added ones, so ties break the same way in every path.
struct Lists {
  std::vector<network::Snap> snaps;       // scenario order
  std::vector<std::string> ids;
  std::size_t base_count = 0;
  std::vector<std::uint32_t> removed;     // indices into the base list
};

struct Scenario {
  std::map<std::string, Lists> categories;
  std::optional<network::LinkedGraph> linked;
};

access::CategoryResult result_of(const std::string& id, const Rule& rule, const std::vector<reach::Label>& nearest,
                                 const std::vector<std::uint32_t>& counts, const std::vector<std::string>& ids) {
  access::CategoryResult c{id, rule.threshold, rule.group, rule.level, {}, {}, counts, {rule.threshold.seconds().value / 60.0}, {}, {}};
  for (const auto& l : nearest) {
    c.nearest.push_back(l.cost);
    c.nearest_id.push_back(l.cost.reachable() ? ids[l.source] : std::string());
  }
  return c;
}

std::vector<reach::Label> nearest_of(const reach::NearestTable& t) {
  std::vector<reach::Label> out;
  for (std::size_t o = 0; o * t.k < t.entries.size(); ++o) out.push_back(t.row(o)[0]);
  return out;
}

struct Pair {
  access::CategoryResult base, scenario;
};

std::string ms_since(std::chrono::steady_clock::time_point t0) {
  return io::format_cell(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()) + " ms";
}

void log_update(const std::string& id, const std::string& what, const reach::UpdateStats& s) {
  log::info("  " + id + ": " + what + ": " + std::to_string(s.nodes) + " nodes, " + std::to_string(s.origins) +
            " origins, " + std::to_string(s.facilities) + " count searches");
}

// The base and the scenario of one category: two full runs with `full`, else the base once and
// the scenario reached from it by incremental updates (identical results, reach/incremental.hpp).
Pair run_category(bool full, const std::string& id, const Rule& rule, const Lists& lists, const network::Graph& g,
                  const network::LinkedGraph* linked, OriginNetwork& on) {
  const auto& [w, origins] = on.at(g, rule.speed);
  const std::vector<Cost> limit{rule.threshold};
  std::vector<reach::Anchor> scen = reach::make_anchors(g, w, lists.snaps);
  const std::vector<reach::Anchor> base(scen.begin(), scen.begin() + static_cast<long>(lists.base_count));
  for (auto r : lists.removed) scen[r] = {};
  const network::Graph& g2 = linked ? linked->graph : g;
  const network::Weights w2 = linked ? network::make_weights(g2, MetresPerSecond{rule.speed}) : network::Weights{};
  const network::Weights& ws = linked ? w2 : w;
  if (full) {
    const auto rb = reach::category_reach(g, w, base, origins, 1, limit);
    const auto t1 = std::chrono::steady_clock::now();
    const auto rs = reach::category_reach(g2, ws, scen, origins, 1, limit);
    log::info("category " + id + ": full re-run of the scenario in " + ms_since(t1));
    return {result_of(id, rule, nearest_of(rb.nearest), rb.counts, lists.ids),
            result_of(id, rule, nearest_of(rs.nearest), rs.counts, lists.ids)};
  }
  const auto t0 = std::chrono::steady_clock::now();
  reach::IncrementalNearest inc(g, w, base, origins, limit);
  Pair out{result_of(id, rule, inc.nearest(), inc.counts(), lists.ids), {}};
  log::info("category " + id + ": base in " + ms_since(t0));
  const auto t1 = std::chrono::steady_clock::now();
  for (auto r : lists.removed) inc.remove_facility(r), log_update(id, "removed " + lists.ids[r], inc.last_update());
  for (std::size_t i = lists.base_count; i < scen.size(); ++i)
    inc.add_facility(scen[i]), log_update(id, "added " + lists.ids[i], inc.last_update());
  if (linked) inc.add_links(g2, ws, linked->added), log_update(id, std::to_string(linked->added.size()) + " links", inc.last_update());
  if (!lists.removed.empty() || lists.base_count < scen.size() || linked)
    log::info("category " + id + ": scenario updated incrementally in " + ms_since(t1));
  out.scenario = result_of(id, rule, inc.nearest(), inc.counts(), lists.ids);
  return out;
}

Scenario build_scenario(const lifecircle::CompareRequest& r, const access::Catalog& catalog,
                        const CategorizedFacilities& fac, const network::Snapper& snapper, const io::Projector& proj,
                        const network::SnapOptions& so, const network::Graph& g, const CompareHooks& hooks,
                        std::size_t& unsnapped) {
  Scenario sc;
  const auto fsnap = snapper.snap_all(project(proj, fac.points.lonlat), so);
  const std::set<std::string> remove = removal_ids(r, fac.points);
  for (const auto& [cat, members] : fac.members) {
    Lists& l = sc.categories[cat];
    for (auto i : members) {
      if (remove.count(fac.points.ids[i])) l.removed.push_back(static_cast<std::uint32_t>(l.snaps.size()));
      l.snaps.push_back(fsnap[i]), l.ids.push_back(fac.points.ids[i]);
    }
    l.base_count = l.snaps.size();
  }
  if (!r.add_facilities.path.empty() || !r.add_facilities.points.empty()) {
    const std::string source = name_of(r.add_facilities, "the scenario's facilities");
    const CategorizedFacilities added = facilities_of(r.add_facilities, catalog);
    const std::set<std::string> known(fac.points.ids.begin(), fac.points.ids.end());
    for (const auto& id : added.points.ids)
      if (known.count(id)) throw InputError({source, "", id}, "an added facility has the id of a base facility; give it a new id");
    const auto asnap = snapper.snap_all(project(proj, added.points.lonlat), so);
    for (const auto& [cat, members] : added.members) {
      Lists& l = sc.categories[cat];
      for (auto i : members) l.snaps.push_back(asnap[i]), l.ids.push_back(added.points.ids[i]), unsnapped += !asnap[i].snapped();
    }
    if (unsnapped && hooks.unsnapped_added) hooks.unsnapped_added(unsnapped);
    log::info("scenario: " + std::to_string(added.points.ids.size()) + " facilities added from " + source);
  }
  if (!remove.empty()) log::info("scenario: " + std::to_string(remove.size()) + " facilities removed");
  if (!r.add_links.empty() || !r.links.empty()) {
    const std::string source = r.add_links.empty() ? "links" : r.add_links;
    sc.linked = network::add_links(g, load_links(r, proj), Metres{r.link_snap_m}, source);
    log::info("scenario: " + std::to_string(sc.linked->added.size()) + " walking links added from " + source);
  }
  return sc;
}

}  // namespace

void check_compare_request(const lifecircle::CompareRequest& r) {
  if (r.add_facilities.path.empty() && r.add_facilities.points.empty() && r.remove_facilities.empty() &&
      r.remove_facilities_file.empty() && r.add_links.empty() && r.links.empty())
    throw UsageError(FieldText{"empty scenario: give {add_facilities}, {remove_facilities}, {remove_facilities_file} or {add_links}",
                               {"add_facilities", "remove_facilities", "remove_facilities_file", "add_links"}});
  if (!(r.link_snap_m >= 0)) throw UsageError(FieldText{"{link_snap} must be >= 0 metres", {"link_snap"}});
  if (!(r.default_threshold_min > 0)) throw UsageError(Field{"default_threshold"}, "must be > 0 minutes");
  if (!(r.max_snap_m >= 0)) throw UsageError(Field{"max_snap"}, "must be a distance in metres >= 0");
  if (r.speed_mps && !(*r.speed_mps > 0)) throw UsageError(Field{"speed"}, "must be a walking speed in m/s > 0");
}

CompareRun run_compare(const lifecircle::CompareRequest& r, const CompareHooks& hooks) {
  check_compare_request(r);
  CompareRun run;
  run.catalog = access::with_season(catalog_of(r.catalog), r.season);
  const access::Catalog& catalog = run.catalog;
  const lifecircle::Network network = network_of(r.network, r.built);
  const LoadedNetwork& net = network.impl().net;
  const network::Graph& g = net.graph;
  check_cancelled();

  const CategorizedFacilities fac = facilities_of(r.facilities, catalog);
  RunSizes sizes{g.node_count(), g.edge_count(), 0, 0, fac.points.ids.size(), fac.members.size(), false};
  if (hooks.before_origins) hooks.before_origins(sizes, *net.projector);
  access::OriginSet set = origins_of(r.origins, *net.projector);
  for (const auto& w : set.warnings) log::warn(w);
  std::vector<std::string> unit_of;
  if (!r.units.empty()) unit_of = access::assign_units(set.origins, units_of(r.units));
  const bool communities = r.origins.grid_cell_m <= 0 && !set.origins.empty() && !set.origins.front().wkt.empty() &&
                           r.origins.type != "raster";
  access::People people = people_of(set, unit_of, communities);
  const network::Snapper snapper(g);
  const network::SnapOptions so{Metres{r.max_snap_m}, r.min_component};
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  sizes.origins = set.origins.size(), sizes.access_points = on.snaps.size();
  sizes.polygon_origins = !set.origins.empty() && !set.origins.front().wkt.empty();
  if (hooks.before_searches) hooks.before_searches(sizes);
  check_cancelled();

  const Scenario sc = build_scenario(r, catalog, fac, snapper, *net.projector, so, g, hooks, run.unsnapped_added);
  std::vector<access::CategoryResult> base, scenario;
  for (const auto& [id, lists] : sc.categories) {
    check_cancelled();
    auto pair = run_category(r.full, id, rule_for(id, catalog, r.default_threshold_min, r.speed_mps), lists, g,
                             sc.linked ? &*sc.linked : nullptr, on);
    base.push_back(std::move(pair.base)), scenario.push_back(std::move(pair.scenario));
  }
  const access::GroupShares shares;
  run.summary = access::compare_summary_table(people, base, scenario, shares);
  if (r.origin_changes) run.origin_changes = access::origin_changes_table(people, base, scenario, shares);
  return run;
}

}  // namespace lc::api

namespace lifecircle {

CompareResult compare(Context& ctx, const CompareRequest& request) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  lc::api::CompareHooks hooks;
  hooks.unsnapped_added = [&](std::size_t n) {
    lc::log::warn(std::to_string(n) + " added facilities are farther than " + lc::io::format_cell(request.max_snap_m) +
                  " m from a walkable street and reach no one");
  };
  const lc::api::CompareRun run = lc::api::run_compare(request, hooks);
  CompareResult out;
  out.summary = lc::api::public_table(run.summary);
  if (request.origin_changes) out.origin_changes = lc::api::public_table(run.origin_changes);
  out.unsnapped_added = run.unsnapped_added;
  return out;
}

}  // namespace lifecircle
