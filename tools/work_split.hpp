// tools: a job task's processes under `lifecircle run` (a task marked `split = true` when mpirun
// started several ranks): this rank's share of the coverage request's categories, the collective
// exchange of their results (MPI) and whether this rank writes. A plain run is a split of one.
#pragma once

#include "api/work_split.hpp"

namespace lc::tools {

struct WorkSplit {
  int rank = 0, size = 1;
  api::GatherAll gather_all;  // collective: every rank's bytes

  bool writes() const { return rank == 0; }
};

}  // namespace lc::tools
