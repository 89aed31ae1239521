// lifecircle::isochrones: per category, at its walking speed, the isochrones of every facility and
// of the category merged, and optionally the service areas (access/isochrones).
#include "api/isochrone_run.hpp"

#include <algorithm>
#include <cmath>

#include "access/isochrones.hpp"
#include "api/pipeline.hpp"
#include "api/sources.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"

namespace lc::api {

namespace {

void validate(const lifecircle::IsochroneRequest& r) {
  if (r.minutes.empty()) throw UsageError(Field{"minutes"}, "needs at least one value");
  for (double m : r.minutes)
    if (!(m > 0 && m < 1440)) throw UsageError(Field{"minutes"}, "values must be > 0 and < 1440");
  if (!(r.corridor_m > 0 && std::isfinite(r.corridor_m))) throw UsageError(Field{"corridor"}, "must be > 0 metres");
  if (r.speed_mps && !(*r.speed_mps > 0)) throw UsageError(Field{"speed"}, "must be a walking speed in m/s > 0");
  if (!(r.max_snap_m >= 0)) throw UsageError(Field{"max_snap"}, "must be a distance in metres >= 0");
}

// The tables of each category are built on that category's weights and appended in category order.
void append(io::Table& into, io::Table&& part) {
  if (into.fields.empty()) {
    into = std::move(part);
    return;
  }
  for (std::size_t r = 0; r < part.rows.size(); ++r) into.add(std::move(part.rows[r]), std::move(part.wkt[r]));
}

std::string minutes_text(const std::vector<double>& minutes) {
  std::string s;
  for (double m : minutes) s += (s.empty() ? "" : "/") + io::format_cell(m);
  return s;
}

}  // namespace

IsochroneLayers run_isochrones(const lifecircle::IsochroneRequest& r, const IsochroneHooks& hooks) {
  validate(r);
  const access::Catalog catalog = access::with_season(catalog_of(r.catalog), r.season);
  const lifecircle::Network network = network_of(r.network, r.built);
  const LoadedNetwork& net = network.impl().net;
  check_cancelled();
  const std::string facilities_name = r.facilities.path.empty() ? "facilities" : r.facilities.path;
  CategorizedFacilities fac = facilities_of(r.facilities, catalog);
  select_categories(r.categories, known_categories(&catalog, fac.members), fac.members, facilities_name);
  std::erase_if(fac.members, [](const auto& m) { return m.second.empty(); });  // nothing to draw
  if (fac.members.empty()) throw InputError({facilities_name, "", ""}, "no facilities of any category");
  const auto speed_of = [&](const std::string& category) { return rule_for(category, catalog, 15, r.speed_mps).speed; };
  if (hooks.before_drawing) hooks.before_drawing({net, fac, speed_of});

  const network::Snapper snapper(net.graph);
  const network::SnapOptions so{Metres{r.max_snap_m}, r.min_component};
  IsochroneLayers out;
  std::string speeds;
  for (const auto& [category, members] : fac.members) {
    check_cancelled();
    const double speed = speed_of(category);
    const network::Weights w = network::make_weights(net.graph, MetresPerSecond{speed});
    access::FacilitySet set{category, {}, {}};
    std::size_t unsnapped = 0;
    for (auto i : members) {
      const network::Snap s = snapper.snap(net.projector->forward(fac.points.lonlat[i]), so);
      unsnapped += !s.snapped();
      set.ids.push_back(fac.points.ids[i]);
      set.anchors.push_back(reach::make_anchor(net.graph, w, s));
    }
    if (unsnapped)
      log::warn(category + ": " + std::to_string(unsnapped) + " facilities farther than " + io::format_cell(r.max_snap_m) +
                " m from a walkable street" + component_clause(so) + " have no isochrone");
    append(out.isochrones, access::isochrones_table(net.graph, w, {set}, *net.projector, {r.minutes, r.corridor_m}));
    if (r.service_areas)
      append(out.service_areas, access::service_areas_table(net.graph, w, {set}, *net.projector, r.corridor_m));
    speeds += (speeds.empty() ? "" : ", ") + category + " " + io::format_cell(speed) + " m/s";
    log::info("category " + category + ": " + std::to_string(members.size()) + " facilities at " + io::format_cell(speed) + " m/s");
  }
  if (out.isochrones.fields.empty()) throw InputError({facilities_name, "", ""}, "no facility could be drawn");
  const std::string season = catalog.season.empty() ? "" : " in " + catalog.season + " (the speed profiles' " + catalog.season + " factors)";
  const std::string walk = " (walking speeds" + season + ": " + speeds + "; snapping up to " + io::format_cell(r.max_snap_m) + " m)";
  out.isochrones.description = "Streets reached within " + minutes_text(r.minutes) + " min of each facility and of its "
                               "category merged (facility_id empty), cut where the walk ends and widened by a " +
                               io::format_cell(r.corridor_m) + " m corridor" + walk;
  out.service_areas.description = "Each street piece given to its nearest facility of the category; a facility's pieces "
                                  "widened by a " + io::format_cell(r.corridor_m) + " m corridor" + walk;
  return out;
}

}  // namespace lc::api

namespace lifecircle {

IsochroneResult isochrones(Context& ctx, const IsochroneRequest& request) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  const lc::api::IsochroneLayers layers = lc::api::run_isochrones(request);
  IsochroneResult out{lc::api::public_table(layers.isochrones), {}};
  if (request.service_areas) out.service_areas = lc::api::public_table(layers.service_areas);
  return out;
}

}  // namespace lifecircle
