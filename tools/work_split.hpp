// tools: one command's per-category work shared among the processes of a job. `lifecircle run`
// sets the split around a task marked `split = true` when mpirun started several ranks: each
// rank computes every size-th category, the results are exchanged so that every rank holds all
// of them in the same order, and only rank 0 writes. A plain run is a split of one.
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

  bool mine(std::size_t index) const { return size <= 1 || static_cast<int>(index % static_cast<std::size_t>(size)) == rank; }
  bool writes() const { return rank == 0; }
};

WorkSplit& current_split();

// Every rank's category results, in category order; `computed` holds this rank's, each tagged
// with its index in that order. Collective when the split has several ranks.
std::vector<access::CategoryResult> exchange_categories(
    std::vector<std::pair<std::size_t, access::CategoryResult>> computed, std::size_t total);

// Bytes of a list of (index, result) and back; exposed for the round-trip test.
std::string encode_categories(const std::vector<std::pair<std::size_t, access::CategoryResult>>& results);
std::vector<std::pair<std::size_t, access::CategoryResult>> decode_categories(const std::string& bytes);

}  // namespace lc::tools
