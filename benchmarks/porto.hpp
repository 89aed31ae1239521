// lifecircle_bench: the Porto metro walking network (1.0 m/s), loaded once by bench_main.cpp and
// shared with the other benchmark files.
#pragma once

#include <string>

#include "network/graph.hpp"

namespace lc::bench {

struct PortoNetwork {
  const network::Graph* g = nullptr;
  const network::Weights* w = nullptr;
};

// g is nullptr (and error set) when the OSM file is missing or unreadable.
PortoNetwork porto_metro(std::string& error);

}  // namespace lc::bench
