// lifecircle::reach: walking times from every origin to the k nearest facilities of each category
// and the facilities within each threshold, one multi-source search per category.
#include "api/reach_run.hpp"

#include <cmath>
#include <limits>
#include <set>

#include <lifecircle/catalog.hpp>

#include "access/catalog.hpp"
#include "api/coverage_inputs.hpp"
#include "api/inputs.hpp"
#include "api/pipeline.hpp"
#include "api/sources.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "io/osm_reader.hpp"
#include "io/vector_reader.hpp"
#include "network/snap.hpp"
#include "reach/category_reach.hpp"

namespace lc::api {

namespace {

void validate(const lifecircle::ReachRequest& r) {
  if (r.k < 1 || r.k > 16) throw UsageError(Field{"k"}, "must be between 1 and 16");
  if (r.thresholds_min.empty()) throw UsageError(Field{"thresholds"}, "needs at least one value");
  for (double t : r.thresholds_min)
    if (!(t > 0 && t < 24 * 60)) throw UsageError(Field{"thresholds"}, "minutes must be > 0 and < 1440");
  if (r.speed_mps && !(*r.speed_mps > 0)) throw UsageError(Field{"speed"}, "must be a walking speed in m/s > 0");
  if (!(r.max_snap_m >= 0)) throw UsageError(Field{"max_snap"}, "must be a distance in metres >= 0");
}

std::string fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

void report_unsnapped(const std::string& what, const PointSet& pts, const std::vector<network::Snap>& s,
                      const network::SnapOptions& so) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!s[i].snapped()) ids.push_back(pts.ids[i]);
  if (ids.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < ids.size() && i < 20; ++i) list += (i ? ", " : "") + ids[i];
  if (ids.size() > 20) list += ", ...";
  log::warn(std::to_string(ids.size()) + " " + what + " farther than " + fmt1(so.max_distance.value) +
            " m from any walkable street" + component_clause(so) + ", not snapped (" + pts.source + "): " + list);
}

// Every graph node an origin, named by its node id and standing on the network (no snapping leg).
PointSet node_origins(const LoadedNetwork& net, std::vector<network::Snap>& snaps) {
  const auto& g = net.graph;
  PointSet pts{"graph nodes", {}, {}, {}, {}};
  for (NodeId n = 0; n < g.node_count(); ++n) {
    pts.ids.push_back(std::to_string(n));
    pts.categories.push_back("all");
    pts.lonlat.push_back(net.projector->inverse(g.node_xy[n]));
    pts.capacity.push_back(1.0);
    snaps.push_back(network::snap_at_node(g, n));
  }
  return pts;
}

PointSet origin_points(const lifecircle::OriginSource& s) {
  PointSet pts;
  if (!s.path.empty()) {
    pts = load_origins(s.path, s.fields.id);
  } else {
    pts.source = "origins";
    for (const auto& o : s.points) {
      pts.ids.push_back(o.id);
      pts.categories.push_back("all");
      pts.lonlat.push_back({o.at.lon, o.at.lat});
      pts.capacity.push_back(1.0);
    }
  }
  if (const auto d = engine_datum(s.datum); d != io::ChineseDatum::wgs84)
    for (auto& p : pts.lonlat) p = io::convert(p, d, io::ChineseDatum::wgs84);
  return pts;
}

// Facilities and their categories: the built-in OSM mapping or a category field, or with a
// catalog the catalog's rules (a facility may then serve several categories).
CategorizedFacilities reach_facilities(const lifecircle::ReachRequest& r, const std::string& name) {
  CategorizedFacilities fac;
  const lifecircle::FacilitySource& s = r.facilities;
  const access::Catalog catalog = r.catalog.empty() ? access::Catalog{} : access::load_catalog(r.catalog);
  if (!r.catalog.empty() || s.path.empty()) {
    lifecircle::FacilitySource all = s;
    if (s.path.empty())
      for (auto& f : all.points)
        if (f.categories.empty()) f.categories = {"all"};
    fac = facilities_of(all, catalog);
  } else {
    fac.points = load_facilities(s.path, s.category_field, s.id_field);
    if (const auto d = engine_datum(s.datum); d != io::ChineseDatum::wgs84)
      for (auto& p : fac.points.lonlat) p = io::convert(p, d, io::ChineseDatum::wgs84);
    for (std::uint32_t i = 0; i < fac.points.ids.size(); ++i)
      if (!fac.points.categories[i].empty()) fac.members[fac.points.categories[i]].push_back(i);
  }
  std::set<std::string> known = known_categories(r.catalog.empty() ? nullptr : &catalog, fac.members);
  if (r.catalog.empty() && io::is_osm_path(s.path)) known.insert(kBuiltinOsmCategories.begin(), kBuiltinOsmCategories.end());
  select_categories(r.categories, known, fac.members, name);
  return fac;
}

}  // namespace

double reach_speed_mps(const lifecircle::ReachRequest& r) {
  if (r.season.empty() && r.network.walk_profile.empty()) return r.speed_mps.value_or(1.0);
  // In a season the one speed walks at the general profile's factor; under a walk profile at that
  // profile's speed (or --speed) and factor, as coverage's categories do (its catalog, or the default).
  const access::Catalog c = access::with_walk_profile(
      access::with_season(access::load_catalog(r.catalog.empty() ? lifecircle::Catalog::default_path() : r.catalog),
                          r.season),
      r.network.walk_profile);
  if (r.network.walk_profile.empty()) return r.speed_mps.value_or(1.0) * access::season_factor(c, "general");
  const access::SpeedProfile* p = c.find_profile(r.network.walk_profile);
  return r.speed_mps ? *r.speed_mps * p->season_factor : p->speed_mps;
}

lifecircle::ReachResult run_reach(const lifecircle::ReachRequest& r, const ReachHooks& hooks,
                                  const lifecircle::ReachSink& on_category) {
  validate(r);
  const lifecircle::Network network = network_of(r.network, r.built);
  const LoadedNetwork& net = network.impl().net;
  const auto& g = net.graph;
  log::info("network: " + std::to_string(g.node_count()) + " nodes, " + std::to_string(g.edge_count()) +
            " edges, " + std::to_string(g.component_size.size()) + " components (largest " +
            std::to_string(g.component_size.empty() ? 0 : g.component_size[0]) + " nodes), EPSG:" +
            std::to_string(net.projector->epsg()));
  check_cancelled();

  const std::string facilities_name = r.facilities.path.empty() ? "facilities" : r.facilities.path;
  const CategorizedFacilities fac = reach_facilities(r, facilities_name);
  const PointSet& facilities = fac.points;
  std::vector<network::Snap> osnap;
  const PointSet origins = r.origins_at_nodes ? node_origins(net, osnap) : origin_points(r.origins);
  const network::Snapper snapper(g);
  const network::SnapOptions so{Metres{r.max_snap_m}, r.min_component};
  const auto fsnap = snapper.snap_all(project(*net.projector, facilities.lonlat), so);
  if (!r.origins_at_nodes) osnap = snapper.snap_all(project(*net.projector, origins.lonlat), so);
  report_unsnapped("facilities", facilities, fsnap, so);
  report_unsnapped("origins", origins, osnap, so);

  const double speed = reach_speed_mps(r);
  const network::Weights w = network::make_weights(g, MetresPerSecond{speed});
  const auto oanchors = reach::make_anchors(g, w, osnap);
  std::vector<Cost> thresholds;
  for (double t : r.thresholds_min) thresholds.push_back(Cost::from_seconds({t * 60.0}));

  const auto& by_category = fac.members;  // a sorted map: stable output order
  if (by_category.empty()) log::warn("no facilities in " + facilities_name);
  if (hooks.before_searches)
    hooks.before_searches({g.node_count(), g.edge_count(), origins.ids.size(), origins.ids.size(), facilities.ids.size(),
                           by_category.size(), false});

  lifecircle::ReachResult out;
  out.origin_ids = origins.ids;
  for (const auto& p : origins.lonlat) out.origin_at.push_back({p.lon, p.lat});
  for (const auto& s : osnap) out.snap_m.push_back(s.snapped() ? s.offset.value : std::numeric_limits<double>::quiet_NaN());
  out.k = r.k;
  out.thresholds_min = r.thresholds_min;
  out.epsg = net.projector->epsg();
  std::size_t done = 0;
  for (const auto& [name, members] : by_category) {
    check_cancelled();
    std::vector<network::Snap> snaps;
    for (auto i : members) snaps.push_back(fsnap[i]);
    const reach::CategoryReach res =
        reach::category_reach(g, w, reach::make_anchors(g, w, snaps), oanchors, r.k, thresholds);
    lifecircle::ReachCategory cat{name, {}, {}, res.counts};
    cat.nearest_s.reserve(origins.ids.size() * r.k);
    for (std::size_t i = 0; i < origins.ids.size(); ++i) {
      const auto nearest = res.nearest.row(i);
      for (unsigned j = 0; j < r.k; ++j)
        cat.nearest_s.push_back(nearest[j].cost.reachable() ? nearest[j].cost.seconds().value
                                                            : std::numeric_limits<double>::quiet_NaN());
      cat.nearest_id.push_back(nearest[0].cost.reachable() ? facilities.ids[members[nearest[0].source]] : std::string());
    }
    log::info("category " + name + ": " + std::to_string(members.size()) + " facilities");
    progress::report("category", ++done, by_category.size());
    if (on_category) on_category(out, cat);
    else out.categories.push_back(std::move(cat));
  }
  return out;
}

}  // namespace lc::api

namespace lifecircle {

ReachResult reach(Context& ctx, const ReachRequest& request, const ReachSink& on_category) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  return lc::api::run_reach(request, {}, on_category);
}

Network Network::build(Context& ctx, const NetworkSource& source) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  return lc::api::network_of(source, std::nullopt);
}

}  // namespace lifecircle
