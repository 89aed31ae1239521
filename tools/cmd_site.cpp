#include "cmd_site.hpp"


#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "access/origins.hpp"
#include "command_context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "api/coverage_inputs.hpp"
#include "origin_options.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "memory_budget.hpp"
#include "network/along.hpp"
#include "outputs.hpp"
#include "api/pipeline.hpp"
#include "plan/siting.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"
#include "walk_options.hpp"

namespace lc::tools {

using namespace api;  // the engine's input and pipeline stages (engine/api)

namespace {

struct SiteOptions {
  std::string network, dem, facilities, category, catalog, out, crs;
  std::string category_field, id_field, units, unit_name_field = "name";
  std::string candidates, candidate_id_field, candidate_classes, street_class_field;
  OriginRequest origins;
  double candidate_spacing = 0, default_threshold_min = 15;
  SnapFlags snap;  // --max-snap, --min-component
  std::optional<double> speed;  // --speed
  std::optional<std::size_t> count;
  std::optional<double> target_coverage;
  std::string per_district;
  unsigned threads = 0;
  bool overwrite = false;
  bool update = false;  // --update: layers added to an existing GeoPackage
  std::string out_crs;
  std::string max_memory;  // --max-memory (memory_budget.hpp)
};

plan::SitingRequest request_of(const SiteOptions& o) {
  plan::SitingRequest r{o.count, o.target_coverage, {}};
  std::string rest = o.per_district;
  while (!rest.empty()) {  // 海勃湾区=9,乌达区=6,海南区=5
    const auto comma = rest.find(',');
    const std::string item = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--per-district: expected NAME=N, got '" + item + "'");
    try {
      r.per_district[item.substr(0, eq)] = std::stoul(item.substr(eq + 1));
    } catch (const std::exception&) {
      throw UsageError("--per-district: '" + item.substr(eq + 1) + "' is not a count");
    }
  }
  return r;
}

// --candidate-classes footway,residential -> {footway, residential}; checked before any input is read.
std::vector<std::string> candidate_classes(const SiteOptions& o) {
  std::vector<std::string> names;
  if (o.candidate_classes.empty()) return names;
  if (!o.candidates.empty() || !(o.candidate_spacing > 0))
    throw UsageError("--candidate-classes picks the streets --candidate-spacing M generates candidates along; give --candidate-spacing");
  std::string rest = o.candidate_classes;
  for (;;) {
    const auto comma = rest.find(',');
    std::string item = rest.substr(0, comma);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) throw UsageError("--candidate-classes: an empty class name in '" + o.candidate_classes + "'");
    if (std::find(names.begin(), names.end(), item) == names.end()) names.push_back(item);
    if (comma == std::string::npos) return names;
    rest = rest.substr(comma + 1);
  }
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
  throw UsageError("--candidate-classes: no street of class " + unknown + " in the network; " +
                   (have.empty() ? "the network has no street classes (GIS lines take them from a highway, fclass or "
                                   "class field, or --street-class-field NAME)"
                                 : "its classes: " + have));
}

struct Candidates {
  std::vector<std::string> ids;
  std::vector<LonLat> lonlat;
};

// Bytes per candidate site: its id, location, snap, anchor and district (measured 140-160 B on the
// synthetic Wuhai), and with --units the origin record that assigns it a district (docs/memory.md).
constexpr double kCandidateBytes = 192, kCandidateDistrictBytes = 192;
// Bytes per candidate for the greedy (its gain in the lazy heap, its cover-set offset), once the
// candidates themselves are held.
constexpr double kGreedyBytes = 32;
// Bytes per (candidate, origin) pair of the reach sets while they are built: the pairs found per
// thread, merged and sorted, and the cover sets' ids (measured 42-44 B, docs/memory.md).
constexpr double kPairBytes = 48;

// --candidate-spacing: the candidates counted from the street lengths before any is made (an edge
// gets at most length / spacing + 1) and checked against the memory budget with their reach sets
// at the size of the origins (not known yet: checked again once a sample is searched).
void check_candidate_budget(const SiteOptions& o, const network::Graph& g, const std::vector<bool>& allowed,
                            const RunShape& shape) {
  if (!o.candidates.empty() || !(o.candidate_spacing > 0)) return;
  double n = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    if (allowed.empty() || allowed[g.edge_class[e]]) n += g.edge_length_m[e] / o.candidate_spacing + 1;
  check_memory_budget(o.max_memory, shape, {"the candidate sites are generated", "use a larger --candidate-spacing"},
                      {{"candidate sites: at most " + format_count(n) + " every " + io::format_cell(o.candidate_spacing) +
                            " m along the streets",
                        static_cast<std::uint64_t>(n * (kCandidateBytes + (o.units.empty() ? 0 : kCandidateDistrictBytes)))}});
}

// The reach sets' size from a sample of candidates searched in full (estimate_pairs), checked
// before every candidate is searched. The candidates are held by then (in the resident part); what follows adds the greedy's state and,
// with --units, the districts' assignment.
void check_cover_budget(const SiteOptions& o, const network::Graph& g, const network::Weights& w,
                        const std::vector<reach::Anchor>& cand, const reach::OriginAnchors& origins, Cost threshold,
                        const RunShape& shape) {
  const PairEstimate est = estimate_pairs(g, w, cand, origins, threshold);
  if (est.sample == 0) return;
  check_memory_budget(o.max_memory, shape,
                      {"the candidates' reach sets are built", "use a larger --candidate-spacing or fewer candidates"},
                      {{"greedy over " + format_count(static_cast<double>(cand.size())) + " candidates" +
                            (o.units.empty() ? "" : " with their districts"),
                        static_cast<std::uint64_t>(static_cast<double>(cand.size()) *
                                                   (kGreedyBytes + (o.units.empty() ? 0 : kCandidateDistrictBytes)))},
                       {"reach sets: about " + format_count(est.pairs) + " (candidate, origin) pairs (" +
                            format_count(est.mean) + " per candidate in a sample of " + std::to_string(est.sample) + ")",
                        static_cast<std::uint64_t>(est.pairs * kPairBytes)}});
}

// `allowed`: the street classes spacing candidates go along (empty: all).
Candidates load_candidates(const SiteOptions& o, const network::Graph& g, const io::Projector& proj,
                           const std::vector<bool>& allowed) {
  Candidates c;
  if (!o.candidates.empty()) {
    const io::VectorLayer layer =
        io::read_vector(io::parse_layer_ref(o.candidates), {io::GeomKind::points, o.candidate_id_field, {}});
    for (const auto& w : layer.warnings) log::warn(w);
    for (const auto& f : layer.features) c.ids.push_back(f.id), c.lonlat.push_back(f.parts[0][0]);
  } else {
    if (!(o.candidate_spacing > 0)) throw UsageError("give --candidates FILE or --candidate-spacing M (> 0)");
    for (const Point& p : network::points_along_edges(g, o.candidate_spacing, allowed)) {
      c.ids.push_back("street_" + std::to_string(c.ids.size() + 1));
      c.lonlat.push_back(proj.inverse(p));
    }
    if (c.ids.empty() && !allowed.empty())
      throw InputError({o.network, "", ""}, "no candidate sites: the streets of class " + o.candidate_classes +
                                                " have no length to place a point on");
  }
  if (c.ids.empty()) throw InputError({o.candidates, "", ""}, "no candidate sites");
  return c;
}

// Candidates outside every district sit out a --per-district run. For the planner's own candidate
// layer that deserves a warning naming them; street points generated past the district outlines
// are expected and only mentioned.
void say_outside_districts(const std::vector<std::uint32_t>& outside, const Candidates& c, const SiteOptions& o) {
  if (outside.empty()) return;
  const std::string head = std::to_string(outside.size()) + " of " + std::to_string(c.ids.size());
  if (o.candidates.empty()) {
    log::info(head + " street points lie outside every district and are not used with --per-district");
    return;
  }
  constexpr std::size_t kListed = 10;
  std::string list;
  for (std::size_t i = 0; i < std::min(kListed, outside.size()); ++i) list += (i ? ", " : "") + c.ids[outside[i]];
  if (outside.size() > kListed) list += ", ... (" + std::to_string(outside.size() - kListed) + " more)";
  log::warn(head + " candidates in " + o.candidates + " lie outside every district and are not used with --per-district: " + list);
}

// The candidates' districts: the unit under each, "" outside all.
std::vector<std::string> candidate_districts(const SiteOptions& o, const Candidates& c) {
  if (o.units.empty()) return std::vector<std::string>(c.ids.size());
  std::vector<access::Origin> pts(c.ids.size());
  for (std::size_t i = 0; i < pts.size(); ++i) pts[i].id = c.ids[i], pts[i].centre = c.lonlat[i];
  return access::assign_units(pts, access::load_units(o.units, o.unit_name_field));
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
                      const SiteOptions& o) {
  io::Table t{"proposed_sites", "Proposed " + o.category + " sites, greedy maximal covering (lifecircle site)",
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
io::Table curve_table(const plan::SitingResult& r, const plan::SitingProblem& p, const Candidates& c, const SiteOptions& o) {
  io::Table t{"coverage_curve", "Coverage of " + o.category + " as proposed sites are added (lifecircle site)",
              {{"sites", io::FieldType::integer}, {"site_id"}, {"new_covered", io::FieldType::real},
               {"covered", io::FieldType::real}, {"coverage", io::FieldType::real}},
              false, {}, {}};
  t.add({0LL, std::string(), 0.0, p.covered_population, p.total_population > 0 ? p.covered_population / p.total_population : 0.0});
  for (const auto& s : r.sites)
    t.add({static_cast<long long>(s.rank), c.ids[s.candidate], s.new_covered, s.cumulative_covered, s.cumulative_coverage});
  return t;
}

// What the memory budget checks: one category, its nearest facility per origin, no output tables.
RunShape site_shape(const network::Graph& g, const CategorizedFacilities& fac, std::size_t origins, const SiteOptions& o) {
  return {g.node_count(), g.edge_count(), origins, origins, fac.points.ids.size(), 1, 1, 0, worker_threads(o.threads), false};
}

void run_site(const SiteOptions& o) {
  const plan::SitingRequest request = request_of(o);
  const std::vector<std::string> classes = candidate_classes(o);  // a usage error before any input is read
  if (!o.street_class_field.empty() && io::is_osm_path(o.network))
    throw UsageError("--street-class-field is for GIS line networks; OSM streets take their class from highway=*");
  io::check_writable(o.out, o.overwrite, o.update);
  const CommandContext context(o.threads);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  const Rule rule = rule_for(o.category, catalog, o.default_threshold_min, o.speed);
  check_origin_flags(o.origins);
  check_facility_flags(o.facilities, o.category_field, o.id_field, true);
  NetworkSource src{o.network, io::is_osm_path(o.network), {}, {}};
  src.dem = o.dem;
  src.class_field = o.street_class_field;
  LoadedNetwork net = load_network(src, o.crs.empty() ? std::nullopt : std::optional<int>(io::parse_epsg(o.crs)));
  const network::Graph& g = net.graph;
  const std::vector<bool> allowed = allowed_classes(classes, g);

  const CategorizedFacilities fac = load_catalog_facilities(o.facilities, catalog, o.category_field, o.id_field);
  check_known_categories("category", {o.category}, known_categories(&catalog, fac.members));
  check_origin_budget(o.origins, *net.projector, o.max_memory, site_shape(g, fac, 0, o));
  access::OriginSet set = load_origin_set(o.origins, *net.projector);
  for (const auto& w : set.warnings) log::warn(w);
  access::People people = people_of(set, std::vector<std::string>(set.origins.size()), false);
  const network::Snapper snapper(g);
  const network::SnapOptions so = o.snap.options();
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  RunShape shape = site_shape(g, fac, set.origins.size(), o);
  shape.access_points = on.snaps.size();
  check_memory_budget(o.max_memory, shape);
  const auto& [w, origins] = on.at(g, rule.speed);

  std::vector<network::Snap> existing_snaps;
  if (auto it = fac.members.find(o.category); it != fac.members.end())
    for (auto i : it->second) existing_snaps.push_back(snapper.snap(net.projector->forward(fac.points.lonlat[i]), so));
  plan::SitingProblem problem = problem_of(g, w, origins, reach::make_anchors(g, w, existing_snaps), people, rule);

  check_candidate_budget(o, g, allowed, shape);
  const Candidates cand = load_candidates(o, g, *net.projector, allowed);
  const auto csnap = snapper.snap_all(project(*net.projector, cand.lonlat), so);
  const auto canchors = reach::make_anchors(g, w, csnap);
  check_cover_budget(o, g, w, canchors, origins, rule.threshold, shape);
  problem.covers = cover_sets(g, w, canchors, origins, rule.threshold);
  problem.candidate_district = candidate_districts(o, cand);
  std::size_t unsnapped = 0;
  for (const auto& s : csnap) unsnapped += !s.snapped();
  if (unsnapped) log::warn(std::to_string(unsnapped) + " candidates are farther than --max-snap from a walkable street and can cover no one");

  const plan::SitingResult result = plan::greedy_mclp(problem, request);
  for (const auto& wmsg : result.warnings) log::warn(wmsg);
  say_outside_districts(result.outside_districts, cand, o);
  io::Table table = sites_table(result, cand, problem.candidate_district, o);
  describe_speed(table, speed_text(o.speed, catalog));
  if (o.out.ends_with(".gpkg")) {
    io::Table curve = curve_table(result, problem, cand, o);
    describe_speed(curve, speed_text(o.speed, catalog));
    write_result(o.out, {&table, &curve}, o.overwrite, o.out_crs, o.update);
  } else {
    write_result(o.out, {&table}, o.overwrite, o.out_crs, o.update);  // .csv: the table as it is
  }
  log::info(o.category + ": " + std::to_string(existing_snaps.size()) + " existing, coverage " +
            io::format_cell(problem.total_population > 0 ? problem.covered_population / problem.total_population : 0.0) +
            "; " + std::to_string(result.sites.size()) + " sites proposed" +
            (result.sites.empty() ? "" : ", coverage then " + io::format_cell(result.sites.back().cumulative_coverage)) +
            "; wrote " + o.out);
}

}  // namespace

void setup_site(CLI::App& app) {
  auto o = std::make_shared<SiteOptions>();
  CLI::App* cmd = app.add_subcommand("site", "Where to build new facilities of one category (maximal covering)");
  cmd->add_option("--network", o->network, "Street network: .osm.pbf/.osm or a GDAL line source FILE[:LAYER]")->required();
  cmd->add_option("--facilities", o->facilities, "Existing facilities FILE[:LAYER]")->required();
  add_origin_options(*cmd, o->origins);
  cmd->add_option("--category", o->category, "Category to site (catalog id)")->required();
  cmd->add_option("--out", o->out, "proposed_sites: .csv (rank,site_id,district,x,y,new_covered,cumulative_covered,cumulative_coverage) or .gpkg (with a coverage_curve layer) / .geojson")->required();
  add_out_crs_option(*cmd, o->out_crs);
  cmd->add_option("--candidates", o->candidates, "Candidate sites FILE[:LAYER] (vacant lots, ground-floor retail)");
  cmd->add_option("--candidate-id-field", o->candidate_id_field, "Candidate id field (default: feature id)");
  cmd->add_option("--candidate-spacing", o->candidate_spacing, "Or: candidates every M metres along the walkable streets");
  cmd->add_option("--candidate-classes", o->candidate_classes,
                  "With --candidate-spacing: only along streets of these classes, e.g. footway,residential (OSM highway=*, or the GIS layer's class field)");
  cmd->add_option("--street-class-field", o->street_class_field,
                  "GIS line network: the street class field (default: highway, fclass or class, the first the layer has)");
  cmd->add_option("--count", o->count, "How many sites");
  cmd->add_option("--target-coverage", o->target_coverage, "Or: add sites until this share of people is covered (0..1]");
  cmd->add_option("--per-district", o->per_district, "Or: quotas per district, e.g. 海勃湾区=9,乌达区=6,海南区=5 (needs --units)");
  cmd->add_option("--units", o->units, "Districts (polygons) FILE[:LAYER]");
  cmd->add_option("--unit-name-field", o->unit_name_field, "District name field")->capture_default_str();
  cmd->add_option("--category-field", o->category_field, "Facility category field");
  cmd->add_option("--id-field", o->id_field, "Facility id field");
  cmd->add_option("--catalog", o->catalog, "Category catalog")->default_str(default_catalog());
  cmd->add_option("--default-threshold", o->default_threshold_min, "Minutes for categories not in the catalog")->capture_default_str();
  add_snap_options(*cmd, o->snap);
  add_dem_option(*cmd, o->dem);
  add_speed_option(*cmd, o->speed, "the catalog's speed profile of the category");
  cmd->add_option("--crs", o->crs, "Metric working CRS, EPSG:N");
  add_threads_option(*cmd, o->threads);
  cmd->add_flag("--overwrite", o->overwrite, "Replace an existing output file");
  add_update_option(*cmd, o->update);
  add_max_memory_option(*cmd, o->max_memory);
  cmd->callback([o] { run_site(*o); });
}

}  // namespace lc::tools
