// api: the memory budget of a run (`max_memory`; the command line's --max-memory). Before each
// stage that grows with the inputs (origins generated on a grid or read from a raster, candidate
// sites, their reach sets, the searches, the per-origin results and the output tables), the sizes
// known by then give the peak memory of the rest of the run, with per-node, per-origin and per-cell costs measured on real
// data (docs/memory.md). A run whose estimate exceeds the budget is refused before that stage,
// with exit code 2 (the inputs are fine; the options ask for more memory than they allow), instead
// of being killed part way or taking the machine. Without a limit the budget is 80% of the
// machine's memory (or of the cgroup's limit when lower): a fat-fingered grid cell of 1 m is
// refused at once, and a limit SIZE allows more. Messages name the fields they are about
// ({max_memory}, {grid_cell}: UsageError::wording), which a client words as its own options.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "network/graph.hpp"
#include "reach/anchor.hpp"

#include "core/error.hpp"

namespace lc::api {

// "512M", "2G", "1.5G", "800K", "1T", "1073741824" (bytes); K, M, G, T are powers of 1024; an
// optional trailing "B" or "iB" is accepted ("512MB", "2GiB"). Throws UsageError naming `field`.
std::uint64_t parse_memory_size(const std::string& text, const std::string& field = "max_memory");

// "1.3 GiB", "512 MiB", "900 KiB", "12 B".
std::string format_bytes(std::uint64_t bytes);

// What a run holds once its inputs are loaded.
struct RunShape {
  std::size_t nodes = 0, edges = 0;
  std::size_t origins = 0;       // origins (rows of the result)
  std::size_t access_points = 0; // snapped points of the origins (entrances); origins if none
  std::size_t facilities = 0;
  std::size_t categories = 0;
  unsigned k = 1, thresholds = 0, threads = 1;
  bool tables = false;       // coverage: every result kept for the output tables
  bool reach_table = false;  // reach to a GeoPackage, GeoJSON or FlatGeobuf: every row kept until written
  bool streamed = false;     // coverage: origin_access and gaps written as each category finishes (or not
                             // made), so that one category's results and rows are held at a time
  bool wide = false;         // coverage: origin_access_wide made (each category's nearest times kept until
                             // the last is in, then its rows: in parts when streamed, whole otherwise)
  bool long_rows = true;     // coverage: origin_access and gaps made (the long layout, or both)
  bool polygon_origins = false;  // coverage: origins are areas (grid or raster cells, communities), whose
                                 // outlines the tables and gap areas carry once per origin
};

// Memory a stage adds that the shape does not cover (the grid cells being generated, candidate
// sites and their reach sets), with what it is: "grid of about 1,700,000 cells of 1 m over 1.7 km2".
struct EstimatePart {
  std::string what;
  std::uint64_t bytes = 0;
};

struct MemoryEstimate {
  std::uint64_t peak_so_far = 0;  // the most the process has held (reading the inputs)
  std::uint64_t resident = 0;     // what it holds now (inputs, network, snapping index)
  std::uint64_t searches = 0;     // thread-owned search workspaces, weights and anchors
  std::uint64_t results = 0;      // per origin and category, and the output tables
  std::vector<EstimatePart> extra;  // what the stage adds besides
  std::uint64_t extra_bytes() const {
    std::uint64_t n = 0;
    for (const auto& p : extra) n += p.bytes;
    return n;
  }
  // The peak of the whole run: loading's, or what is held now plus what the rest adds.
  std::uint64_t total() const { return std::max(peak_so_far, resident + searches + results + extra_bytes()); }
};

MemoryEstimate estimate_memory(const RunShape& shape, std::uint64_t resident_now, std::uint64_t peak_so_far = 0,
                               std::vector<EstimatePart> extra = {});

// The machine's memory: physical RAM, or the cgroup's limit (v2 memory.max, v1
// memory.limit_in_bytes) when lower; 0 where unknown.
std::uint64_t machine_memory();

// What a run may use: max_memory SIZE, or 80% of machine_memory() when not given.
struct MemoryLimit {
  std::uint64_t bytes = 0;       // 0: no limit known (no max_memory and the machine's memory unknown)
  std::string given;             // the max_memory value as given; "" for the machine's default
  std::uint64_t machine = 0;     // machine_memory(), for the message
};
// Throws UsageError on a malformed SIZE.
MemoryLimit memory_limit(const std::string& max_memory);

// The stage a check comes before, for the message: "the grid origins are generated", with what
// would make the run smaller ("use a larger {grid_cell}", its fields marked).
struct Stage {
  std::string before = "the searches start";
  FieldText advice{"use fewer {threads}, or split the origins", {"threads"}};
};

// This process's resident memory now (VmRSS) and its high-water mark (VmHWM), from
// /proc/self/status; 0 where unknown.
struct Resident {
  std::uint64_t now = 0, peak = 0;
};
Resident resident_memory();

// The threads a run uses: `threads`, or every core when 0.
unsigned worker_threads(unsigned requested);

// Throws UsageError when the estimate for `shape` (and `extra`) exceeds the limit: `max_memory` as
// given, or 80% of the machine's memory when it is empty. The message names the stage, the
// estimate by parts, the limit and how to allow more. With a limit given, a run that fits logs
// its estimate.
void check_memory_budget(const std::string& max_memory, const RunShape& shape, const Stage& stage = {},
                         std::vector<EstimatePart> extra = {});

// Whether the estimate for `shape` (and `extra`) is within the limit, without a word: for a
// stage that can make a closer estimate, at a cost, only when the quick one does not fit.
bool fits_memory_budget(const std::string& max_memory, const RunShape& shape, std::vector<EstimatePart> extra = {});

// The (facility, origin) pairs within `limit` of `facilities`, estimated before they are all
// searched: up to 64 facilities, evenly spread, are searched in full and their mean number of
// pairs is multiplied by the facilities' count. For stages that hold every pair at once (site's
// reach sets, coverage's 2SFCA).
struct PairEstimate {
  double pairs = 0;         // estimated pairs of all facilities
  double mean = 0;          // pairs per facility in the sample
  std::size_t sample = 0;   // facilities searched
};
PairEstimate estimate_pairs(const network::Graph& g, const network::Weights& w,
                            const std::vector<reach::Anchor>& facilities, const reach::OriginAnchors& origins,
                            Cost limit);

// "1,712,345": counts in messages.
std::string format_count(double n);

}  // namespace lc::api
