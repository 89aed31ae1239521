// api: the memory budget of a whole coverage, siting or isochrone run (docs/memory.md), as hooks between its
// stages: the shape of the run (memory_budget.hpp) plus what each stage adds that the shape does
// not cover (the 2SFCA's pairs, the candidate sites and their reach sets), estimated before it starts.
#include "api/run_budget.hpp"

#include <algorithm>
#include <cstdint>

#include "access/isochrones.hpp"
#include "api/memory_budget.hpp"
#include "api/origin_budget.hpp"
#include "io/table_writer.hpp"
#include "network/snap.hpp"
#include "reach/anchor.hpp"

namespace lc::api {

namespace {

// Bytes per (facility, origin) pair while the 2SFCA runs: its pairs (16 B), and inside two_step_fca
// the pairs sorted (16 B), the triplets (16 B) and the sparse matrix (12 B), not all at once
// (measured 56 B on 3.2 million pairs, docs/memory.md).
constexpr double kFcaPairBytes = 64;

// Bytes per candidate site: its id, location, snap, anchor and district (measured 140-160 B on the
// synthetic Wuhai), and with --units the origin record that assigns it a district (docs/memory.md).
constexpr double kCandidateBytes = 192, kCandidateDistrictBytes = 192;
// Bytes per candidate for the greedy (its gain in the lazy heap, its cover-set offset), once the
// candidates themselves are held.
constexpr double kGreedyBytes = 32;
// Bytes per (candidate, origin) pair of the reach sets while they are built: the pairs found per
// thread, merged and sorted, and the cover sets' ids (measured 42-44 B, docs/memory.md).
constexpr double kCoverPairBytes = 48;

// The 2SFCA holds one category's pairs at a time: the largest category's, estimated from a sample
// of its facilities (estimate_pairs), is what the searches and results add at their peak.
EstimatePart fca_pairs_part(const SearchStage& s) {
  PairEstimate largest;
  std::string largest_id;
  for (const auto& [id, members] : s.facilities.members) {
    const Rule rule = s.rule(id);
    const auto& [w, origins] = s.origins.at(s.graph, rule.speed);
    std::vector<network::Snap> snaps;
    for (auto i : members) snaps.push_back(s.facility_snaps[i]);
    const PairEstimate est = estimate_pairs(s.graph, w, reach::make_anchors(s.graph, w, snaps), origins, rule.threshold);
    if (est.pairs > largest.pairs) largest = est, largest_id = id;
  }
  return {"2SFCA pairs of the largest category (" + largest_id + "): about " + format_count(largest.pairs) +
              " (facility, origin) pairs (" + format_count(largest.mean) + " per facility in a sample of " +
              std::to_string(largest.sample) + ")",
          static_cast<std::uint64_t>(largest.pairs * kFcaPairBytes)};
}

// What the memory budget checks of a siting run: one category, its nearest facility per origin, no
// output tables.
RunShape site_shape(const RunSizes& s, unsigned threads) {
  return {s.nodes, s.edges, s.origins, s.access_points, s.facilities, 1, 1, 0, worker_threads(threads), false};
}

// Bytes a row of the isochrones or service_areas table holds besides its WKT (cells, ids, the
// vectors' slack), and the factor for the WKT's copies while GEOS builds it and the writer reads it.
constexpr double kIsochroneRowBytes = 256, kIsochroneWktCopies = 2;

// The output rows grow with facilities x minutes, each as large as the streets it reaches: a
// sample of facilities (up to 4 of the first category, evenly spread) is drawn in full, and its
// mean bytes per row, times the rows to come, are checked before any other is drawn.
void check_isochrone_budget(const lifecircle::IsochroneRequest& r, const std::string& max_memory, unsigned threads,
                            const DrawStage& stage) {
  const LoadedNetwork& net = stage.network;
  const CategorizedFacilities& fac = stage.facilities;
  const auto& [category, members] = *fac.members.begin();
  const network::Weights w = network::make_weights(net.graph, MetresPerSecond{stage.speed(category)});
  const network::Snapper snapper(net.graph);
  const network::SnapOptions snap{Metres{r.max_snap_m}, r.min_component};
  access::FacilitySet sample{category, {}, {}};
  const std::size_t step = std::max<std::size_t>(1, members.size() / 4);
  for (std::size_t i = 0; i < members.size() && sample.ids.size() < 4; i += step) {
    sample.ids.push_back(fac.points.ids[members[i]]);
    sample.anchors.push_back(reach::make_anchor(net.graph, w, snapper.snap(net.projector->forward(fac.points.lonlat[members[i]]), snap)));
  }
  const io::Table drawn = access::isochrones_table(net.graph, w, {sample}, *net.projector, {r.minutes, r.corridor_m});
  double bytes = 0;
  for (const auto& wkt : drawn.wkt) bytes += static_cast<double>(wkt.size()) * kIsochroneWktCopies + kIsochroneRowBytes;
  const double per_row = drawn.wkt.empty() ? kIsochroneRowBytes : bytes / static_cast<double>(drawn.wkt.size());
  std::size_t facilities = 0;
  for (const auto& [id, m] : fac.members) facilities += m.size();
  // A row per facility and per category merged, per threshold; service areas add one per facility.
  const double rows = static_cast<double>((facilities + fac.members.size()) * r.minutes.size()) +
                      (r.service_areas ? static_cast<double>(facilities) : 0.0);
  const RunShape shape{net.graph.node_count(), net.graph.edge_count(), 0, facilities, fac.points.ids.size(),
                       fac.members.size(), 1, 0, worker_threads(threads), false};
  check_memory_budget(max_memory, shape, {"the isochrones are drawn", {"use fewer {minutes} or {categories}", {"minutes", "categories"}}},
                      {{"isochrones: " + format_count(rows) + " rows of about " + format_bytes(static_cast<std::uint64_t>(per_row)) +
                            " (drawn for a sample of " + std::to_string(sample.ids.size()) + " facilities)",
                        static_cast<std::uint64_t>(rows * per_row)}});
}

}  // namespace

void add_coverage_budget(CoverageHooks& hooks, const OriginRequest& origins, const std::string& max_memory,
                         unsigned threads, unsigned count_thresholds, bool streamed, Layout layout) {
  const auto shape = [=](const RunSizes& s) {
    // One nearest label per node and origin whatever k (the tables keep the nearest only).
    RunShape run{s.nodes, s.edges, s.origins, s.access_points, s.facilities, s.categories, 1, count_thresholds,
                 worker_threads(threads), true};
    run.polygon_origins = s.polygon_origins;
    run.streamed = streamed;
    run.wide = layout.wide;
    run.long_rows = layout.long_rows;
    return run;
  };
  hooks.before_origins = [=](const RunSizes& s, const io::Projector& metric) {
    check_origin_budget(origins, metric, max_memory, shape(s));
  };
  hooks.before_searches = [=](const SearchStage& s) {
    check_memory_budget(max_memory, shape(s.sizes), {}, {fca_pairs_part(s)});
  };
}

void add_site_budget(SiteHooks& hooks, const OriginRequest& origins, const std::string& max_memory, unsigned threads,
                     double candidate_spacing_m, bool districts) {
  hooks.before_origins = [=](const RunSizes& s, const io::Projector& metric) {
    check_origin_budget(origins, metric, max_memory, site_shape(s, threads));
  };
  hooks.before_searches = [=](const RunSizes& s) { check_memory_budget(max_memory, site_shape(s, threads)); };
  const double district_bytes = districts ? kCandidateDistrictBytes : 0;
  // Candidates every candidate_spacing_m, counted from the street lengths before any is made (an
  // edge gets at most length / spacing + 1) and checked with their reach sets at the size of the
  // origins (not known yet: checked again once a sample is searched).
  hooks.before_candidates = [=](const RunSizes& sizes, const network::Graph& g, const std::vector<bool>& allowed) {
    double n = 0;
    for (EdgeId e = 0; e < g.edge_count(); ++e)
      if (allowed.empty() || allowed[g.edge_class[e]]) n += g.edge_length_m[e] / candidate_spacing_m + 1;
    check_memory_budget(max_memory, site_shape(sizes, threads),
                        {"the candidate sites are generated", {"use a larger {candidate_spacing}", {"candidate_spacing"}}},
                        {{"candidate sites: at most " + format_count(n) + " every " + io::format_cell(candidate_spacing_m) +
                              " m along the streets",
                          static_cast<std::uint64_t>(n * (kCandidateBytes + district_bytes))}});
  };
  // The reach sets' size from a sample of candidates searched in full (estimate_pairs), checked
  // before every candidate is searched. The candidates are held by then (in the resident part);
  // what follows adds the greedy's state and, with districts, their assignment.
  hooks.before_covers = [=](const CoverStage& s) {
    const PairEstimate est = estimate_pairs(s.graph, s.weights, s.candidates, s.origins, s.threshold);
    if (est.sample == 0) return;
    const auto n = static_cast<double>(s.candidates.size());
    check_memory_budget(max_memory, site_shape(s.sizes, threads),
                        {"the candidates' reach sets are built",
                         {"use a larger {candidate_spacing} or fewer candidates", {"candidate_spacing"}}},
                        {{"greedy over " + format_count(n) + " candidates" + (districts ? " with their districts" : ""),
                          static_cast<std::uint64_t>(n * (kGreedyBytes + district_bytes))},
                         {"reach sets: about " + format_count(est.pairs) + " (candidate, origin) pairs (" +
                              format_count(est.mean) + " per candidate in a sample of " + std::to_string(est.sample) + ")",
                          static_cast<std::uint64_t>(est.pairs * kCoverPairBytes)}});
  };
}

void add_isochrone_budget(IsochroneHooks& hooks, const lifecircle::IsochroneRequest& request, const std::string& max_memory,
                          unsigned threads) {
  hooks.before_drawing = [request, max_memory, threads](const DrawStage& stage) {
    check_isochrone_budget(request, max_memory, threads, stage);
  };
}

void add_reach_budget(ReachHooks& hooks, const lifecircle::ReachRequest& request, const std::string& max_memory,
                      unsigned threads, bool table) {
  const auto thresholds = static_cast<unsigned>(request.thresholds_min.size());
  hooks.before_searches = [k = request.k, thresholds, max_memory, threads, table](const RunSizes& s) {
    check_memory_budget(max_memory, {s.nodes, s.edges, s.origins, s.access_points, s.facilities, s.categories, k, thresholds,
                                     worker_threads(threads), false, table});
  };
}

void add_compare_budget(CompareHooks& hooks, const OriginRequest& origins, const std::string& max_memory, unsigned threads) {
  // The base and the scenario of every category, one count threshold, and the origin_changes
  // table (counted as coverage's tables: every origin may change).
  const auto shape = [threads](const RunSizes& s) {
    RunShape r{s.nodes, s.edges, s.origins, s.origins, s.facilities, 2 * s.categories, 1, 1, worker_threads(threads), true};
    if (s.access_points > 0) r.access_points = s.access_points;
    return r;
  };
  hooks.before_origins = [origins, max_memory, shape](const RunSizes& s, const io::Projector& metric) {
    check_origin_budget(origins, metric, max_memory, shape(s));
  };
  hooks.before_searches = [max_memory, shape](const RunSizes& s) { check_memory_budget(max_memory, shape(s)); };
}

}  // namespace lc::api
