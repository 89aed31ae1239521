#include "mpi_world.hpp"

#include <cstdlib>

#ifdef LIFECIRCLE_HAVE_MPI
#include <mpi.h>
#endif

namespace lc::tools {

bool World::built_with_mpi() {
#ifdef LIFECIRCLE_HAVE_MPI
  return true;
#else
  return false;
#endif
}

// Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMI_SIZE / PMIX_RANK cover srun and other launchers.
bool World::launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

World::World() {
#ifdef LIFECIRCLE_HAVE_MPI
  if (!launched_by_mpirun()) return;
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) MPI_Init(nullptr, nullptr), initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

World::~World() {
#ifdef LIFECIRCLE_HAVE_MPI
  if (initialised_) MPI_Finalize();
#endif
}

bool World::any(bool mine) const {
#ifdef LIFECIRCLE_HAVE_MPI
  if (size_ > 1) {
    int in = mine ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return out != 0;
  }
#endif
  return mine;
}

std::vector<std::string> World::gather_all(const std::string& mine) const {
#ifdef LIFECIRCLE_HAVE_MPI
  if (size_ > 1) {
    int n = static_cast<int>(mine.size());
    std::vector<int> sizes(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
    MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size_; ++r) offsets[static_cast<std::size_t>(r)] = total, total += sizes[static_cast<std::size_t>(r)];
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Allgatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
    std::vector<std::string> out;
    for (int r = 0; r < size_; ++r)
      out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                               static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
    return out;
  }
#endif
  return {mine};
}

}  // namespace lc::tools
