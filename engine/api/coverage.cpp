// lifecircle::coverage: the coverage pipeline (network, facilities by category, origins and
// units, snapping, per category a nearest search and one bounded search per facility (counts and
// 2SFCA pairs), the result tables, the checklist's measures).
#include "api/coverage_run.hpp"

#include <lifecircle/coverage.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "access/data_quality.hpp"
#include "access/fca.hpp"
#include "access/gap_areas.hpp"
#include "access/coverage.hpp"
#include "api/coverage_inputs.hpp"
#include "api/pipeline.hpp"
#include "api/sources.hpp"
#include "api/tiles.hpp"
#include "core/context.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"
#include "network/snap.hpp"
#include "plan/checklist.hpp"
#include "plan/gap_measures.hpp"
#include "reach/counts.hpp"
#include "reach/nearest.hpp"


namespace lc::api {

namespace {

void validate(const lifecircle::CoverageRequest& r) {
  if (!(r.default_threshold_min > 0)) throw UsageError(Field{"default_threshold"}, "must be > 0 minutes");
  if (r.k < 1 || r.k > 16) throw UsageError(Field{"k"}, "must be between 1 and 16");
  for (double t : r.thresholds_min)
    if (!(t > 0 && t < 1440)) throw UsageError(Field{"thresholds"}, "minutes must be > 0 and < 1440");
  if (!(r.max_snap_m >= 0)) throw UsageError(Field{"max_snap"}, "must be a distance in metres >= 0");
  if (r.speed_mps && !(*r.speed_mps > 0)) throw UsageError(Field{"speed"}, "must be a walking speed in m/s > 0");
  if (!(r.tile_size_m >= 0 && std::isfinite(r.tile_size_m))) throw UsageError(Field{"tile_size"}, "must be a side in metres >= 0 (0: no tiles)");
  if (r.layout != "long" && r.layout != "wide" && r.layout != "both")
    throw UsageError(Field{"layout"}, "expected long, wide or both, got '" + r.layout + "'");
  if (r.share.of < 1 || r.share.part >= r.share.of)
    throw UsageError(Field{"share"}, "part " + std::to_string(r.share.part) + " of " + std::to_string(r.share.of) +
                                         ": the part must be below the number of parts");
}

std::optional<plan::Date> as_of_date(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return plan::parse_date_arg(text);
}

std::string checklist_path(const std::string& given) {
  return given.empty() ? data_path("checklist/wuhai-2023.toml") : given;
}

// 2SFCA and its Gaussian variant over the pairs within the category's threshold: supply is the
// facilities' capacity, demand the people the category serves. The search's pairs are freed once
// converted, so one copy is held while the matrices are built.
void add_fca(access::CategoryResult& c, std::vector<reach::ReachPair>&& found, const std::vector<double>& capacity,
             const access::People& people) {
  std::vector<access::ReachPair> pairs;
  pairs.reserve(found.size());
  for (const auto& p : found) pairs.push_back({p.origin, p.facility, p.cost.seconds().value});
  std::vector<reach::ReachPair>().swap(found);
  std::vector<double> demand(people.size());
  for (std::size_t i = 0; i < demand.size(); ++i) demand[i] = access::served(people, i, c.group, {});
  const double d0 = c.threshold.seconds().value;
  c.fca = access::two_step_fca(pairs, demand, capacity, d0, access::Decay::step).accessibility;
  c.fca_gaussian = access::two_step_fca(pairs, demand, capacity, d0, access::Decay::gaussian).accessibility;
}

// Each category's header: what the tables' descriptions and the completeness rows need before
// any category is searched (its per-origin vectors empty).
std::vector<access::CategoryResult> headers_of(const lifecircle::CoverageRequest& r, const access::Catalog& catalog,
                                               const CategorizedFacilities& fac) {
  std::vector<access::CategoryResult> out;
  for (const auto& [id, members] : fac.members) {
    const Rule rule = rule_for(id, catalog, r.default_threshold_min, r.speed_mps);
    out.push_back({id, rule.threshold, rule.group, rule.level, {}, {}, {}, r.thresholds_min, {}, {}});
  }
  return out;
}

using Consumer = std::function<void(access::CategoryResult&&)>;

// A tiled run's settings: the tiles and the cap within which a tile's nearest times are final.
struct TiledSearch {
  const Tiling* tiling = nullptr;
  Cost cap;
  double fastest = 0;  // m/s: the fastest any edge is walked at any category's speed
};

// The tiles of a run over these categories: the cap is twice the largest category threshold or the
// largest count threshold, whichever is more (2SFCA reaches the facilities within a threshold and
// the people within a threshold of those), and the buffer is the way the fastest edge walks in the
// cap, plus 10 m for the rounding of the snapped points' part-edge costs to whole milliseconds.
Tiling tiling_of(const lifecircle::CoverageRequest& r, const access::Catalog& catalog, const network::Graph& g,
                 const OriginNetwork& on, const std::map<std::string, std::vector<std::uint32_t>>& categories, Cost& cap,
                 double& v) {
  Cost::rep ms = 0;
  for (double t : r.thresholds_min) ms = std::max(ms, Cost::from_seconds({t * 60.0}).ms);
  std::map<double, double> fastest;  // speed -> the fastest walk at it
  for (const auto& [id, members] : categories) {
    const Rule rule = rule_for(id, catalog, r.default_threshold_min, r.speed_mps);
    ms = std::max(ms, static_cast<Cost::rep>(std::min<std::uint64_t>(2ull * rule.threshold.ms, Cost::kMaxFinite)));
    if (!fastest.count(rule.speed)) fastest[rule.speed] = fastest_walk_mps(g, network::make_weights(g, MetresPerSecond{rule.speed}));
  }
  v = 0;
  for (const auto& [speed, mps] : fastest) v = std::max(v, mps);
  cap = Cost{ms};
  const double buffer = v * cap.seconds().value + 10.0;
  Tiling tiling(g, on, r.tile_size_m, buffer);
  log::info("tiles: " + std::to_string(tiling.size()) + " of " + io::format_cell(r.tile_size_m) + " m, buffer " +
            io::format_cell(std::round(buffer)) + " m (nearest within " + io::format_cell(cap.seconds().value / 60.0) +
            " min from the tile, beyond from the whole network)");
  return tiling;
}

// One (category, tile) unit of a tiled run: the tile's searches, then the nearest facility of its
// origins beyond the cap from the whole network's search (made once per category and process,
// in `whole`). The result holds the tile's origins only, in Tiling::origins order.
access::CategoryResult tile_unit(const TiledSearch& tiled, std::size_t tile, const TileCategory& tc, const network::Graph& g,
                                 OriginNetwork& on, const std::vector<std::string>& facility_ids,
                                 std::optional<reach::NearestTable>& whole, const access::People& people) {
  TileResult tr = search_tile(tiled.tiling->piece(tile), tc, people);
  const auto& own = tiled.tiling->origins(tile);
  if (!tr.beyond.empty()) {
    if (!whole) {
      const auto& [w, origins] = on.at(g, tc.speed);
      whole = reach::nearest_facilities(g, w, reach::make_anchors(g, w, *tc.facility_snaps), origins, 1);
    }
    for (auto k : tr.beyond) {
      const auto& best = whole->row(own[k])[0];
      tr.nearest[k] = best.cost;
      tr.nearest_member[k] = best.cost.reachable() ? best.source : kNone;
    }
  }
  access::CategoryResult c;
  c.nearest = std::move(tr.nearest);
  for (auto m : tr.nearest_member) c.nearest_id.push_back(m == kNone ? std::string() : facility_ids[m]);
  c.counts = std::move(tr.counts);
  c.fca = std::move(tr.fca), c.fca_gaussian = std::move(tr.fca_gaussian);
  return c;
}

// Puts one tile's results (tile_unit) at its origins' places in the category's.
void place_tile(access::CategoryResult& c, const access::CategoryResult& part, const std::vector<std::uint32_t>& own) {
  const std::size_t nt = c.threshold_minutes.size();
  for (std::size_t k = 0; k < own.size(); ++k) {
    const std::uint32_t o = own[k];
    c.nearest[o] = part.nearest[k];
    c.nearest_id[o] = part.nearest_id[k];
    for (std::size_t j = 0; j < nt; ++j) c.counts[o * nt + j] = part.counts[k * nt + j];
    c.fca[o] = part.fca[k], c.fca_gaussian[o] = part.fca_gaussian[k];
  }
}

// A category's per-origin results before its tiles are placed: what an origin off the network gets.
void unplaced(access::CategoryResult& c, std::size_t origins) {
  c.nearest.assign(origins, Cost::unreachable());
  c.nearest_id.assign(origins, std::string());
  c.counts.assign(origins * c.threshold_minutes.size(), 0);
  c.fca.assign(origins, 0.0), c.fca_gaussian.assign(origins, 0.0);
}

// Searches every category (this process's share of them) and hands each result to `consume` in
// id order, as it finishes (after the exchange among processes when there is one). Returns the
// speed each category was walked at. Tiled, the share is of (category, tile) units, numbered
// category by category.
std::vector<double> run_categories(const lifecircle::CoverageRequest& r, const access::Catalog& catalog, const network::Graph& g,
                                   const CategorizedFacilities& fac, const std::vector<network::Snap>& fsnap, OriginNetwork& on,
                                   const access::People& people, const CoverageHooks& hooks,
                                   const std::function<void(const access::CategoryResult&, double)>& on_category,
                                   const Consumer& consume, const TiledSearch& tiled = {}) {
  std::vector<Cost> counts_at;
  for (double t : r.thresholds_min) counts_at.push_back(Cost::from_seconds({t * 60.0}));
  CategoryResults mine;
  std::vector<double> speeds;
  std::size_t index = 0;
  const std::size_t tiles = tiled.tiling ? tiled.tiling->size() : 0;
  for (const auto& [id, members] : fac.members) {
    progress::report("category", index + 1, fac.members.size());
    const Rule rule = rule_for(id, catalog, r.default_threshold_min, r.speed_mps);
    speeds.push_back(rule.speed);
    const std::size_t at = index++;
    if (!tiled.tiling && at % r.share.of != r.share.part) continue;  // another process's share
    check_cancelled();
    std::vector<network::Snap> snaps;
    std::vector<double> capacity;
    for (auto i : members) snaps.push_back(fsnap[i]), capacity.push_back(fac.points.capacity[i]);
    access::CategoryResult c{id, rule.threshold, rule.group, rule.level, {}, {}, {}, r.thresholds_min, {}, {}};
    if (tiled.tiling) {
      std::vector<std::string> facility_ids;
      for (auto i : members) facility_ids.push_back(fac.points.ids[i]);
      Cost::rep reach_ms = rule.threshold.ms;
      for (const Cost& t : counts_at) reach_ms = std::max(reach_ms, t.ms);
      const TileCategory tc{rule.speed, rule.threshold, rule.group, &snaps, &capacity, &counts_at, tiled.cap,
                            tiled.fastest * Cost{reach_ms}.seconds().value + 10.0};
      std::optional<reach::NearestTable> whole;
      if (!hooks.gather_all) unplaced(c, people.size());
      for (std::size_t t = 0; t < tiles; ++t) {
        const std::size_t unit = at * tiles + t;
        if (unit % r.share.of != r.share.part) continue;  // another process's unit
        check_cancelled();
        access::CategoryResult part = tile_unit(tiled, t, tc, g, on, facility_ids, whole, people);
        if (hooks.gather_all) {
          part.id = id;
          mine.emplace_back(unit, std::move(part));
        } else {
          place_tile(c, part, tiled.tiling->origins(t));
        }
      }
      log::info("category " + id + ": " + std::to_string(members.size()) + " facilities, threshold " +
                io::format_cell(rule.threshold.seconds().value / 60.0) + " min at " + io::format_cell(rule.speed) + " m/s, " +
                std::to_string(tiles) + " tiles" + (whole ? ", nearest beyond the cap from the whole network" : ""));
      if (!hooks.gather_all) {
        if (on_category) on_category(c, rule.speed);
        consume(std::move(c));
      }
      continue;
    }
    const auto& [w, origins] = on.at(g, rule.speed);
    const auto anchors = reach::make_anchors(g, w, snaps);
    {
      // The tables keep each origin's nearest facility only, so one label per node is searched
      // whatever r.k asks (the k > 1 search gives the same first label, cost and lowest id, at
      // about k times the work: RandomVsBruteForce.KOneAgreesWithKThree).
      const auto res = reach::nearest_facilities(g, w, anchors, origins, 1);
      c.nearest.reserve(origins.origin_count());
      c.nearest_id.reserve(origins.origin_count());
      for (std::uint32_t i = 0; i < origins.origin_count(); ++i) {
        const auto& best = res.row(i)[0];
        c.nearest.push_back(best.cost);
        c.nearest_id.push_back(best.cost.reachable() ? fac.points.ids[members[best.source]] : std::string());
      }
    }
    // One bounded search per facility gives both the counts within each threshold and the 2SFCA
    // pairs within the category's (reach::counts_and_pairs), where two searches were made.
    auto found = reach::counts_and_pairs(g, w, anchors, origins, counts_at, c.threshold);
    c.counts = std::move(found.counts);
    add_fca(c, std::move(found.pairs), capacity, people);
    log::info("category " + id + ": " + std::to_string(members.size()) + " facilities, threshold " +
              io::format_cell(rule.threshold.seconds().value / 60.0) + " min at " + io::format_cell(rule.speed) + " m/s");
    if (on_category) on_category(c, rule.speed);
    if (hooks.gather_all) mine.emplace_back(at, std::move(c));
    else consume(std::move(c));
  }
  if (hooks.gather_all && tiled.tiling) {
    // Every process's units, category by category and tile by tile: each category's tiles placed.
    auto units = exchange_categories(std::move(mine), fac.members.size() * tiles, hooks.gather_all);
    std::size_t at = 0;
    for (const auto& [id, members] : fac.members) {
      const Rule rule = rule_for(id, catalog, r.default_threshold_min, r.speed_mps);
      access::CategoryResult c{id, rule.threshold, rule.group, rule.level, {}, {}, {}, r.thresholds_min, {}, {}};
      unplaced(c, people.size());
      for (std::size_t t = 0; t < tiles; ++t) {
        place_tile(c, units[at * tiles + t], tiled.tiling->origins(t));
        units[at * tiles + t] = access::CategoryResult{};
      }
      ++at;
      if (on_category) on_category(c, rule.speed);
      consume(std::move(c));
    }
  } else if (hooks.gather_all) {
    for (auto& c : exchange_categories(std::move(mine), fac.members.size(), hooks.gather_all)) consume(std::move(c));
  }
  return speeds;
}

// A category's tables are made (and streamed into the file) on a thread of their own while the
// next category is searched: both cores busy, and at most three categories held at once (the one
// searched, the one waiting, the one made into rows) whatever their number. The categories are
// consumed in order, so the tables are those of a sequential run. An exception on either side
// stops both and is thrown from put() or finish().
class Pipeline {
 public:
  explicit Pipeline(const Consumer& consume) : consume_(consume), ctx_(current_context()), worker_([this] { run(); }) {}
  ~Pipeline() { stop(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void put(access::CategoryResult&& c) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !slot_ || error_; });
    if (error_) std::rethrow_exception(error_);
    slot_ = std::move(c);
    cv_.notify_all();
  }
  void finish() {
    stop();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void stop() {
    {
      const std::lock_guard lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
  }
  void run() {
    const ContextScope scope(ctx_);
    for (;;) {
      std::optional<access::CategoryResult> c;
      {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return slot_.has_value() || done_; });
        if (!slot_) return;
        c = std::move(slot_);
        slot_.reset();
      }
      cv_.notify_all();
      try {
        consume_(std::move(*c));
      } catch (...) {
        const std::lock_guard lock(m_);
        error_ = std::current_exception();
        cv_.notify_all();
        return;
      }
    }
  }

  const Consumer& consume_;
  Context& ctx_;
  std::mutex m_;
  std::condition_variable cv_;
  std::optional<access::CategoryResult> slot_;
  bool done_ = false;
  std::exception_ptr error_;
  std::thread worker_;  // last: started once the rest is made
};

// Origins in a part of a streamed layer: one category's rows are handed over in parts this size,
// so that a part's cells, not a category's, are what the rows hold at a time.
constexpr std::size_t kOriginsPerPart = 8192;

// The result tables, category by category: each category's rows of origin_access and gaps (kept,
// or handed to the hooks' stream in parts), its statistics per community and unit, its gap areas;
// with the wide layout each category's nearest times, made into origin_access_wide's rows once the
// last category is in.
class TableBuilder {
 public:
  TableBuilder(const access::People& people, const std::vector<std::string>& area_wkt,
               const std::vector<access::CategoryResult>& headers, const io::Projector& metric,
               const access::GapAreaOptions& gap, const CoverageHooks& hooks, Layout layout)
      : people_(people), hooks_(hooks), headers_(headers), layout_(layout),
        origin_access_(access::origin_access_schema(headers)), gaps_(access::gaps_schema(headers)),
        digest_(origin_access_),
        communities_("community_coverage", "community", access::group_by(people.community, false), people, headers, shares_),
        units_("unit_coverage", "unit", access::group_by(people.unit, true), people, headers, shares_),
        areas_(people, area_wkt, headers, shares_, metric, gap) {
    if (layout_.wide) wide_.emplace(access::origin_wide_schema(headers)), wide_rows_.emplace(headers);
    if (streaming()) {
      std::vector<const io::Table*> layers;
      if (layout_.long_rows) layers.push_back(&origin_access_), layers.push_back(&gaps_);
      if (wide_) layers.push_back(&*wide_);
      hooks_.stream_begin(layers);
    }
  }

  bool streaming() const { return static_cast<bool>(hooks_.stream_rows); }

  // Everything a category adds, in two halves that may run on two threads at once (they share
  // only the category, read): its rows (origin_access, gaps, the styles' digest) and its
  // summaries (coverage per community and unit, gap areas).
  void add(const access::CategoryResult& c) {
    add_rows(c);
    add_summaries(c);
  }

  void add_summaries(const access::CategoryResult& c) {
    communities_.add(c);
    units_.add(c);
    areas_.add(c);
  }

  void add_rows(const access::CategoryResult& c) {
    const std::size_t n = people_.size();
    if (!layout_.long_rows) {
      // origin_access and gaps are both rows per origin and category: the wide layer stands for them.
    } else if (!streaming()) {
      access::add_origin_access_rows(origin_access_, people_, c, shares_);
      access::add_gaps_rows(gaps_, people_, c, shares_);
    } else {
      io::RowBlock part, gaps;
      part.name = origin_access_.name, gaps.name = gaps_.name;
      for (std::size_t first = 0; first < n; first += kOriginsPerPart) {
        const std::size_t last = std::min(n, first + kOriginsPerPart);
        part.clear(), gaps.clear();
        access::add_origin_access_rows(part, people_, c, shares_, first, last);
        hooks_.stream_rows(part);
        access::add_gaps_rows(gaps, people_, c, shares_, first, last);
        if (gaps.size() > 0) hooks_.stream_rows(gaps);
      }
    }
    if (wide_rows_) {
      wide_rows_->add(c);
      if (wide_rows_->complete()) add_wide_rows();
    }
    // What report::layer_styles reads of origin_access: the people beyond each category's
    // threshold (or reaching none), summed over the origins in order, as it sums its rows.
    if (n > 0) {
      double beyond = 0;
      const double T = c.threshold.seconds().value / 60.0;
      for (std::size_t o = 0; o < n; ++o) {
        const bool far = !c.nearest[o].reachable() || c.nearest[o].seconds().value / 60.0 > T;
        beyond += far ? access::served(people_, o, c.group, shares_) : 0.0;
      }
      std::vector<io::Cell> row(digest_.fields.size());
      row[1] = c.id, row[2] = beyond, row[5] = c.threshold.seconds().value;
      digest_.add(std::move(row), people_.wkt_point[0]);
    }
  }

  // origin_access, community_coverage, unit_coverage, gaps, gap_areas, unit_gaps (the streamed
  // ones without rows).
  std::vector<io::Table> tables() {
    std::vector<io::Table> out;
    out.push_back(std::move(origin_access_));
    out.push_back(communities_.table());
    out.push_back(units_.table());
    out.push_back(std::move(gaps_));
    out.push_back(areas_.gap_areas());
    out.push_back(areas_.unit_gaps());
    return out;
  }
  io::Table digest() { return std::move(digest_); }
  // origin_access_wide (its rows, or none when streamed); only with the wide layout.
  std::optional<io::Table> wide() { return std::move(wide_); }

 private:
  // Every category is in: origin_access_wide's rows, in parts of kOriginsPerPart origins when
  // streamed; the nearest times kept for them are then freed.
  void add_wide_rows() {
    const std::size_t n = people_.size();
    io::RowBlock part;
    part.name = wide_->name;
    for (std::size_t first = 0; first < n; first += kOriginsPerPart) {
      part.clear();
      wide_rows_->rows(part, people_, first, std::min(n, first + kOriginsPerPart));
      if (streaming()) hooks_.stream_rows(part);
      else io::append_rows(*wide_, part);
    }
    wide_rows_.reset();
  }

  const access::People& people_;
  const CoverageHooks& hooks_;
  std::vector<access::CategoryResult> headers_;
  Layout layout_;
  access::GroupShares shares_;
  io::Table origin_access_, gaps_, digest_;
  std::optional<io::Table> wide_;
  std::optional<access::WideRows> wide_rows_;
  access::CoverageStats communities_, units_;
  access::GapAreaBuilder areas_;
};

// The plan scenario: the base facilities plus those the plan adds, snapped the same way.
void add_plan_facilities(const lifecircle::FacilitySource& source, const access::Catalog& catalog,
                         const network::Snapper& snapper, const io::Projector& proj, const network::SnapOptions& so,
                         CategorizedFacilities& plan, std::vector<network::Snap>& snaps) {
  CategorizedFacilities added = facilities_of(source, catalog);
  const auto offset = static_cast<std::uint32_t>(plan.points.ids.size());
  for (std::size_t i = 0; i < added.points.ids.size(); ++i) {
    plan.points.ids.push_back(added.points.ids[i]);
    plan.points.categories.push_back(added.points.categories[i]);
    plan.points.lonlat.push_back(added.points.lonlat[i]);
    plan.points.capacity.push_back(added.points.capacity[i]);
  }
  for (const auto& [cat, members] : added.members)
    for (auto i : members) plan.members[cat].push_back(offset + i);
  const auto more = snapper.snap_all(project(proj, added.points.lonlat), so);
  snaps.insert(snaps.end(), more.begin(), more.end());
  log::info("plan scenario: " + std::to_string(added.points.ids.size()) + " facilities added from " +
            (source.path.empty() ? std::string("the plan's points") : source.path));
}

// The data_quality table (access/data_quality.hpp): an origin is on the main component when one
// of its access points lies on the largest (component 0).
io::Table data_quality(const network::Graph& g, const io::Projector& proj, const std::vector<access::Unit>& units,
                       const access::People& people, const OriginNetwork& on, const PointSet& facilities,
                       const std::vector<network::Snap>& facility_snaps) {
  std::vector<bool> main(people.size(), false);
  for (std::size_t o = 0; o + 1 < on.first.size() && o < main.size(); ++o)
    for (auto i = on.first[o]; i < on.first[o + 1]; ++i)
      if (on.snaps[i].snapped() && g.component[g.edge_u[on.snaps[i].edge]] == 0) main[o] = true;
  return access::data_quality_table({g, proj, units, people, main, facilities.lonlat, facility_snaps});
}

}  // namespace

CoverageRun run_coverage(const lifecircle::CoverageRequest& r, const CoverageHooks& hooks,
                         const std::function<void(const access::CategoryResult&, double)>& on_category) {
  validate(r);
  const std::optional<plan::Date> as_of = as_of_date(r.as_of);
  CoverageRun run;
  run.catalog = access::with_walk_profile(access::with_season(catalog_of(r.catalog), r.season), r.network.walk_profile);
  const access::Catalog& catalog = run.catalog;

  run.network = network_of(r.network, r.built);
  const LoadedNetwork& net = run.network->impl().net;
  const network::Graph& g = net.graph;
  log::info("network: " + std::to_string(g.node_count()) + " nodes, " + std::to_string(g.edge_count()) + " edges, " +
            std::to_string(g.component_size.size()) + " components");
  check_cancelled();

  CategorizedFacilities fac = facilities_of(r.facilities, catalog);
  const std::string facilities_name = r.facilities.path.empty() ? "facilities" : r.facilities.path;
  select_categories(r.categories, known_categories(&catalog, fac.members), fac.members, facilities_name);
  if (fac.members.empty()) throw InputError({facilities_name, "", ""}, "no facilities of any category");
  RunSizes sizes{g.node_count(), g.edge_count(), 0, 0, fac.points.ids.size(), fac.members.size(), false};
  if (hooks.before_origins) hooks.before_origins(sizes, *net.projector);
  access::OriginSet set = origins_of(r.origins, *net.projector);
  for (const auto& w : set.warnings) log::warn(w);
  std::vector<std::string> unit_of;
  if (!r.units.empty()) {
    run.units = units_of(r.units);
    unit_of = access::assign_units(set.origins, run.units);
  }
  const std::string& spec = r.origins.path;
  const bool communities = r.origins.grid_cell_m <= 0 && set.origins.size() > 0 && !set.origins.front().wkt.empty() &&
                           r.origins.type != "raster" && !(spec.ends_with(".tif") || spec.ends_with(".tiff"));
  run.people = people_of(set, unit_of, communities);
  access::People& people = run.people;
  check_cancelled();

  const network::Snapper snapper(g);
  const network::SnapOptions so{Metres{r.max_snap_m}, r.min_component};
  OriginNetwork on = snap_origins(set, snapper, *net.projector, so, people);
  const auto fsnap = snapper.snap_all(project(*net.projector, fac.points.lonlat), so);
  sizes.origins = set.origins.size(), sizes.access_points = on.snaps.size();
  sizes.polygon_origins = !set.origins.empty() && !set.origins.front().wkt.empty();
  // The origins are now the people, their snapped access points and their areas: the set itself
  // (about 170 B an origin, with its access points) is freed before the searches are sized.
  std::vector<std::string>& area_wkt = run.area_wkt;
  area_wkt.reserve(set.origins.size());
  for (auto& origin : set.origins) area_wkt.push_back(std::move(origin.wkt));
  std::vector<access::Origin>().swap(set.origins);
  std::vector<std::string>().swap(unit_of);
  if (hooks.before_searches)
    hooks.before_searches({sizes, g, fac, fsnap, on, [&](const std::string& id) {
                             return rule_for(id, catalog, r.default_threshold_min, r.speed_mps);
                           }});
  // Tiled: the tiles' units are dealt out to the processes, whose results only an exchange puts
  // together.
  std::optional<Tiling> tiling;
  TiledSearch tiled;
  if (r.tile_size_m > 0) {
    if (r.share.of > 1 && !hooks.gather_all)
      throw UsageError(Field{"share"}, "a share of a tiled run holds parts of categories: it needs the processes' exchange");
    tiling.emplace(tiling_of(r, catalog, g, on, fac.members, tiled.cap, tiled.fastest));
    tiled.tiling = &*tiling;
  }
  const std::vector<access::CategoryResult> headers = headers_of(r, catalog, fac);
  // A share of the categories searched alone (no exchange completes it): its categories, no tables.
  const bool partial = r.share.of > 1 && !hooks.gather_all;
  const bool make_tables = hooks.tables && !partial;
  std::optional<TableBuilder> builder;
  const Layout layout(r.layout);
  if (make_tables)
    builder.emplace(people, area_wkt, headers, *net.projector, access::GapAreaOptions{r.gap_point_radius_m}, hooks, layout);
  const Consumer consume = [&](access::CategoryResult&& c) {
    if (builder) builder->add(c);
    if (hooks.keep_categories) run.categories.push_back(std::move(c));
  };
  {
    // With more than one thread, the tables are made beside the searches, on two threads of
    // their own: a category's rows are written by one while the other makes its summaries
    // (Pipeline; each keeps the categories' order). The consumers are declared before the
    // pipelines that call them by reference: when the searches throw (cancelled, a bad input), the
    // pipelines are destroyed first, their threads joined, and only then the consumers (the other
    // way round a worker still inside one ran a destroyed function: the crash of a cancelled run).
    Consumer summarise, write;
    std::optional<Pipeline> summaries, rows;
    if (builder && parallel::max_threads() > 1) {
      summarise = [&](access::CategoryResult&& c) {
        builder->add_summaries(c);
        if (hooks.keep_categories) run.categories.push_back(std::move(c));
      };
      summaries.emplace(summarise);
      write = [&](access::CategoryResult&& c) {
        builder->add_rows(c);
        summaries->put(std::move(c));
      };
      rows.emplace(write);
    }
    run.speeds = run_categories(r, catalog, g, fac, fsnap, on, people, hooks, on_category,
                                rows ? Consumer([&](access::CategoryResult&& c) { rows->put(std::move(c)); }) : consume,
                                tiled);
    if (rows) rows->finish();
    if (summaries) summaries->finish();
  }
  if (partial) {  // the speeds of this share's categories only, parallel to them
    std::vector<double> speeds;
    for (std::size_t i = r.share.part; i < run.speeds.size(); i += r.share.of) speeds.push_back(run.speeds[i]);
    run.speeds = std::move(speeds);
    return run;
  }
  // The plan scenario: the base facilities plus those the plan adds; only its unit coverage is kept.
  // Every process searches (the exchange is collective), the one that writes keeps the table.
  std::optional<io::Table> plan_coverage;
  if (!r.plan_facilities.path.empty() || !r.plan_facilities.points.empty()) {
    CategorizedFacilities plan = fac;
    std::vector<network::Snap> plan_snaps = fsnap;
    add_plan_facilities(r.plan_facilities, catalog, snapper, *net.projector, so, plan, plan_snaps);
    access::CoverageStats stats("plan_unit_coverage", "unit", access::group_by(people.unit, true), people,
                                headers_of(r, catalog, plan), access::GroupShares{});
    std::optional<Tiling> plan_tiling;
    TiledSearch plan_tiled;
    if (r.tile_size_m > 0) {
      plan_tiling.emplace(tiling_of(r, catalog, g, on, plan.members, plan_tiled.cap, plan_tiled.fastest));
      plan_tiled.tiling = &*plan_tiling;
    }
    run_categories(r, catalog, g, plan, plan_snaps, on, people, hooks, {}, [&](access::CategoryResult&& c) {
      if (make_tables) stats.add(c);
    }, plan_tiled);
    plan_coverage = stats.table();
  }
  if (!make_tables) return run;
  std::vector<io::Table>& tables = run.tables;
  tables = builder->tables();
  if (builder->streaming()) run.style_digest = builder->digest();
  std::optional<io::Table> wide = builder->wide();
  builder.reset();
  access::attach_outlines(tables, people, area_wkt, run.units);
  tables.push_back(data_quality(g, *net.projector, run.units, people, on, fac.points, fsnap));
  run.facilities = std::move(fac);
  // Every gap linked to the checklist measures meant to close it, and the measures' progress.
  std::vector<std::string> ids;
  for (const auto& c : catalog.categories) ids.push_back(c.id);
  const plan::Checklist checklist = plan::load_checklist(checklist_path(r.checklist), ids);
  const plan::Date date = as_of.value_or(checklist.published);
  const io::Table& unit_coverage = tables[2];
  tables.push_back(plan::gap_measures_table(unit_coverage, catalog, checklist, date));
  tables.push_back(plan::progress_table(checklist, catalog, unit_coverage, plan_coverage ? &*plan_coverage : nullptr, date));
  run.gap_report = plan::gap_report_markdown(tables[tables.size() - 2], checklist, date);
  // Thin data first: a reader of the gaps learns before them that some may be missing streets.
  if (const std::string thin = access::thin_data_text(access::thin_data(tables[tables.size() - 3])); !thin.empty()) {
    std::string quote = "> **数据较薄 Thin data** (data_quality)\n";
    for (std::size_t a = 0, b = 0; a <= thin.size(); a = b + 1) {
      b = std::min(thin.find('\n', a), thin.size());
      quote += ">\n> " + thin.substr(a, b - a) + "\n";
    }
    run.gap_report = quote + "\n" + run.gap_report;
  }
  if (plan_coverage) tables.push_back(std::move(*plan_coverage));
  run.summary = access::summary_table(tables[2]);
  // The layout: origin_access and gaps (rows per origin and category) dropped when only the wide
  // layer is asked for, which comes last.
  if (!layout.long_rows)
    std::erase_if(tables, [](const io::Table& t) { return t.name == "origin_access" || t.name == "gaps"; });
  if (wide) tables.push_back(std::move(*wide));
  return run;
}

lifecircle::CategoryCoverage public_category(const access::CategoryResult& c, double speed) {
  lifecircle::CategoryCoverage out{c.id, c.threshold.seconds().value, speed, group_name(c.group), c.level,
                                   {}, c.nearest_id, c.threshold_minutes, c.counts, c.fca, c.fca_gaussian};
  out.nearest_s.reserve(c.nearest.size());
  for (const Cost& t : c.nearest)
    out.nearest_s.push_back(t.reachable() ? t.seconds().value : std::numeric_limits<double>::quiet_NaN());
  return out;
}

}  // namespace lc::api

namespace lifecircle {

const Table* CoverageResult::table(const std::string& name) const {
  for (const auto& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

CoverageResult coverage(Context& ctx, const CoverageRequest& request, const CategorySink& on_category) {
  const lc::ContextScope scope(ctx);
  const lc::io::GdalErrorScope gdal_errors;
  std::function<void(const lc::access::CategoryResult&, double)> sink;
  if (on_category) sink = [&](const lc::access::CategoryResult& c, double speed) { on_category(lc::api::public_category(c, speed)); };
  lc::api::CoverageRun run = lc::api::run_coverage(request, {}, sink);
  CoverageResult out;
  out.origin_ids = run.people.id;
  out.population = run.people.population;
  out.snapped = run.people.snapped;
  for (std::size_t i = 0; i < run.categories.size(); ++i)
    out.categories.push_back(lc::api::public_category(run.categories[i], run.speeds[i]));
  for (const auto& t : run.tables) out.tables.push_back(lc::api::public_table(t));
  if (run.summary) out.summary = lc::api::public_table(*run.summary);
  out.gap_report = std::move(run.gap_report);
  return out;
}

}  // namespace lifecircle
