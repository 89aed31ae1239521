// tools: one command's per-category work shared among the processes of a job. `lifecircle run`
// gives the split to a task marked `split = true` when mpirun started several ranks (its commands
// are set up with it, add_task_commands; no process-wide state): each rank computes every size-th
// category (the request's share), the results are exchanged so that every rank holds all of them
// in the same order, and only rank 0 writes. A plain run is a split of one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "access/coverage.hpp"

namespace lc::tools {

struct WorkSplit {
  int rank = 0, size = 1;
  std::function<std::vector<std::string>(const std::string&)> gather_all;  // collective: every rank's bytes

  bool writes() const { return rank == 0; }
};

// Every rank's category results, in category order; `computed` holds this rank's, each tagged
// with its index in that order. Collective when the split has several ranks.
std::vector<access::CategoryResult> exchange_categories(
    std::vector<std::pair<std::size_t, access::CategoryResult>> computed, std::size_t total,
    const WorkSplit& split = WorkSplit{});

// Bytes of a list of (index, result) and back; exposed for the round-trip test.
std::string encode_categories(const std::vector<std::pair<std::size_t, access::CategoryResult>>& results);
std::vector<std::pair<std::size_t, access::CategoryResult>> decode_categories(const std::string& bytes);

}  // namespace lc::tools
