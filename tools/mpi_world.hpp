// tools: the processes of one `lifecircle run` started by mpirun (Open MPI), or just this one.
// MPI is initialised only when mpirun launched us, so a plain run never pays for it; builds
// without MPI see a world of one. Ranks share the output folder (a shared file system on a
// cluster) and coordinate only through the collective calls below.
#pragma once

#include <string>
#include <vector>

namespace lc::tools {

class World {
 public:
  World();   // MPI_Init when launched by mpirun
  ~World();  // MPI_Finalize
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }

  // Collective: true when any rank passes true (a task failed somewhere). A barrier too.
  bool any(bool mine) const;
  // Collective: every rank's text, by rank.
  std::vector<std::string> gather_all(const std::string& mine) const;

  static bool launched_by_mpirun();
  static bool built_with_mpi();

 private:
  int rank_ = 0, size_ = 1;
  bool initialised_ = false;
};

}  // namespace lc::tools
