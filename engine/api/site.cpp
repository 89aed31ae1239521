// lifecircle::site: maximal-covering siting of one category (network, existing facilities, origins
// snapped; the demand the existing facilities leave; candidates given or generated along the
// streets, each one's reach set; the greedy of plan/siting).
#include "api/site_run.hpp"

#include <algorithm>
#include <map>

#include "access/origins.hpp"
#include "api/pipeline.hpp"
#include "api/sources.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/chinese_coords.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "network/along.hpp"
#include "network/snap.hpp"
#include "plan/siting.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"

namespace lc::api {

namespace {

struct Candidates {
  std::vector<std::string> ids;
  std::vector<LonLat> lonlat;
};

std::string joined(const std::vector<std::string>& names, const char* sep) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : sep) + n;
  return s;
}

// "arterial (812 edges), bridge (3 edges)": the network's street classes, by name.
std::string class_list(const network::Graph& g) {
  const auto count = network::edges_per_class(g);
  std::map<std::string, std::size_t> by_name;
  for (std::size_t c = 0; c < count.size(); ++c)
    if (count[c] > 0 && !g.class_names[c].empty()) by_name[g.class_names[c]] = count[c];
  std::string out;
  for (const auto& [name, n] : by_name)
    out += (out.empty() ? "" : ", ") + name + " (" + std::to_string(n) + (n == 1 ? " edge)" : " edges)");
  return out;
}

// The mask of street classes candidates are generated along (empty: all streets).
std::vector<bool> allowed_classes(const std::vector<std::string>& names, const network::Graph& g) {
  if (names.empty()) return {};
  const network::ClassSelection s = network::select_classes(g, names);
  if (s.unknown.empty()) return s.allowed;
  std::string unknown;
  for (const auto& u : s.unknown) unknown += (unknown.empty() ? "'" : ", '") + u + "'";
  const std::string have = class_list(g);
  throw UsageError(Field{"candidate_classes"},
                   FieldText{"no street of class " + unknown + " in the network; " +
                                 (have.empty() ? "the network has no street classes (GIS lines take them from a highway, "
                                                 "fclass or class field, or {network.class_field} NAME)"
                                               : "its classes: " + have),
                             {"network.class_field"}});
}

bool generated(const lifecircle::SiteRequest& r) {
  return r.candidates.path.empty() && r.candidates.points.empty() && r.candidate_spacing_m > 0;
}

// `allowed`: the street classes spacing candidates go along (empty: all).
Candidates load_candidates(const lifecircle::SiteRequest& r, const network::Graph& g, const io::Projector& proj,
                           const std::vector<bool>& allowed) {
  Candidates c;
  const lifecircle::FacilitySource& s = r.candidates;
  if (!s.path.empty()) {
    const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(s.path), {io::GeomKind::points, s.id_field, {}});
    for (const auto& w : layer.warnings) log::warn(w);
    for (const auto& f : layer.features) c.ids.push_back(f.id), c.lonlat.push_back(f.parts[0][0]);
  } else if (!s.points.empty()) {
    for (const auto& p : s.points) c.ids.push_back(p.id), c.lonlat.push_back({p.at.lon, p.at.lat});
  } else {
    if (!(r.candidate_spacing_m > 0))
      throw UsageError(FieldText{"give {candidates} FILE or {candidate_spacing} M (> 0)", {"candidates", "candidate_spacing"}});
    for (const Point& p : network::points_along_edges(g, r.candidate_spacing_m, allowed)) {
      c.ids.push_back("street_" + std::to_string(c.ids.size() + 1));
      c.lonlat.push_back(proj.inverse(p));
    }
    if (c.ids.empty() && !allowed.empty())
      throw InputError({r.network.path.empty() ? "streets" : r.network.path, "", ""},
                       "no candidate sites: the streets of class " + joined(r.candidate_classes, ",") +
                           " have no length to place a point on");
  }
  if (const io::ChineseDatum d = engine_datum(s.datum); d != io::ChineseDatum::wgs84 && !generated(r))
    for (auto& p : c.lonlat) p = io::convert(p, d, io::ChineseDatum::wgs84);
  if (c.ids.empty()) throw InputError({s.path.empty() ? "candidates" : s.path, "", ""}, "no candidate sites");
  return c;
}

// The candidates' districts: the unit under each, "" outside all.
std::vector<std::string> candidate_districts(const lifecircle::SiteRequest& r, const Candidates& c) {
  if (r.units.empty()) return std::vector<std::string>(c.ids.size());
  std::vector<access::Origin> pts(c.ids.size());
  for (std::size_t i = 0; i < pts.size(); ++i) pts[i].id = c.ids[i], pts[i].centre = c.lonlat[i];
  return access::assign_units(pts, units_of(r.units));
}

// Demand still uncovered by the existing facilities of the category, per origin.
plan::SitingProblem problem_of(const network::Graph& g, const network::Weights& w, const reach::OriginAnchors& origins,
                               const std::vector<reach::Anchor>& existing, const access::People& people, const Rule& rule) {
  plan::SitingProblem p;
  const auto nearest = reach::nearest_facilities(g, w, existing, origins, 1);
  p.demand.resize(people.size());
  for (std::size_t o = 0; o < people.size(); ++o) {
    const double served = access::served(people, o, rule.group, {});
    const Cost t = nearest.row(o)[0].cost;
    const bool covered = t.reachable() && t <= rule.threshold;
    p.total_population += served;
    if (covered) p.covered_population += served;
    p.demand[o] = covered ? 0.0 : served;
  }
  return p;
}

// Who each candidate would reach within the threshold: one bounded search per candidate.
plan::CoverSets cover_sets(const network::Graph& g, const network::Weights& w, const std::vector<reach::Anchor>& cand,
                           const reach::OriginAnchors& origins, Cost threshold) {
  plan::CoverSets c{std::vector<std::uint32_t>(cand.size() + 1, 0), {}};
  const auto pairs = reach::pairs_within(g, w, cand, origins, threshold);  // by candidate, then origin
  for (const auto& p : pairs) ++c.first[p.facility + 1], c.ids.push_back(p.origin);
  for (std::size_t i = 1; i < c.first.size(); ++i) c.first[i] += c.first[i - 1];
  return c;
}

io::Table sites_table(const plan::SitingResult& r, const Candidates& c, const std::vector<std::string>& district,
                      const std::string& category) {
  io::Table t{"proposed_sites", "Proposed " + category + " sites, greedy maximal covering (lifecircle site)",
              {{"rank", io::FieldType::integer}, {"site_id"}, {"district"}, {"x", io::FieldType::real},
               {"y", io::FieldType::real}, {"new_covered", io::FieldType::real},
               {"cumulative_covered", io::FieldType::real}, {"cumulative_coverage", io::FieldType::real}},
              true, {}, {}};
  for (const auto& s : r.sites) {
    const LonLat ll = c.lonlat[s.candidate];
    t.add({static_cast<long long>(s.rank), c.ids[s.candidate], district[s.candidate], ll.lon, ll.lat, s.new_covered,
           s.cumulative_covered, s.cumulative_coverage},
          point_wkt(ll));
  }
  return t;
}

// The coverage curve as its own table: row 0 is the existing facilities, row n after n sites.
io::Table curve_table(const plan::SitingResult& r, const plan::SitingProblem& p, const Candidates& c,
                      const std::string& category) {
  io::Table t{"coverage_curve", "Coverage of " + category + " as proposed sites are added (lifecircle site)",
              {{"sites", io::FieldType::integer}, {"site_id"}, {"new_covered", io::FieldType::real},
               {"covered", io::FieldType::real}, {"coverage", io::FieldType::real}},
              false, {}, {}};
  t.add({0LL, std::string(), 0.0, p.covered_population, p.total_population > 0 ? p.covered_population / p.total_population : 0.0});
  for (const auto& s : r.sites)
    t.add({static_cast<long long>(s.rank), c.ids[s.candidate], s.new_covered, s.cumulative_covered, s.cumulative_coverage});
  return t;
}

}  // namespace

void check_site_request(const lifecircle::SiteRequest& r) {
  if (!r.candidate_classes.empty() && !generated(r))
    throw UsageError(FieldText{"{candidate_classes} picks the streets {candidate_spacing} M generates candidates along; "
                               "give {candidate_spacing}",
                               {"candidate_classes", "candidate_spacing"}});
  for (const auto& c : r.candidate_classes)
    if (c.empty()) throw UsageError(Field{"candidate_classes"}, "an empty class name");
  if (!r.network.class_field.empty() && io::is_osm_path(r.network.path))
    throw UsageError(FieldText{"{network.class_field} is for GIS line networks; OSM streets take their class from highway=*",
                               {"network.class_field"}});
  if (!(r.default_threshold_min > 0)) throw UsageError(Field{"default_threshold"}, "must be > 0 minutes");
  if (!(r.max_snap_m >= 0)) throw UsageError(Field{"max_snap"}, "must be a distance in metres >= 0");
  if (r.speed_mps && !(*r.speed_mps > 0)) throw UsageError(Field{"speed"}, "must be a walking speed in m/s > 0");
  if (r.category.empty()) throw UsageError(Field{"category"}, "no category to site");
}

SiteRun run_site(const lifecircle::SiteRequest& r, const SiteHooks& hooks) {
  check_site_request(r);
  SiteRun run;
  run.catalog = access::with_season(catalog_of(r.catalog), r.season);
  const access::Catalog& catalog = run.catalog;
  const Rule rule = rule_for(r.category, catalog, r.default_threshold_min, r.speed_mps);
  const lifecircle::Network network = network_of(r.network, r.built);
  const LoadedNetwork& net = network.impl().net;
  const network::Graph& g = net.graph;
  const std::vector<bool> allowed = allowed_classes(r.candidate_classes, g);
  check_cancelled();

  const CategorizedFacilities fac = facilities_of(r.facilities, catalog);
  check_known_categories("category", {r.category}, known_categories(&catalog, fac.members));
  RunSizes sizes{g.node_count(), g.edge_count(), 0, 0, fac.points.ids.size(), 1, false};
  if (hooks.before_origins) hooks.before_origins(sizes, *net.projector);
  access::OriginSet set = origins_of(r.origins, *net.projector);
  for (const auto& w : set.warnings) log::warn(w);
  access::People people = people_of(set, std::vector<std::string>(set.origins.size()), false);
  const network::Snapper snapper(g);
  const network::SnapOptions so{Metres{r.max_snap_m}, r.min_component};
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  sizes.origins = set.origins.size(), sizes.access_points = on.snaps.size();
  if (hooks.before_searches) hooks.before_searches(sizes);
  check_cancelled();
  const auto& [w, origins] = on.at(g, rule.speed);

  std::vector<network::Snap> existing_snaps;
  if (auto it = fac.members.find(r.category); it != fac.members.end())
    for (auto i : it->second) existing_snaps.push_back(snapper.snap(net.projector->forward(fac.points.lonlat[i]), so));
  plan::SitingProblem problem = problem_of(g, w, origins, reach::make_anchors(g, w, existing_snaps), people, rule);

  if (generated(r) && hooks.before_candidates) hooks.before_candidates(sizes, g, allowed);
  const Candidates cand = load_candidates(r, g, *net.projector, allowed);
  const auto csnap = snapper.snap_all(project(*net.projector, cand.lonlat), so);
  const auto canchors = reach::make_anchors(g, w, csnap);
  if (hooks.before_covers) hooks.before_covers({sizes, g, w, canchors, origins, rule.threshold});
  check_cancelled();
  problem.covers = cover_sets(g, w, canchors, origins, rule.threshold);
  problem.candidate_district = candidate_districts(r, cand);
  std::size_t unsnapped = 0;
  for (const auto& s : csnap) unsnapped += !s.snapped();
  if (unsnapped && hooks.unsnapped_candidates) hooks.unsnapped_candidates(unsnapped);

  const plan::SitingResult chosen = plan::greedy_mclp(problem, {r.count, r.target_coverage, r.per_district});
  run.sites = sites_table(chosen, cand, problem.candidate_district, r.category);
  run.curve = curve_table(chosen, problem, cand, r.category);
  lifecircle::SiteResult& out = run.result;
  out.existing = existing_snaps.size();
  out.population = problem.total_population;
  out.covered_population = problem.covered_population;
  out.candidates = cand.ids.size();
  out.unsnapped_candidates = unsnapped;
  for (auto i : chosen.outside_districts) out.outside_districts.push_back(cand.ids[i]);
  out.warnings = chosen.warnings;
  return run;
}

}  // namespace lc::api

namespace lifecircle {

SiteResult site(Context& ctx, const SiteRequest& request) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  lc::api::SiteHooks hooks;
  hooks.unsnapped_candidates = [&](std::size_t n) {
    lc::log::warn(std::to_string(n) + " candidates are farther than " + lc::io::format_cell(request.max_snap_m) +
                  " m from a walkable street and can cover no one");
  };
  lc::api::SiteRun run = lc::api::run_site(request, hooks);
  for (const auto& w : run.result.warnings) lc::log::warn(w);
  if (!run.result.outside_districts.empty())
    lc::log::info(std::to_string(run.result.outside_districts.size()) + " of " + std::to_string(run.result.candidates) +
                  " candidates lie outside every district and are not used with quotas per district");
  SiteResult out = std::move(run.result);
  out.sites = lc::api::public_table(run.sites);
  out.curve = lc::api::public_table(run.curve);
  return out;
}

}  // namespace lifecircle
