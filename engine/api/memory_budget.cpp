// api: the memory estimate and check (max_memory). The costs below were measured with VmHWM on the
// Porto metro extract (docs/memory.md: runs, figures and how far the estimate lands from them).
#include "api/memory_budget.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <unistd.h>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "reach/counts.hpp"

namespace lc::api {

namespace {

// Bytes per network node held by one thread's search workspace (labels, heap, touched list).
constexpr double kSearchPerNodePerThread = 48;
// Bytes per node and per edge for the edge weights built per walking speed.
constexpr double kWeightsPerEdge = 8;
// Bytes per origin and category: nearest labels (8 bytes per k), counts (4 per threshold), and
// for coverage the rows of the output tables (origin_access, gaps) built from them.
constexpr double kResultPerOriginCategory = 64;
constexpr double kLabelBytes = 8, kCountBytes = 4;
constexpr double kTablesPerOriginCategory = 1400;
// Per area origin, once: its outline in the tables and the GEOS work of the gap areas (measured
// 2.4 KiB on 56,763 raster cells of Wuhan at one category, docs/memory.md).
constexpr double kTablesPerPolygonOrigin = 2048;
// reach's rows held for a GeoPackage (measured 905 B a row on Porto metro: 442,812 rows, 382 MiB).
constexpr double kReachRowPerOriginCategory = 950;
// coverage streamed (a new GeoPackage --out, or only --summary): what is held grows with the
// origins, not the categories. Per origin once: its cells in the part of rows being written, its
// completeness flags, its point in the file, the gap areas' rows, and for an area origin
// (kStreamedPerAreaOrigin) its gap shape kept as the shell's coordinates and the GEOS polygon made
// of it for the category being merged; per origin and category only the labels, counts and 2SFCA
// of the categories in flight (two with more than one thread: the one searched and the one made
// into rows; one on one thread); and SQLite's page cache (64 MiB), the R-tree buffer and the
// threads' allocator arenas, which fill with the rows written (about 200 B a row) up to about
// kStreamedFixed. On one thread the tables are made between the searches, by the same thread
// (no Pipeline), and much of the per-origin part (the rows in flight between the threads, the
// arenas of the two table threads) is not there: kStreamedPerOriginOneThread. Measured on the
// synthetic metropolis (40,000 to 6.3 M raster cells, 24 categories, docs/memory.md).
constexpr double kStreamedPerOrigin = 450;
constexpr double kStreamedPerOriginOneThread = 60;
constexpr double kStreamedPerAreaOrigin = 350;
constexpr double kStreamedRowBytes = 200;
constexpr double kStreamedFixed = 104.0 * 1024 * 1024;
// The wide layout (origin_access_wide): each category's nearest time kept per origin until the last
// category is in (a Cost, 4 bytes), and, when the tables are built whole, the layer's two cells per
// origin and category (io::Cell, 40 bytes each, and their share of the row's vector).
constexpr double kWideKeptPerOriginCategory = 4;
constexpr double kWideRowPerOriginCategory = 88;
// Bytes per access point for its anchors at each speed.
constexpr double kAnchorPerPoint = 64;

}  // namespace

std::uint64_t parse_memory_size(const std::string& text, const std::string& field) {
  const auto bad = [&] {
    return UsageError(Field{field}, "expected a size such as 512M or 2G (K, M, G, T = 1024^1..4 bytes), got '" + text + "'");
  };
  std::string_view s = trim(text);
  double value = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
  if (r.ec != std::errc{} || r.ptr == s.data()) throw bad();
  std::string unit(trim(std::string_view(r.ptr, static_cast<std::size_t>(s.data() + s.size() - r.ptr))));
  for (char& c : unit) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (unit.size() == 3 && unit.substr(1) == "IB") unit.resize(1);
  else if (unit.size() == 2 && unit[1] == 'B') unit.resize(1);
  static const std::string kUnits = "BKMGT";
  const auto power = unit.empty() ? 0 : kUnits.find(unit);
  if (unit.size() > 1 || power == std::string::npos) throw bad();
  const double bytes = value * std::pow(1024.0, static_cast<double>(power));
  if (!std::isfinite(bytes) || bytes < 1 || bytes >= 9.2e18) throw bad();
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* kNames[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int i = 0;
  while (v >= 1024 && i < 4) v /= 1024, ++i;
  char buf[32];
  std::snprintf(buf, sizeof buf, i == 0 ? "%.0f %s" : "%.1f %s", v, kNames[i]);
  return buf;
}

MemoryEstimate estimate_memory(const RunShape& s, std::uint64_t resident_now, std::uint64_t peak_so_far,
                               std::vector<EstimatePart> extra) {
  const double nodes = static_cast<double>(s.nodes), edges = static_cast<double>(s.edges);
  const double origins = static_cast<double>(s.origins), cats = static_cast<double>(s.categories);
  const double points = static_cast<double>(s.access_points > 0 ? s.access_points : s.origins);
  const double threads = s.threads > 0 ? s.threads : 1;
  MemoryEstimate e;
  e.peak_so_far = peak_so_far;
  e.resident = resident_now;
  e.extra = std::move(extra);
  e.searches = static_cast<std::uint64_t>(nodes * kSearchPerNodePerThread * threads + edges * kWeightsPerEdge * 2 +
                                          points * kAnchorPerPoint);
  const double per_result = kResultPerOriginCategory + kLabelBytes * s.k + kCountBytes * s.thresholds +
                            (s.tables ? kTablesPerOriginCategory : 0);
  // reach writes each category of a CSV before the next; coverage, and reach into any other
  // format, keep every category for the tables.
  if (s.tables && s.streamed) {
    const double one_category = kResultPerOriginCategory + kLabelBytes * s.k + kCountBytes * s.thresholds;
    const bool pipelined = threads > 1;
    // The page cache and the arenas fill with the rows written, up to their size: a row per origin
    // and category in the long layout, a row per origin in the wide one.
    const double rows = (s.long_rows ? origins * cats : 0.0) + (s.wide ? origins : 0.0);
    const double fixed = std::min(kStreamedFixed, rows * kStreamedRowBytes);
    e.results = static_cast<std::uint64_t>(
        origins * ((pipelined ? 2 : 1) * one_category + (pipelined ? kStreamedPerOrigin : kStreamedPerOriginOneThread)) +
        (s.polygon_origins ? origins * kStreamedPerAreaOrigin : 0.0) + fixed +
        (s.wide ? origins * cats * kWideKeptPerOriginCategory : 0.0));
    return e;
  }
  e.results = s.reach_table ? static_cast<std::uint64_t>(origins * cats * (per_result + kReachRowPerOriginCategory))
                            : static_cast<std::uint64_t>(origins * per_result * (s.tables ? cats : 1.0) +
                                                         (s.tables && s.polygon_origins ? origins * kTablesPerPolygonOrigin : 0.0) +
                                                         (s.tables && s.wide ? origins * cats * (kWideKeptPerOriginCategory + kWideRowPerOriginCategory) : 0.0));
  return e;
}

Resident resident_memory() {
  std::ifstream status("/proc/self/status");
  Resident r;
  for (std::string key; status >> key;) {
    std::uint64_t kib = 0;
    if (key == "VmRSS:" && status >> kib) r.now = kib * 1024;
    else if (key == "VmHWM:" && status >> kib) r.peak = kib * 1024;
    status.ignore(1 << 16, '\n');
  }
  return r;
}

unsigned worker_threads(unsigned requested) {
  return requested > 0 ? requested : parallel::max_threads();
}

namespace {

// A number in a /sys or /proc file; 0 when absent or "max" (no limit).
std::uint64_t read_number(const char* path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text)) return 0;
  std::uint64_t v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  return r.ec == std::errc{} ? v : 0;
}

// The share of the machine a run may take without a limit given.
constexpr double kDefaultShare = 0.8;

}  // namespace

std::uint64_t machine_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::uint64_t m = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
  // A container's limit is lower than the host's RAM; v1 reports a huge number for "no limit".
  for (const char* cgroup : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"})
    if (const std::uint64_t limit = read_number(cgroup); limit > 0 && (m == 0 || limit < m)) m = limit;
  return m;
}

MemoryLimit memory_limit(const std::string& max_memory) {
  MemoryLimit l;
  l.machine = machine_memory();
  if (!max_memory.empty()) {
    l.given = max_memory;
    l.bytes = parse_memory_size(max_memory);
  } else {
    l.bytes = static_cast<std::uint64_t>(kDefaultShare * static_cast<double>(l.machine));
  }
  return l;
}

PairEstimate estimate_pairs(const network::Graph& g, const network::Weights& w,
                            const std::vector<reach::Anchor>& facilities, const reach::OriginAnchors& origins,
                            Cost limit) {
  constexpr std::size_t kSample = 64;
  const std::size_t step = std::max<std::size_t>(1, facilities.size() / kSample);
  std::vector<reach::Anchor> sample;
  for (std::size_t i = 0; i < facilities.size(); i += step) sample.push_back(facilities[i]);
  if (sample.empty()) return {};
  const double mean = static_cast<double>(reach::pairs_within(g, w, sample, origins, limit).size()) /
                      static_cast<double>(sample.size());
  return {mean * static_cast<double>(facilities.size()), mean, sample.size()};
}

std::string format_count(double n) {
  std::string digits = std::to_string(static_cast<unsigned long long>(std::max(0.0, std::round(n))));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

bool fits_memory_budget(const std::string& max_memory, const RunShape& shape, std::vector<EstimatePart> extra) {
  const MemoryLimit limit = memory_limit(max_memory);
  const Resident held = resident_memory();
  return limit.bytes == 0 || estimate_memory(shape, held.now, held.peak, std::move(extra)).total() <= limit.bytes;
}

void check_memory_budget(const std::string& max_memory, const RunShape& shape, const Stage& stage,
                         std::vector<EstimatePart> extra) {
  const MemoryLimit limit = memory_limit(max_memory);
  if (limit.bytes == 0) return;  // no limit given and the machine's size unknown: nothing to hold the run to
  const Resident held = resident_memory();
  const MemoryEstimate e = estimate_memory(shape, held.now, held.peak, std::move(extra));
  std::string detail = "(peak while reading the inputs: " + format_bytes(e.peak_so_far) +
                       "; inputs and network held: " + format_bytes(e.resident);
  for (const auto& part : e.extra) detail += "; " + part.what + ": " + format_bytes(part.bytes);
  detail += "; searches over " + format_count(static_cast<double>(shape.nodes)) + " nodes and " +
            format_count(static_cast<double>(shape.access_points > 0 ? shape.access_points : shape.origins)) +
            " access points on " + std::to_string(shape.threads) + " threads: " + format_bytes(e.searches);
  if (shape.origins > 0)  // a stage before the origins exist checks them later
    detail += "; results for " + format_count(static_cast<double>(shape.origins)) + " origins x " +
              std::to_string(shape.categories) + " categories: " + format_bytes(e.results);
  detail += ")";
  const std::string when = ", estimated before " + stage.before;
  if (e.total() > limit.bytes) {
    std::vector<std::string> fields = stage.advice.names;
    fields.push_back("max_memory");
    if (!limit.given.empty())
      throw UsageError(FieldText{"{max_memory} " + limit.given + ": this run needs about " + format_bytes(e.total()) +
                                     when + " " + detail + "; raise {max_memory} to allow more, or " + stage.advice.text,
                                 fields});
    throw UsageError(FieldText{"this run needs about " + format_bytes(e.total()) + when + " " + detail +
                                   ", more than 80% of this machine's memory (" + format_bytes(limit.bytes) + " of " +
                                   format_bytes(limit.machine) + "); pass {max_memory} SIZE to allow more, or " +
                                   stage.advice.text,
                               fields});
  }
  if (!limit.given.empty())
    log::info("memory: about " + format_bytes(e.total()) + " of " + format_bytes(limit.bytes) + when + " " + detail);
}

}  // namespace lc::api
