// tools: --max-memory, the memory budget of a `reach` or `coverage` run. Once the network,
// facilities and origins are loaded, their sizes give the peak memory of the rest of the run (the
// searches, the per-origin results and the output tables) with per-node and per-origin costs
// measured on real data (docs/memory.md); a run whose estimate exceeds the budget is refused
// before the searches start, with exit code 2 (the inputs are fine; the options ask for more
// memory than they allow), instead of being killed part way.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace lc::tools {

// "512M", "2G", "1.5G", "800K", "1T", "1073741824" (bytes); K, M, G, T are powers of 1024; an
// optional trailing "B" or "iB" is accepted ("512MB", "2GiB"). Throws UsageError naming `option`.
std::uint64_t parse_memory_size(const std::string& text, const std::string& option);

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
};

struct MemoryEstimate {
  std::uint64_t peak_so_far = 0;  // the most the process has held (reading the inputs)
  std::uint64_t resident = 0;     // what it holds now (inputs, network, snapping index)
  std::uint64_t searches = 0;     // thread-owned search workspaces, weights and anchors
  std::uint64_t results = 0;      // per origin and category, and the output tables
  // The peak of the whole run: loading's, or what is held now plus what the rest adds.
  std::uint64_t total() const { return std::max(peak_so_far, resident + searches + results); }
};

MemoryEstimate estimate_memory(const RunShape& shape, std::uint64_t resident_now, std::uint64_t peak_so_far = 0);

// This process's resident memory now (VmRSS) and its high-water mark (VmHWM), from
// /proc/self/status; 0 where unknown.
struct Resident {
  std::uint64_t now = 0, peak = 0;
};
Resident resident_memory();

// The threads a run uses: --threads, or every core when 0.
unsigned worker_threads(unsigned requested);

// Registers --max-memory on a subcommand.
void add_max_memory_option(CLI::App& cmd, std::string& max_memory);

// Throws UsageError when `max_memory` (as given to --max-memory; empty: no budget) is below the
// estimate for `shape`; logs the estimate otherwise.
void check_memory_budget(const std::string& max_memory, const RunShape& shape);

}  // namespace lc::tools
